import { z } from 'zod';

export const OrgCode = z.string().regex(/^\d{2,15}$/, '区划代码应为 2 到 15 位数字');

export const OrgNode = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  name: z.string(),
  level: z.enum(['province', 'city', 'county', 'town', 'village', 'group']),
  childCount: z.number().int(),
});
export type OrgNode = z.infer<typeof OrgNode>;

export const OrgChildren = z.object({ node: OrgNode, items: z.array(OrgNode), total: z.number().int() });

export const CreateGroupBody = z.strictObject({
  name: z.string().trim().min(1, '请填写小组名称').max(30, '小组名称最多 30 个字'),
});

export const ScopeSummary = z.object({
  node: OrgNode,
  towns: z.number().int(),
  villages: z.number().int(),
  groups: z.number().int(),
  users: z.number().int(),
  activeUsers: z.number().int(),
  usersByRole: z.record(z.string(), z.number().int()),
  villagesList: z.array(
    z.object({ code: z.string(), name: z.string(), groups: z.number().int(), users: z.number().int() }),
  ),
});
export type ScopeSummary = z.infer<typeof ScopeSummary>;
