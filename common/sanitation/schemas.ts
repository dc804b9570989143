import { z } from 'zod';
import { isCalendarDay } from '../dates';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
const DateStr = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDay, '不是有效的日期，请核对年月日');
const Fen = z
  .number({ error: '金额应为数字' })
  .int('金额以分计，应为整数（不能有零点几分）')
  .min(1, '金额应大于 0')
  .max(100_000_000, '金额太大，请核对');

export const DEFAULT_PLEDGE =
  '门前三包责任承诺书：本户自觉做到“包卫生”——门前屋后无垃圾、无污水、无杂物乱堆；“包绿化”——爱护门前树木花草，不毁绿占绿；“包秩序”——不乱搭乱建、不乱停乱放、不占道经营。自觉缴纳每人每月一元的公共卫生费，接受村委会监督检查。';

export const SanitationSettings = z.strictObject({
  rateFen: z.number().int().min(0).max(10000),
  population: z.enum(['registered', 'resident']),
  exemptions: z
    .array(
      z
        .string()
        .regex(
          /^(dibao|tekun|disabled(:[1-4](,[1-4])*)?|tuopin|jiance|left_behind_elderly|left_behind_child|living_alone_elderly|military_family)$/,
        ),
    )
    .max(12),
  midmonthRule: z.enum(['first_day', 'any_day', 'full_month']),
  pledgeText: z.string().trim().min(10).max(2000),
  inspectionPoints: z.boolean(),
  awardRuleId: z.number().int().positive().nullable(),
  deductRuleId: z.number().int().positive().nullable(),
});
export type SanitationSettings = z.infer<typeof SanitationSettings>;

export const BillingRunInput = z.strictObject({ month: Month });

export const Bill = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  householdName: z.string(),
  orgCode: z.string(),
  month: z.string(),
  persons: z.number().int(),
  exemptPersons: z.number().int(),
  rateFen: z.number().int(),
  amountFen: z.number().int(),
  paidFen: z.number().int(),
  detail: z.object({
    counted: z.array(z.string()),
    exempt: z.array(z.object({ name: z.string(), reason: z.string() })),
    excluded: z.array(z.object({ name: z.string(), reason: z.string() })),
  }),
});

export const PaymentInput = z.strictObject({
  householdId: z.number().int().positive(),
  amountFen: Fen,
  method: z.enum(['cash', 'wechat', 'alipay']),
});

export const Payment = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  householdName: z.string(),
  amountFen: z.number().int(),
  amountUpper: z.string(),
  method: z.string(),
  receiptNo: z.string(),
  creditFen: z.number().int(),
  reversesId: z.number().int().nullable(),
  reversed: z.boolean(),
  reason: z.string().nullable(),
  collectedBy: z.string(),
  createdAt: z.string(),
  allocations: z.array(
    z.object({ billId: z.number().int(), month: z.string(), amountFen: z.number().int() }),
  ),
});

export const ReverseInput = z.strictObject({ reason: z.string().trim().min(2, '请写明冲正原因').max(200) });

export const FundIncomeInput = z.strictObject({
  kind: z.enum(['subsidy', 'donation']),
  description: z.string().trim().min(2).max(200),
  counterparty: z.string().trim().min(1, '请填写拨款单位或捐赠人').max(60),
  amountFen: Fen,
  occurredOn: DateStr,
  voucher: z.string().uuid().nullish(),
});

export const EXPENSE_CATEGORIES = ['保洁员工资', '清运费', '保洁工具', '垃圾桶', '运输费', '其他'] as const;
export const FundExpenseInput = z.strictObject({
  category: z.enum(EXPENSE_CATEGORIES),
  description: z.string().trim().min(2, '请写明支出用途').max(200),
  counterparty: z.string().trim().max(60).nullish(),
  amountFen: Fen,
  occurredOn: DateStr,
  voucher: z.string().uuid({ error: '请上传票据照片' }),
});

export const FundMovement = z.object({
  id: z.number().int(),
  kind: z.enum(['fee', 'subsidy', 'donation', 'expense']),
  category: z.string(),
  description: z.string(),
  amountFen: z.number().int(),
  counterparty: z.string().nullable(),
  voucher: z.string().nullable(),
  status: z.enum(['pending', 'approved1', 'posted', 'rejected']),
  /** Login names (what the approval rules compare) and the names people know (what pages show). */
  submittedBy: z.string(),
  submittedByName: z.string(),
  approver1: z.string().nullable(),
  approver1Name: z.string().nullable(),
  approver2: z.string().nullable(),
  approver2Name: z.string().nullable(),
  rejectReason: z.string().nullable(),
  occurredOn: z.string(),
});

export const Disclosure = z.object({
  townName: z.string(),
  month: z.string(),
  openingFen: z.number().int(),
  income: z.array(
    z.object({ kind: z.string(), label: z.string(), amountFen: z.number().int(), count: z.number().int() }),
  ),
  spending: z.array(
    z.object({
      id: z.number().int(),
      category: z.string(),
      description: z.string(),
      amountFen: z.number().int(),
      occurredOn: z.string(),
      approvers: z.string(),
    }),
  ),
  incomeFen: z.number().int(),
  spendingFen: z.number().int(),
  closingFen: z.number().int(),
  balanceFen: z.number().int(),
});

export const PledgeInput = z.strictObject({
  householdId: z.number().int().positive(),
  signedName: z.string().trim().min(1, '请填写签字人姓名').max(30),
  signature: z.string().max(200_000).nullish(),
  photo: z.string().uuid().nullish(),
});

export const CampaignInput = z
  .strictObject({
    title: z.string().trim().min(2).max(60),
    period: z.string().trim().min(4).max(20),
    items: z
      .array(z.object({ name: z.string().trim().min(1).max(30), max: z.number().int().min(1).max(100) }))
      .min(1, '至少一个评分项')
      .max(20),
    redMin: z.number().int().min(0).max(1000),
    blackMax: z.number().int().min(0).max(1000),
  })
  .refine((c) => c.redMin > c.blackMax, {
    message: '红榜分数线应高于黑榜分数线，否则同一户会同时上红榜和黑榜',
    path: ['redMin'],
  });

export const InspectionInput = z.strictObject({
  householdId: z.number().int().positive(),
  scores: z.array(z.number().int('得分应为整数')).min(1).max(20),
  photos: z.array(z.string().uuid()).max(6).default([]),
  note: z.string().trim().max(200).nullish(),
});

export const CleanupInput = z
  .strictObject({
    title: z.string().trim().min(2).max(60),
    description: z.string().trim().min(2).max(500),
    startsOn: DateStr,
    endsOn: DateStr,
    targets: z
      .array(z.object({ village: z.string().regex(/^\d{12}$/), target: z.string().trim().min(1).max(200) }))
      .min(1)
      .max(200)
      .refine((t) => new Set(t.map((x) => x.village)).size === t.length, '每个村只能有一个目标'),
  })
  .refine((c) => c.endsOn >= c.startsOn, { message: '结束日期不能早于开始日期', path: ['endsOn'] });

export const CleanupReportInput = z.strictObject({
  village: z.string().regex(/^\d{12}$/),
  progress: z.number().int().min(0, '进度应在 0 到 100 之间').max(100, '进度应在 0 到 100 之间'),
  note: z.string().trim().min(2, '请简单写一下进展').max(300),
  before: z.string().uuid().nullish(),
  after: z.string().uuid().nullish(),
});

/* Answers of the pledge, inspection and clean-up routes (the response serializer checks them). */

export const PledgeSigned = z.object({
  version: z.number().int(),
  text: z.string(),
  method: z.enum(['signature', 'photo']),
  signature: z.string().nullable(),
  photo: z.string().nullable(),
  signedName: z.string(),
  assisted: z.boolean(),
  signedAt: z.string(),
  /** Signed the town's current text; otherwise the household has to sign again. */
  current: z.boolean(),
});
export type PledgeSigned = z.infer<typeof PledgeSigned>;

export const HouseholdPledge = z.object({
  householdId: z.number().int(),
  householdName: z.string(),
  householdNumber: z.string(),
  currentVersion: z.number().int(),
  currentText: z.string(),
  /** The latest version the household signed, or null when it never signed. */
  signed: PledgeSigned.nullable(),
});
export type HouseholdPledge = z.infer<typeof HouseholdPledge>;

export const PledgeVillage = z.object({
  code: z.string(),
  name: z.string(),
  households: z.number().int(),
  signed: z.number().int(),
  /** Per cent signed, one decimal. */
  rate: z.number(),
  /** Filled only when one village is asked for. */
  unsigned: z.array(z.object({ householdId: z.number().int(), name: z.string() })),
});
export type PledgeVillage = z.infer<typeof PledgeVillage>;

export const PledgeStatus = z.object({ items: z.array(PledgeVillage) });
export type PledgeStatus = z.infer<typeof PledgeStatus>;

const RedBlack = z.enum(['red', 'black']).nullable();

export const Campaign = z.object({
  id: z.number().int(),
  title: z.string(),
  period: z.string(),
  items: z.array(z.object({ name: z.string(), max: z.number().int() })),
  redMin: z.number().int(),
  blackMax: z.number().int(),
  status: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignList = z.object({ items: z.array(Campaign) });
export type CampaignList = z.infer<typeof CampaignList>;

export const ScoreResult = z.object({
  id: z.number().int(),
  total: z.number().int(),
  list: RedBlack,
  /** The points declaration made from this result, where the town links inspections to points. */
  declarationId: z.number().int().nullable(),
});
export type ScoreResult = z.infer<typeof ScoreResult>;

export const ListedResult = z.object({
  resultId: z.number().int(),
  householdId: z.number().int(),
  householdName: z.string(),
  total: z.number().int(),
  inspector: z.string(),
  photos: z.array(z.string()),
});
export type ListedResult = z.infer<typeof ListedResult>;

export const RedBlackLists = z.object({
  title: z.string(),
  period: z.string(),
  red: z.array(ListedResult),
  black: z.array(ListedResult),
  scored: z.number().int(),
});
export type RedBlackLists = z.infer<typeof RedBlackLists>;

export const HouseholdInspection = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  title: z.string(),
  total: z.number().int(),
  list: RedBlack,
  items: z.array(z.object({ name: z.string(), max: z.number().int(), score: z.number().int() })),
  createdAt: z.string(),
});
export type HouseholdInspection = z.infer<typeof HouseholdInspection>;

export const HouseholdInspections = z.object({ items: z.array(HouseholdInspection) });
export type HouseholdInspections = z.infer<typeof HouseholdInspections>;

export const CleanupReport = z.object({
  progress: z.number().int(),
  note: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  reportedBy: z.string(),
  createdAt: z.string(),
});
export type CleanupReport = z.infer<typeof CleanupReport>;

export const CleanupVillage = z.object({
  village: z.string(),
  name: z.string(),
  target: z.string(),
  progress: z.number().int(),
  completedAt: z.string().nullable(),
  /** The latest five reports, newest first. */
  reports: z.array(CleanupReport),
});
export type CleanupVillage = z.infer<typeof CleanupVillage>;

export const Cleanup = z.object({
  id: z.number().int(),
  title: z.string(),
  description: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.string(),
  villages: z.array(CleanupVillage),
});
export type Cleanup = z.infer<typeof Cleanup>;

export const CleanupList = z.object({ items: z.array(Cleanup) });
export type CleanupList = z.infer<typeof CleanupList>;
