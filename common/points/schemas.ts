import { z } from 'zod';
import { isCalendarDay } from '../dates';
import { TAGS } from '../registry/vocab';

const DateStr = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDay, '不是有效的日期，请核对年月日');
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const POINT_CATEGORIES = [
  '孝老爱亲',
  '邻里和睦',
  '环境卫生',
  '志愿服务',
  '移风易俗',
  '遵纪守法',
  '勤劳致富',
  '评议',
  '其他',
] as const;

export const RuleInput = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,20}$/, '细则编号用字母、数字和 -，最多 20 位'),
  category: z.enum(POINT_CATEGORIES),
  name: z.string().trim().min(1, '请填写细则内容').max(80),
  points: z
    .number()
    .int('分值应为整数')
    .min(-1000)
    .max(1000)
    .refine((n) => n !== 0, '分值不能为 0（奖励填正数，扣分填负数）'),
  unit: z.string().trim().min(1).max(10).default('次'),
  limitCount: z.number().int().min(1).max(1000).nullish(),
  limitPeriod: z.enum(['month', 'year']).nullish(),
  evidenceRequired: z.boolean().default(false),
  activeFrom: DateStr.optional(),
});
export type RuleInput = z.infer<typeof RuleInput>;

export const Rule = z.object({
  id: z.number().int(),
  code: z.string(),
  version: z.number().int(),
  category: z.string(),
  name: z.string(),
  points: z.number().int(),
  unit: z.string(),
  limitCount: z.number().int().nullable(),
  limitPeriod: z.enum(['month', 'year']).nullable(),
  evidenceRequired: z.boolean(),
  activeFrom: z.string(),
  activeTo: z.string().nullable(),
  current: z.boolean(),
});
export type Rule = z.infer<typeof Rule>;

export const SettingsSchema = z.strictObject({
  noticeDays: z.number().int().min(1, '公示期至少 1 天').max(30, '公示期最多 30 天'),
  expiryYears: z.number().int().min(1).max(10).nullable(),
  evaluationTable: z.record(z.enum(['1', '2', '3', '4', '5']), z.number().int().min(0).max(500)),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DeclarationInput = z.strictObject({
  householdId: z.number().int().positive(),
  ruleId: z.number().int().positive(),
  quantity: z.number().int('数量应为整数').min(1, '数量至少为 1').max(100, '数量最多 100'),
  occurredOn: DateStr,
  description: z.string().trim().min(2, '请简单写一下事情经过（至少 2 个字）').max(300),
  evidence: z.array(z.string().uuid()).max(6, '最多 6 张照片').default([]),
});

export const Declaration = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  householdName: z.string(),
  villageName: z.string(),
  ruleId: z.number().int(),
  ruleName: z.string(),
  category: z.string(),
  quantity: z.number().int(),
  points: z.number().int(),
  description: z.string(),
  occurredOn: z.string(),
  evidence: z.array(z.string()),
  source: z.string(),
  /** The declarer's login name (the UI tells one's own declarations by it). */
  declaredBy: z.string(),
  /** The declarer's name as shown (高小平), or the login name when the account has none. */
  declaredByName: z.string(),
  assisted: z.boolean(),
  status: z.enum(['pending', 'approved', 'rejected', 'in_notice', 'posted', 'withdrawn']),
  reviewedBy: z.string().nullable(),
  reviewReason: z.string().nullable(),
  noticeId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type Declaration = z.infer<typeof Declaration>;

export const ReviewInput = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().trim().max(200).optional(),
});

export const PublishInput = z.strictObject({
  village: z.string().regex(/^\d{12}$/, '请选择村'),
  title: z.string().trim().min(2).max(60).optional(),
});

export const ObjectionInput = z.strictObject({
  itemId: z.number().int().positive().optional(),
  reason: z.string().trim().min(2, '请写明异议理由（至少 2 个字）').max(300),
});

export const DecideObjectionInput = z.strictObject({
  decision: z.enum(['keep', 'withdraw']),
  reason: z.string().trim().min(2, '请写明处理理由').max(300),
});

export const NoticeSummary = z.object({
  id: z.number().int(),
  kind: z.string(),
  orgCode: z.string(),
  orgName: z.string(),
  title: z.string(),
  status: z.enum(['open', 'posting', 'posted', 'cancelled']),
  opensAt: z.string(),
  closesAt: z.string(),
  postedAt: z.string().nullable(),
  items: z.number().int(),
  total: z.number().int(),
  openObjections: z.number().int(),
});

export const NoticeDetail = NoticeSummary.extend({
  entries: z.array(
    z.object({
      id: z.number().int(),
      displayName: z.string(),
      description: z.string(),
      amount: z.number().int(),
      status: z.string(),
    }),
  ),
  objections: z.array(
    z.object({
      id: z.number().int(),
      itemId: z.number().int().nullable(),
      raisedBy: z.string(),
      reason: z.string(),
      status: z.string(),
      decisionReason: z.string().nullable(),
      decidedBy: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  canManage: z.boolean(),
});

export const PointsAccount = z.object({
  householdId: z.number().int(),
  balance: z.number().int(),
  earnedTotal: z.number().int(),
  spentTotal: z.number().int(),
  expiring: z.array(z.object({ points: z.number().int(), on: z.string() })),
});

export const AccountListQuery = z.object({
  village: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  minBalance: z.coerce.number().int().min(0).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const StatementLine = z.object({
  transactionId: z.number().int(),
  date: z.string(),
  kind: z.string(),
  memo: z.string().nullable(),
  amount: z.number().int(),
  balanceAfter: z.number().int(),
});

export const EvaluationInput = z.strictObject({
  village: z.string().regex(/^\d{12}$/, '请选择村'),
  month: Month,
  scores: z
    .array(
      z.object({
        householdId: z.number().int().positive(),
        stars: z.number().int().min(1, '评议星级应为 1 到 5').max(5, '评议星级应为 1 到 5'),
      }),
    )
    .min(1, '至少评议一户')
    .max(5000)
    .refine((s) => new Set(s.map((x) => x.householdId)).size === s.length, '同一户在一轮评议中只能评一次'),
});

export const HonourQuery = z.object({
  village: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  period: z.string().regex(/^\d{4}(-\d{2})?$/, '期间应为 YYYY 或 YYYY-MM'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const PolicyInput = z.strictObject({
  name: z.string().trim().min(2).max(60),
  description: z.string().trim().min(2).max(500),
  costPoints: z.number().int().min(0).max(100000),
  minBalance: z.number().int().min(0).max(1000000).default(0),
  minLifetime: z.number().int().min(0).max(1000000).default(0),
  requiredTags: z
    .array(z.enum(TAGS, { error: '没有这种身份标签' }))
    .max(5)
    .default([]),
  noDeductionMonths: z.number().int().min(0).max(60).default(0),
});

export const Policy = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  costPoints: z.number().int(),
  minBalance: z.number().int(),
  minLifetime: z.number().int(),
  requiredTags: z.array(z.string()),
  noDeductionMonths: z.number().int(),
  status: z.string(),
  granted: z.number().int(),
});

export const PolicyApplication = z.object({
  id: z.number().int(),
  policyId: z.number().int(),
  policyName: z.string(),
  householdId: z.number().int(),
  householdName: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']),
  note: z.string().nullable(),
  /** The login name of who applied (the self-review check compares it). */
  appliedBy: z.string(),
  /** Who applied, by name (张志强), or the login name when the account has none. */
  appliedByName: z.string(),
  assisted: z.boolean(),
  reviewedBy: z.string().nullable(),
  reviewReason: z.string().nullable(),
  createdAt: z.string(),
});
