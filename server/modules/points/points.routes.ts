import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import { cardCode, parseCardCode } from '../../../common/points/card';
import {
  AccountListQuery,
  Declaration,
  DeclarationInput,
  EvaluationInput,
  HonourQuery,
  PointsAccount,
  Policy,
  PolicyApplication,
  PolicyInput,
  PublishInput,
  ReviewInput,
  Rule,
  RuleInput,
  SettingsSchema,
  StatementLine,
} from '../../../common/points/schemas';
import { AppError } from '../../core/errors';
import { attachmentHeader, streamLedger, XLSX_TYPE } from '../../core/excel/excel-writer';
import { requireActor, setNoStore } from '../../core/http/context';
import {
  accountSummary,
  honourRoll,
  householdInScope,
  listAccounts,
  participation,
  statement,
} from './accounts.service';
import { declare, listDeclarations, publishNotice, review } from './declarations.service';
import { approveRound, enterRound, listRounds } from './evaluation.service';
import {
  applyForPolicy,
  createPolicy,
  listApplications,
  listPolicies,
  reviewApplication,
} from './policy.service';
import { createRule, getSettings, listRules, retireRule, reviseRule, saveSettings } from './rules.service';
import { exportRules, importRules } from './rules-excel.service';

const Id = z.object({ id: z.coerce.number().int().positive() });
const tags = ['points'];

export async function pointsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = () => app.deps;

  // Accounts. A balance is the counter's hottest read: the fast lane answers it when it can.
  const AccountParams = z.object({ householdId: z.coerce.number().int().positive() });
  r.get(
    '/api/v1/points/accounts/:householdId',
    {
      schema: {
        tags,
        summary: '一户的积分账户：余额、累计获得、累计使用、即将清零',
        params: AccountParams,
        response: { 200: PointsAccount },
      },
    },
    async (req) => accountSummary(deps(), requireActor(req), req.params.householdId),
  );
  app.fastLane.get(
    '/api/v1/points/accounts/:householdId',
    { params: AccountParams, response: PointsAccount },
    (actor, p) => accountSummary(deps(), actor, p.householdId),
  );
  r.get(
    '/api/v1/points/accounts',
    {
      schema: {
        tags,
        summary: '各户积分余额（按村、最低余额筛选）',
        querystring: AccountListQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                householdId: z.number().int(),
                balance: z.number().int(),
                householdName: z.string(),
              }),
            ),
            total: z.number().int(),
          }),
        },
      },
    },
    async (req) => listAccounts(deps(), requireActor(req), req.query),
  );
  r.get(
    '/api/v1/points/accounts/:householdId/statement',
    {
      schema: {
        tags,
        summary: '积分对账单（每笔收支与余额）',
        params: z.object({ householdId: z.coerce.number().int().positive() }),
        querystring: z.object({
          from: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional(),
          to: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional(),
        }),
        response: {
          200: z.object({
            householdName: z.string(),
            householdNumber: z.string(),
            lines: z.array(StatementLine.extend({ kindName: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const s = await statement(deps(), requireActor(req), req.params.householdId, req.query);
      return {
        householdName: `${s.household.headName}户`,
        householdNumber: s.household.number,
        lines: s.lines,
      };
    },
  );
  r.get(
    '/api/v1/points/honour-roll',
    {
      schema: {
        tags,
        summary: '红榜：按期间内获得的积分排名（不是余额）',
        querystring: HonourQuery,
        response: {
          200: z.object({
            title: z.string(),
            items: z.array(
              z.object({
                rank: z.number().int(),
                householdId: z.number().int(),
                householdName: z.string(),
                points: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => honourRoll(deps(), requireActor(req), req.query),
  );
  r.get(
    '/api/v1/points/participation',
    {
      schema: {
        tags,
        summary: '各村参与率：期间内获得积分的户数 / 总户数',
        querystring: z.object({ period: z.string().regex(/^\d{4}(-\d{2})?$/) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                village: z.string(),
                name: z.string(),
                households: z.number().int(),
                awarded: z.number().int(),
                rate: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await participation(deps(), requireActor(req), req.query.period) }),
  );

  // Rules and settings
  r.get(
    '/api/v1/points/rules',
    {
      schema: {
        tags,
        summary: '积分细则（默认只列现行的；all=1 列出全部版本）',
        querystring: z.object({ all: z.enum(['0', '1']).default('0') }),
        response: { 200: z.object({ items: z.array(Rule) }) },
      },
    },
    async (req) => ({ items: await listRules(deps(), requireActor(req), { all: req.query.all === '1' }) }),
  );
  r.post(
    '/api/v1/points/rules',
    { schema: { tags, summary: '新增积分细则', body: RuleInput, response: { 201: Rule } } },
    async (req, reply) => reply.code(201).send(await createRule(deps(), requireActor(req), req.body)),
  );
  r.post(
    '/api/v1/points/rules/:code/revise',
    {
      schema: {
        tags,
        summary: '修订细则：生成新版本，旧版本到期，已发放的积分不受影响',
        params: z.object({ code: z.string().max(20) }),
        body: RuleInput.omit({ code: true }),
        response: { 201: Rule },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await reviseRule(deps(), requireActor(req), req.params.code, req.body)),
  );
  r.post(
    '/api/v1/points/rules/:code/retire',
    {
      schema: {
        tags,
        summary: '停用细则',
        params: z.object({ code: z.string().max(20) }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await retireRule(deps(), requireActor(req), req.params.code);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/v1/points/settings',
    {
      schema: {
        tags,
        summary: '本镇积分设置：公示天数、清零年限、评议星级分值',
        response: { 200: SettingsSchema },
      },
    },
    async (req) => getSettings(deps().db.q, requireActor(req).scope.code.slice(0, 9)),
  );
  r.put(
    '/api/v1/points/settings',
    {
      schema: { tags, summary: '修改本镇积分设置', body: SettingsSchema, response: { 200: SettingsSchema } },
    },
    async (req) => saveSettings(deps(), requireActor(req), req.body),
  );

  // Declarations and review
  r.post(
    '/api/v1/points/declarations',
    {
      schema: {
        tags,
        summary: '申报积分（村民为本户申报，或村干部代为申报）',
        body: DeclarationInput,
        response: { 201: Declaration },
      },
    },
    async (req, reply) => reply.code(201).send(await declare(deps(), requireActor(req), req.body)),
  );
  r.get(
    '/api/v1/points/declarations',
    {
      schema: {
        tags,
        summary: '申报列表（村民只看到本户的）',
        querystring: z.object({
          status: z.enum(['pending', 'approved', 'rejected', 'in_notice', 'posted', 'withdrawn']).optional(),
          village: z
            .string()
            .regex(/^\d{12}$/)
            .optional(),
          householdId: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(Declaration) }) },
      },
    },
    async (req) => ({ items: await listDeclarations(deps(), requireActor(req), req.query) }),
  );
  r.post(
    '/api/v1/points/declarations/:id/review',
    {
      schema: {
        tags,
        summary: '审核申报（不能审核自己提交的）',
        params: Id,
        body: ReviewInput,
        response: { 200: Declaration },
      },
    },
    async (req) => review(deps(), requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/points/notices',
    {
      schema: {
        tags,
        summary: '把本村审核通过的申报发布为公示',
        body: PublishInput,
        response: { 201: z.object({ noticeId: z.number().int() }) },
      },
    },
    async (req, reply) =>
      reply.code(201).send({ noticeId: await publishNotice(deps(), requireActor(req), req.body) }),
  );
  r.post(
    '/api/v1/points/evaluations',
    {
      schema: {
        tags,
        summary: '录入月度评议（每户星级，按本镇分值表折算积分）',
        body: EvaluationInput,
        response: { 201: z.object({ id: z.number().int(), declarations: z.number().int() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await enterRound(deps(), requireActor(req), req.body)),
  );
  r.get(
    '/api/v1/points/evaluations',
    {
      schema: {
        tags,
        summary: '本辖区的月度评议轮次（默认只列待审核的）',
        querystring: z.object({
          status: z.enum(['pending', 'approved', 'all']).default('pending'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                village: z.string(),
                villageName: z.string(),
                month: z.string(),
                title: z.string(),
                status: z.enum(['pending', 'approved']),
                households: z.number().int(),
                points: z.number().int(),
                createdBy: z.string(),
                mine: z.boolean(),
                reviewedBy: z.string().nullable(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) =>
      listRounds(deps(), requireActor(req), {
        status: req.query.status === 'all' ? undefined : req.query.status,
        limit: req.query.limit,
      }),
  );
  r.post(
    '/api/v1/points/evaluations/:id/approve',
    {
      schema: {
        tags,
        summary: '审核通过一轮评议（不能由录入人审核）',
        params: Id,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await approveRound(deps(), requireActor(req), req.params.id);
      return { ok: true as const };
    },
  );

  // Policies
  r.get(
    '/api/v1/points/policies',
    {
      schema: {
        tags,
        summary: '积分兑换政策及获批户数',
        response: { 200: z.object({ items: z.array(Policy) }) },
      },
    },
    async (req) => ({
      items: await listPolicies(deps(), requireActor(req)),
    }),
  );
  r.post(
    '/api/v1/points/policies',
    { schema: { tags, summary: '新增积分兑换政策', body: PolicyInput, response: { 201: Policy } } },
    async (req, reply) => reply.code(201).send(await createPolicy(deps(), requireActor(req), req.body)),
  );
  r.post(
    '/api/v1/points/policies/:id/applications',
    {
      schema: {
        tags,
        summary: '申请政策（检查条件；村民为本户，工作人员代办）',
        params: Id,
        body: z.strictObject({
          householdId: z.number().int().positive(),
          note: z.string().trim().max(200).nullish(),
        }),
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (req, reply) =>
      reply.code(201).send({ id: await applyForPolicy(deps(), requireActor(req), req.params.id, req.body) }),
  );
  r.get(
    '/api/v1/points/policy-applications',
    {
      schema: {
        tags,
        summary: '政策申请（各政策的获批名单）',
        querystring: z.object({
          policyId: z.coerce.number().int().positive().optional(),
          status: z.enum(['pending', 'approved', 'rejected']).optional(),
        }),
        response: { 200: z.object({ items: z.array(PolicyApplication) }) },
      },
    },
    async (req) => ({ items: await listApplications(deps(), requireActor(req), req.query) }),
  );
  r.post(
    '/api/v1/points/policy-applications/:id/review',
    {
      schema: {
        tags,
        summary: '审批政策申请：批准后扣减积分',
        params: Id,
        body: ReviewInput,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await reviewApplication(deps(), requireActor(req), req.params.id, req.body);
      return { ok: true as const };
    },
  );

  // Points card (QR) and the counter's lookup by card code
  r.get(
    '/api/v1/points/accounts/:householdId/card',
    {
      schema: {
        tags,
        summary: '积分卡：卡号与二维码（SVG），可打印，也可在村民手机上出示',
        params: z.object({ householdId: z.coerce.number().int().positive() }),
        response: { 200: z.object({ code: z.string(), svg: z.string(), householdName: z.string() }) },
      },
    },
    async (req) => {
      const h = await householdInScope(deps().db, requireActor(req), req.params.householdId);
      const code = cardCode(req.params.householdId);
      return {
        code,
        svg: await QRCode.toString(code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
        householdName: `${h.headName}户`,
      };
    },
  );
  r.get(
    '/api/v1/points/cards/:code',
    {
      schema: {
        tags,
        summary: '按积分卡号（扫码枪输入）找到户',
        params: z.object({ code: z.string().max(40) }),
        response: {
          200: z.object({
            householdId: z.number().int(),
            householdName: z.string(),
            householdNumber: z.string(),
            villageName: z.string(),
            groupName: z.string().nullable(),
            balance: z.number().int(),
          }),
        },
      },
    },
    async (req) => {
      const id = parseCardCode(req.params.code);
      if (!id) throw new AppError('NOT_FOUND');
      const actor = requireActor(req);
      const { db } = deps();
      const h = await householdInScope(db, actor, id);
      const acc = await accountSummary(deps(), actor, id);
      // The clerk checks the person in front of them against the household's number and place.
      const names = new Map(
        (
          await db.q
            .selectFrom('org_nodes')
            .select(['code', 'name'])
            .where('code', 'in', [h.villageCode, h.orgCode])
            .execute()
        ).map((n) => [n.code, n.name]),
      );
      return {
        householdId: id,
        householdName: `${h.headName}户`,
        householdNumber: h.number,
        villageName: names.get(h.villageCode) ?? '',
        groupName: h.orgCode !== h.villageCode ? (names.get(h.orgCode) ?? null) : null,
        balance: acc.balance,
      };
    },
  );
  r.get(
    '/api/v1/points/accounts/:householdId/statement.xlsx',
    {
      schema: {
        tags,
        summary: '积分对账单（Excel）',
        params: z.object({ householdId: z.coerce.number().int().positive() }),
      },
    },
    async (req, reply) => {
      const s = await statement(deps(), requireActor(req), req.params.householdId);
      const stream = streamLedger(
        {
          title: `${s.household.headName}户积分对账单`,
          note: `户编号：${s.household.number}`,
          columns: [
            { header: '日期', width: 12, text: true },
            { header: '业务', width: 12 },
            { header: '摘要', width: 40 },
            { header: '收入', width: 10 },
            { header: '支出', width: 10 },
            { header: '余额', width: 10 },
          ],
          rows: s.lines.map((l) => [
            l.date,
            l.kindName,
            l.memo,
            l.amount > 0 ? l.amount : null,
            l.amount < 0 ? -l.amount : null,
            l.balanceAfter,
          ]),
        },
        '对账单',
      );
      setNoStore(reply);
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachmentHeader(`积分对账单-${s.household.number}.xlsx`));
      return reply.send(stream);
    },
  );
  r.get(
    '/api/v1/points/rules.xlsx',
    { schema: { tags, summary: '导出积分细则（Excel，可作导入模板）' } },
    async (req, reply) => {
      const stream = await exportRules(deps(), requireActor(req));
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachmentHeader('积分细则.xlsx'));
      return reply.send(stream);
    },
  );
  r.post(
    '/api/v1/points/rules/import',
    {
      schema: {
        tags,
        summary: '从 Excel 导入积分细则：先逐行检查，有错则一条也不写；改动的细则生成新版本',
        consumes: ['multipart/form-data'],
        response: {
          200: z.object({
            created: z.number().int(),
            revised: z.number().int(),
            unchanged: z.number().int(),
            errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!req.isMultipart()) throw new AppError('IMPORT_FILE_REQUIRED');
      const part = await req.file();
      if (!part) throw new AppError('IMPORT_FILE_REQUIRED');
      return importRules(deps(), actor, await part.toBuffer());
    },
  );
}
