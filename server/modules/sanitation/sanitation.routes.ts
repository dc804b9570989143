import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fenToYuan } from '../../../common/money';
import { ReviewInput } from '../../../common/points/schemas';
import {
  Bill,
  BillingRunInput,
  CampaignInput,
  CampaignList,
  CleanupInput,
  CleanupList,
  CleanupReportInput,
  Disclosure,
  FundExpenseInput,
  FundIncomeInput,
  FundMovement,
  HouseholdInspections,
  HouseholdPledge,
  InspectionInput,
  Payment,
  PaymentInput,
  PledgeInput,
  PledgeStatus,
  RedBlackLists,
  ReverseInput,
  SanitationSettings,
  ScoreResult,
} from '../../../common/sanitation/schemas';
import { AppError } from '../../core/errors';
import { attachmentHeader, streamLedger, XLSX_TYPE } from '../../core/excel/excel-writer';
import { requireActor, setNoStore } from '../../core/http/context';
import {
  arrears,
  getSanitationSettings,
  householdBills,
  listRuns,
  MIDMONTH_RULE_ZH,
  runBilling,
  saveSanitationSettings,
} from './billing.service';
import { createCleanup, listCleanups, reportCleanup } from './cleanup.service';
import { decideExpense, disclosure, listMovements, recordIncome, submitExpense } from './fund.service';
import {
  createCampaign,
  householdInspections,
  listCampaigns,
  redBlackLists,
  scoreHousehold,
} from './inspection.service';
import { collect, getPayment, listPayments, reversePayment } from './payments.service';
import { householdPledge, pledgeStatus, signPledge } from './pledge.service';

const Id = z.object({ id: z.coerce.number().int().positive() });
const HouseholdParam = z.object({ householdId: z.coerce.number().int().positive() });
const tags = ['sanitation'];
const KEY = /^[A-Za-z0-9_\-:.]{8,128}$/;
const Month = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM') });

export async function sanitationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = () => app.deps;

  r.get(
    '/api/v1/sanitation/settings',
    {
      schema: {
        tags,
        summary: '本镇一元治理设置（含月中变动规则的说明）',
        response: {
          200: SanitationSettings.extend({ pledgeVersion: z.number().int(), midmonthRuleText: z.string() }),
        },
      },
    },
    async (req) => {
      const s = await getSanitationSettings(deps().db.q, requireActor(req).scope.code.slice(0, 9));
      return { ...s, midmonthRuleText: MIDMONTH_RULE_ZH[s.midmonthRule] };
    },
  );
  r.put(
    '/api/v1/sanitation/settings',
    {
      schema: {
        tags,
        summary: '修改一元治理设置',
        body: SanitationSettings,
        response: { 200: SanitationSettings.extend({ pledgeVersion: z.number().int() }) },
      },
    },
    async (req) => saveSanitationSettings(deps(), requireActor(req), req.body),
  );

  r.post(
    '/api/v1/sanitation/billing-runs',
    {
      schema: {
        tags,
        summary: '按月出账（每户每月一张，重复运行不变）',
        body: BillingRunInput,
        response: {
          200: z.object({
            runId: z.number().int(),
            month: z.string(),
            households: z.number().int(),
            created: z.number().int(),
            unchanged: z.number().int(),
            amountFen: z.number().int(),
            creditAppliedFen: z.number().int(),
          }),
        },
      },
    },
    async (req) => runBilling(deps(), requireActor(req), req.body.month),
  );
  r.get(
    '/api/v1/sanitation/billing-runs',
    {
      schema: {
        tags,
        summary: '本镇最近的出账记录（每月自动出账一次，也可手动补出）',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(24) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                month: z.string(),
                bills: z.number().int(),
                amountFen: z.number().int(),
                by: z.string(),
                at: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => listRuns(deps(), requireActor(req), req.query.limit),
  );
  r.get(
    '/api/v1/sanitation/households/:householdId/bills',
    {
      schema: {
        tags,
        summary: '一户的卫生费账单（已缴、欠缴、预缴余额）',
        params: HouseholdParam,
        response: {
          200: z.object({
            householdId: z.number().int(),
            householdName: z.string(),
            owedFen: z.number().int(),
            creditFen: z.number().int(),
            bills: z.array(Bill),
          }),
        },
      },
    },
    async (req) => householdBills(deps(), requireActor(req), req.params.householdId),
  );
  r.get(
    '/api/v1/sanitation/arrears',
    {
      schema: {
        tags,
        summary: '欠费：按村、组统计，detail=1 列出各户（催缴名单）',
        querystring: z.object({
          village: z
            .string()
            .regex(/^(\d{12}|\d{15})$/, '请选择村（12 位代码）或村民小组（15 位代码）')
            .optional(),
          detail: z.enum(['0', '1']).default('0'),
        }),
        response: {
          200: z.object({
            groups: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                villageName: z.string(),
                households: z.number().int(),
                months: z.number().int(),
                owedFen: z.number().int(),
              }),
            ),
            totalFen: z.number().int(),
            households: z.array(
              z.object({
                householdId: z.number().int(),
                householdName: z.string(),
                householdNumber: z.string(),
                orgCode: z.string(),
                orgName: z.string(),
                months: z.number().int(),
                since: z.string(),
                owedFen: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async (req) =>
      arrears(deps(), requireActor(req), { village: req.query.village, detail: req.query.detail === '1' }),
  );

  r.post(
    '/api/v1/sanitation/payments',
    {
      schema: {
        tags,
        summary: '收卫生费（必须带 Idempotency-Key）：先抵最早的欠费，多余的作为预缴',
        body: PaymentInput,
        response: { 201: Payment },
      },
      config: { idempotency: 'service' },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string') throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
      if (!KEY.test(key)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
      const { payment, replayed } = await collect(deps(), requireActor(req), { ...req.body, key });
      if (replayed) reply.header('idempotent-replayed', 'true');
      setNoStore(reply);
      return reply.code(201).send(payment);
    },
  );
  r.get(
    '/api/v1/sanitation/payments',
    {
      schema: {
        tags,
        summary: '收款记录',
        querystring: z.object({
          householdId: z.coerce.number().int().positive().optional(),
          date: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional(),
        }),
        response: { 200: z.object({ items: z.array(Payment) }) },
      },
    },
    async (req) => ({ items: await listPayments(deps(), requireActor(req), req.query) }),
  );
  r.get(
    '/api/v1/sanitation/payments/:id',
    { schema: { tags, summary: '收据（金额含大写）', params: Id, response: { 200: Payment } } },
    async (req) => getPayment(deps(), requireActor(req), req.params.id),
  );
  r.post(
    '/api/v1/sanitation/payments/:id/reverse',
    {
      schema: {
        tags,
        summary: '冲正一笔收款（写明原因）',
        params: Id,
        body: ReverseInput,
        response: { 200: Payment },
      },
    },
    async (req) => reversePayment(deps(), requireActor(req), req.params.id, req.body.reason),
  );

  r.post(
    '/api/v1/sanitation/fund/incomes',
    {
      schema: {
        tags,
        summary: '登记卫生基金收入（上级补助、社会捐赠）',
        body: FundIncomeInput,
        response: { 201: FundMovement },
      },
    },
    async (req, reply) => reply.code(201).send(await recordIncome(deps(), requireActor(req), req.body)),
  );
  r.post(
    '/api/v1/sanitation/fund/expenses',
    {
      schema: {
        tags,
        summary: '提交卫生基金支出（须有票据照片，经两人审批后支出）',
        body: FundExpenseInput,
        response: { 201: FundMovement },
      },
    },
    async (req, reply) => reply.code(201).send(await submitExpense(deps(), requireActor(req), req.body)),
  );
  r.post(
    '/api/v1/sanitation/fund/expenses/:id/decision',
    {
      schema: {
        tags,
        summary: '审批支出：两位审批人不能是同一人，也不能是提交人',
        params: Id,
        body: ReviewInput,
        response: { 200: FundMovement },
      },
    },
    async (req) => decideExpense(deps(), requireActor(req), req.params.id, req.body),
  );
  r.get(
    '/api/v1/sanitation/fund/movements',
    {
      schema: {
        tags,
        summary: '卫生基金收支登记',
        querystring: z.object({
          status: z.enum(['pending', 'approved1', 'posted', 'rejected']).optional(),
          kind: z.enum(['subsidy', 'donation', 'expense']).optional(),
        }),
        response: { 200: z.object({ items: z.array(FundMovement) }) },
      },
    },
    async (req) => ({ items: await listMovements(deps(), requireActor(req), req.query) }),
  );
  r.get(
    '/api/v1/sanitation/fund/disclosure',
    {
      schema: {
        tags,
        summary: '月度公开：收入、每笔支出、余额（村民可看）',
        querystring: Month,
        response: { 200: Disclosure },
      },
    },
    async (req) => disclosure(deps(), requireActor(req), req.query.month),
  );
  r.get(
    '/api/v1/sanitation/arrears.xlsx',
    {
      schema: {
        tags,
        summary: '催缴名单（Excel，各户欠费月数与金额）',
        querystring: z.object({
          village: z
            .string()
            .regex(/^(\d{12}|\d{15})$/, '请选择村（12 位代码）或村民小组（15 位代码）')
            .optional(),
        }),
      },
    },
    async (req, reply) => {
      const a = await arrears(deps(), requireActor(req), { village: req.query.village, detail: true });
      const place = a.groups[0]?.villageName ?? '';
      const rows = [...a.households]
        .sort((x, y) => x.orgCode.localeCompare(y.orgCode) || y.owedFen - x.owedFen)
        .map((h, i) => [
          i + 1,
          h.orgName,
          h.householdNumber,
          h.householdName,
          h.months,
          h.since,
          fenToYuan(h.owedFen),
        ]);
      rows.push(['合计', '', '', `${a.households.length} 户`, '', '', fenToYuan(a.totalFen)]);
      const stream = streamLedger(
        {
          title: `${req.query.village ? place : ''}卫生费催缴名单`,
          note: '单位：元　　按村民小组、欠费金额排列',
          columns: [
            { header: '序号', width: 6 },
            { header: '村组', width: 22 },
            { header: '户号', width: 16 },
            { header: '户主', width: 12 },
            { header: '欠费月数', width: 10 },
            { header: '最早欠费月', width: 12 },
            { header: '欠费金额（元）', width: 14 },
          ],
          rows,
        },
        '催缴名单',
      );
      setNoStore(reply);
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachmentHeader('卫生费催缴名单.xlsx'));
      return reply.send(stream);
    },
  );
  r.get(
    '/api/v1/sanitation/fund/disclosure.xlsx',
    { schema: { tags, summary: '月度公开表（Excel）', querystring: Month } },
    async (req, reply) => {
      const d = await disclosure(deps(), requireActor(req), req.query.month);
      const rows: unknown[][] = [
        ['上月结余', '', '', fenToYuan(d.openingFen)],
        ...d.income.map((i) => ['收入', i.label, `${i.count} 笔`, fenToYuan(i.amountFen)]),
        ['收入合计', '', '', fenToYuan(d.incomeFen)],
        ...d.spending.map((s) => [
          '支出',
          `${s.category}：${s.description}`,
          `${s.occurredOn}　审批：${s.approvers}`,
          fenToYuan(-s.amountFen),
        ]),
        ['支出合计', '', '', fenToYuan(-d.spendingFen)],
        ['本月结余', '', '', fenToYuan(d.closingFen)],
      ];
      const stream = streamLedger(
        {
          title: `${d.townName}公共卫生基金收支公开（${d.month.replace('-', '年')}月）`,
          note: '单位：元　　依据：一元治理 每人每月 1 元',
          columns: [
            { header: '项目', width: 12 },
            { header: '内容', width: 40 },
            { header: '说明', width: 30 },
            { header: '金额（元）', width: 14 },
          ],
          rows,
        },
        '收支公开',
      );
      setNoStore(reply);
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachmentHeader(`卫生基金公开-${d.month}.xlsx`));
      return reply.send(stream);
    },
  );

  r.get(
    '/api/v1/sanitation/households/:householdId/pledge',
    {
      schema: {
        tags,
        summary: '一户的门前三包承诺书',
        params: HouseholdParam,
        response: { 200: HouseholdPledge },
      },
    },
    async (req) => householdPledge(deps(), requireActor(req), req.params.householdId),
  );
  r.post(
    '/api/v1/sanitation/pledges',
    {
      schema: {
        tags,
        summary: '签订门前三包承诺书（手写签名或纸质照片；同一版本只签一次）',
        body: PledgeInput,
        response: {
          201: z.object({ id: z.number().int(), householdId: z.number().int(), version: z.number().int() }),
        },
      },
    },
    async (req, reply) => reply.code(201).send(await signPledge(deps(), requireActor(req), req.body)),
  );
  r.get(
    '/api/v1/sanitation/pledges/status',
    {
      schema: {
        tags,
        summary: '各村签订情况（指定 village 时列出未签户）',
        querystring: z.object({
          village: z
            .string()
            .regex(/^\d{12}$/)
            .optional(),
        }),
        response: { 200: PledgeStatus },
      },
    },
    async (req) => ({
      items: await pledgeStatus(deps(), requireActor(req), req.query.village),
    }),
  );

  r.get(
    '/api/v1/sanitation/campaigns',
    { schema: { tags, summary: '卫生评比', response: { 200: CampaignList } } },
    async (req) => ({ items: await listCampaigns(deps(), requireActor(req)) }),
  );
  r.post(
    '/api/v1/sanitation/campaigns',
    {
      schema: {
        tags,
        summary: '发起卫生评比（评分表）',
        body: CampaignInput,
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await createCampaign(deps(), requireActor(req), req.body)),
  );
  r.post(
    '/api/v1/sanitation/campaigns/:id/results',
    {
      schema: {
        tags,
        summary: '给一户打分（手机上，可附照片）',
        params: Id,
        body: InspectionInput,
        response: { 201: ScoreResult },
      },
    },
    // `list` comes back widened to string; the service only ever answers 'red', 'black' or null.
    async (req, reply) =>
      reply.code(201).send(await scoreHousehold(deps(), requireActor(req), req.params.id, req.body)),
  );
  r.get(
    '/api/v1/sanitation/campaigns/:id/lists',
    {
      schema: {
        tags,
        summary: '红黑榜',
        params: Id,
        querystring: z.object({
          village: z
            .string()
            .regex(/^\d{12}$/)
            .optional(),
        }),
        response: { 200: RedBlackLists },
      },
    },
    async (req) => redBlackLists(deps(), requireActor(req), req.params.id, req.query.village),
  );
  r.get(
    '/api/v1/sanitation/households/:householdId/inspections',
    {
      schema: {
        tags,
        summary: '一户的评比结果',
        params: HouseholdParam,
        response: { 200: HouseholdInspections },
      },
    },
    async (req) => ({ items: await householdInspections(deps(), requireActor(req), req.params.householdId) }),
  );

  r.get(
    '/api/v1/sanitation/cleanups',
    { schema: { tags, summary: '清洁行动（八清）及各村进度', response: { 200: CleanupList } } },
    async (req) => ({ items: await listCleanups(deps(), requireActor(req)) }),
  );
  r.post(
    '/api/v1/sanitation/cleanups',
    {
      schema: {
        tags,
        summary: '发起清洁行动',
        body: CleanupInput,
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await createCleanup(deps(), requireActor(req), req.body)),
  );
  r.post(
    '/api/v1/sanitation/cleanups/:id/reports',
    {
      schema: {
        tags,
        summary: '报告进度（前后对比照片）',
        params: Id,
        body: CleanupReportInput,
        response: { 201: z.object({ progress: z.number().int() }) },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await reportCleanup(deps(), requireActor(req), req.params.id, req.body)),
  );
}
