import { z } from 'zod';
import { isCalendarDay } from '../dates';
import { EMPLOYMENT, ETHNIC_GROUPS, HOUSEHOLD_KINDS, RELATIONS, TAGS } from './vocab';

const DateStr = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDay, '不是有效的日期，请核对年月日');
const Code = z.string().regex(/^\d{12}(\d{3})?$/, '请选择村或村民小组');

export const TagSchema = z.enum(TAGS);
export const RelationSchema = z.enum(RELATIONS);
export const EmploymentSchema = z.enum(EMPLOYMENT);

export const ResidentInput = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, '请填写姓名')
    .max(30, '姓名最多 30 个字')
    .refine((s) => !/\d/.test(s), '姓名里不能有数字'),
  idNumber: z
    .string()
    .trim()
    .transform((s) => s.replace(/\s/g, '').toUpperCase())
    .pipe(z.string().regex(/^\d{17}[\dX]$/, '身份证号应为 18 位：17 位数字加 1 位数字或 X')),
  relation: RelationSchema,
  phone: z
    .string()
    .trim()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '电话应为 11 位手机号或带区号的座机号')
    .nullish(),
  ethnicity: z.enum(ETHNIC_GROUPS).nullish(),
  education: z.string().trim().max(20).nullish(),
  political: z.string().trim().max(20).nullish(),
  occupation: z.string().trim().max(30).nullish(),
  employment: EmploymentSchema.nullish(),
  employmentPlace: z.string().trim().max(60).nullish(),
  health: z.string().trim().max(20).nullish(),
  note: z.string().trim().max(200).nullish(),
});
export type ResidentInput = z.infer<typeof ResidentInput>;

export const ResidentPatch = ResidentInput.omit({ idNumber: true }).partial().strict();

export const TagRef = z.object({ tag: TagSchema, grade: z.number().int().nullable() });

export const ResidentSummary = z.object({
  id: z.number().int(),
  householdId: z.number().int(),
  householdNumber: z.string(),
  name: z.string(),
  gender: z.enum(['M', 'F']),
  birthDate: z.string(),
  age: z.number().int(),
  relation: z.string(),
  idMasked: z.string(),
  phoneMasked: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string(),
  groupName: z.string().nullable(),
  employment: z.string().nullable(),
  employmentPlace: z.string().nullable(),
  status: z.string(),
  tags: z.array(TagRef),
});
export type ResidentSummary = z.infer<typeof ResidentSummary>;

export const ResidentDetail = ResidentSummary.extend({
  ethnicity: z.string().nullable(),
  education: z.string().nullable(),
  political: z.string().nullable(),
  occupation: z.string().nullable(),
  health: z.string().nullable(),
  note: z.string().nullable(),
  tagHistory: z.array(
    z.object({
      id: z.number().int(),
      tag: TagSchema,
      grade: z.number().int().nullable(),
      startDate: z.string(),
      endDate: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  trainings: z.array(
    z.object({
      id: z.number().int(),
      course: z.string(),
      organizer: z.string().nullable(),
      certificate: z.string().nullable(),
      certificateNo: z.string().nullable(),
      date: z.string(),
      hours: z.number().int().nullable(),
    }),
  ),
});

export const RelocationSchema = z.object({
  status: z.enum(['planned', 'moving', 'done']),
  fromPlace: z.string(),
  toPlace: z.string(),
  plannedDate: z.string().nullable(),
  doneDate: z.string().nullable(),
  note: z.string().nullable(),
});

export const HouseholdSummary = z.object({
  id: z.number().int(),
  number: z.string(),
  villageCode: z.string(),
  villageName: z.string(),
  groupCode: z.string().nullable(),
  groupName: z.string().nullable(),
  addressMasked: z.string().nullable(),
  kind: z.string().nullable(),
  status: z.enum(['active', 'moved_out', 'cancelled']),
  headName: z.string().nullable(),
  memberCount: z.number().int(),
  relocationStatus: z.string().nullable(),
});
export type HouseholdSummary = z.infer<typeof HouseholdSummary>;

export const HouseholdEvent = z.object({
  id: z.number().int(),
  kind: z.string(),
  date: z.string(),
  residentId: z.number().int().nullable(),
  residentName: z.string().nullable(),
  otherHouseholdId: z.number().int().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

export const HouseholdDetail = HouseholdSummary.extend({
  members: z.array(ResidentSummary),
  events: z.array(HouseholdEvent),
  relocation: RelocationSchema.nullable(),
});
export type HouseholdDetail = z.infer<typeof HouseholdDetail>;

export const HouseholdCreate = z.strictObject({
  number: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,30}$/, '户编号只能用数字、字母和 -，最多 30 位')
    .optional(),
  orgCode: Code,
  address: z.string().trim().max(100).nullish(),
  kind: z.enum(HOUSEHOLD_KINDS).nullish(),
  head: ResidentInput,
  date: DateStr.optional(),
});

export const HouseholdPatch = z.strictObject({
  orgCode: Code.optional(),
  address: z.string().trim().max(100).nullish(),
  kind: z.enum(HOUSEHOLD_KINDS).nullish(),
});

export const HouseholdEventInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('birth'), date: DateStr, resident: ResidentInput }),
  z.strictObject({
    kind: z.literal('move_in'),
    date: DateStr,
    resident: ResidentInput,
    from: z.string().trim().max(100).nullish(),
  }),
  z.strictObject({
    kind: z.literal('move_out'),
    date: DateStr,
    residentId: z.number().int().positive().optional(),
    to: z.string().trim().max(100).nullish(),
  }),
  z.strictObject({ kind: z.literal('death'), date: DateStr, residentId: z.number().int().positive() }),
  z.strictObject({
    kind: z.literal('change_head'),
    date: DateStr,
    residentId: z.number().int().positive(),
    formerHeadRelation: RelationSchema.exclude(['户主']),
  }),
  z.strictObject({
    kind: z.literal('split'),
    date: DateStr,
    residentIds: z.array(z.number().int().positive()).min(1, '至少选择一名成员'),
    newNumber: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{1,30}$/)
      .optional(),
    address: z.string().trim().max(100).nullish(),
  }),
  z.strictObject({ kind: z.literal('merge'), date: DateStr, intoHouseholdId: z.number().int().positive() }),
]);
export type HouseholdEventInput = z.infer<typeof HouseholdEventInput>;

export const RelocationInput = z.strictObject({
  status: z.enum(['planned', 'moving', 'done']),
  fromPlace: z.string().trim().min(1, '请填写迁出地').max(100),
  toPlace: z.string().trim().min(1, '请填写安置地').max(100),
  plannedDate: DateStr.nullish(),
  doneDate: DateStr.nullish(),
  note: z.string().trim().max(200).nullish(),
});

export const TagInput = z.strictObject({
  tag: TagSchema,
  grade: z.number().int().min(1).max(4).nullish(),
  startDate: DateStr,
  note: z.string().trim().max(200).nullish(),
});

export const TagEnd = z.strictObject({ endDate: DateStr });

export const TrainingInput = z.strictObject({
  course: z.string().trim().min(1, '请填写培训内容').max(60),
  organizer: z.string().trim().max(60).nullish(),
  certificate: z.string().trim().max(60).nullish(),
  certificateNo: z.string().trim().max(60).nullish(),
  date: DateStr,
  hours: z.number().int().min(0).max(10000).nullish(),
});

export const RevealBody = z.strictObject({
  reason: z.string().trim().min(2, '请写明查看原因（至少 2 个字）').max(100),
});
export const RevealResponse = z.object({
  idNumber: z.string().optional(),
  phone: z.string().nullable().optional(),
  address: z.string().nullable().optional(),
});

const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item));

export const ResidentListQuery = z.object({
  village: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  group: z
    .string()
    .regex(/^\d{15}$/)
    .optional(),
  tags: csv(TagSchema).optional(),
  ageMin: z.coerce.number().int().min(0).max(150).optional(),
  ageMax: z.coerce.number().int().min(0).max(150).optional(),
  employment: EmploymentSchema.optional(),
  relocation: z.enum(['planned', 'moving', 'done', 'any']).optional(),
  status: z.enum(['active', 'moved_out', 'deceased', 'all']).default('active'),
  q: z.string().trim().max(30).optional(),
  householdId: z.coerce.number().int().positive().optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  withTotal: z.enum(['0', '1']).default('1'),
});
export type ResidentListQuery = z.infer<typeof ResidentListQuery>;

export const HouseholdListQuery = z.object({
  village: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  group: z
    .string()
    .regex(/^\d{15}$/)
    .optional(),
  status: z.enum(['active', 'moved_out', 'cancelled', 'all']).default('active'),
  relocation: z.enum(['planned', 'moving', 'done', 'any']).optional(),
  q: z.string().trim().max(30).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  withTotal: z.enum(['0', '1']).default('1'),
});
export type HouseholdListQuery = z.infer<typeof HouseholdListQuery>;

export function cursorPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().nullable(),
    nextCursor: z.string().nullable(),
  });
}

export const TagStats = z.object({
  villages: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      households: z.number().int(),
      residents: z.number().int(),
      tags: z.record(z.string(), z.number().int()),
    }),
  ),
  totals: z.record(z.string(), z.number().int()),
});

export const ImportError = z.object({
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export const ImportResult = z.object({
  id: z.number().int(),
  status: z.enum(['queued', 'running', 'dry_run', 'committed', 'failed', 'rejected']),
  dryRun: z.boolean(),
  mode: z.enum(['all', 'valid']),
  fileName: z.string(),
  phase: z.string().nullable(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  rows: z.number().int(),
  households: z.number().int(),
  residents: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(ImportError),
  errorCount: z.number().int(),
  hasReport: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ImportQuery = z.object({
  dryRun: z.enum(['true', 'false']).default('true'),
  mode: z.enum(['all', 'valid']).default('all'),
  async: z.enum(['true', 'false']).default('false'),
});
