/**
 * Roles of the brief, the division level each is bound to, and the permissions each grants.
 * A permission is "resource.verb"; the scope (which subtree or household) comes from the
 * account's binding, never from the role.
 */
export const ROLES = [
  'admin',
  'leader',
  'staff',
  'cadre',
  'grid',
  'clerk',
  'coop',
  'supervisor',
  'villager',
] as const;
export type Role = (typeof ROLES)[number];

export const LEVELS = ['province', 'city', 'county', 'town', 'village', 'group'] as const;
export type Level = (typeof LEVELS)[number];

/** Length of a division code at each level: the tree is a prefix tree of codes. */
export const CODE_LENGTH: Record<Level, number> = {
  province: 2,
  city: 4,
  county: 6,
  town: 9,
  village: 12,
  group: 15,
};

export function levelOfCode(code: string): Level | undefined {
  return LEVELS.find((l) => CODE_LENGTH[l] === code.length);
}

export const PERMISSIONS = [
  'org.read',
  'org.write',
  'user.read',
  'user.write',
  'token.write',
  'audit.read',
  'pii.reveal',
  'self.read',
  'registry.read',
  'registry.write',
  'registry.import',
  'points.read',
  'points.declare',
  'points.review',
  'points.admin',
  'shop.read',
  'shop.sell',
  'shop.stock',
  'policy.review',
  'sanitation.read',
  'sanitation.collect',
  'sanitation.bill',
  'sanitation.fund',
  'sanitation.approve',
  'sanitation.inspect',
  'sanitation.admin',
  'jobs.run',
  'villager.account',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface RoleSpec {
  readonly zh: string;
  readonly en: string;
  /** Levels an account with this role may be bound to. */
  readonly levels: readonly Level[];
  readonly permissions: readonly Permission[];
}

const STAFF_READ: Permission[] = ['org.read', 'token.write', 'registry.read'];
/** Open, reset and issue one-time login codes for villager accounts in one's own area. */
const VILLAGER_ACCOUNTS: Permission[] = ['villager.account'];
const REGISTRY_WRITE: Permission[] = ['registry.write', 'registry.import'];
const POINTS_READ: Permission[] = ['points.read', 'shop.read', 'sanitation.read'];
const SANITATION_ALL: Permission[] = [
  'sanitation.collect',
  'sanitation.bill',
  'sanitation.fund',
  'sanitation.approve',
  'sanitation.inspect',
  'sanitation.admin',
];
const POINTS_ALL: Permission[] = [
  ...POINTS_READ,
  'points.declare',
  'points.review',
  'points.admin',
  'shop.sell',
  'shop.stock',
  'policy.review',
];

export const ROLE_SPECS: Record<Role, RoleSpec> = {
  admin: {
    zh: '系统管理员',
    en: 'Administrator',
    levels: ['county', 'town'],
    permissions: [
      ...VILLAGER_ACCOUNTS,
      ...STAFF_READ,
      ...REGISTRY_WRITE,
      ...POINTS_ALL,
      ...SANITATION_ALL,
      'org.write',
      'user.read',
      'user.write',
      'audit.read',
      'pii.reveal',
      'jobs.run',
    ],
  },
  leader: {
    zh: '镇领导',
    en: 'Town leader',
    levels: ['county', 'town'],
    permissions: [
      ...STAFF_READ,
      ...POINTS_READ,
      'sanitation.approve',
      'policy.review',
      'user.read',
      'pii.reveal',
    ],
  },
  staff: {
    zh: '镇工作人员',
    en: 'Town staff',
    levels: ['town'],
    permissions: [
      ...VILLAGER_ACCOUNTS,
      ...STAFF_READ,
      ...REGISTRY_WRITE,
      ...POINTS_READ,
      ...SANITATION_ALL,
      'points.declare',
      'points.review',
      'points.admin',
      'shop.stock',
      'policy.review',
      'org.write',
      'user.read',
      'pii.reveal',
    ],
  },
  cadre: {
    zh: '村干部',
    en: 'Village cadre',
    levels: ['village'],
    permissions: [
      ...VILLAGER_ACCOUNTS,
      ...STAFF_READ,
      ...REGISTRY_WRITE,
      ...POINTS_READ,
      'points.declare',
      'points.review',
      'sanitation.collect',
      'sanitation.inspect',
      'org.write',
      'user.read',
      'pii.reveal',
    ],
  },
  grid: {
    zh: '村民小组长/网格员',
    en: 'Group leader',
    levels: ['village', 'group'],
    permissions: [
      ...VILLAGER_ACCOUNTS,
      ...STAFF_READ,
      ...POINTS_READ,
      'points.declare',
      'sanitation.collect',
      'sanitation.inspect',
    ],
  },
  clerk: {
    zh: '爱心超市管理员',
    en: 'Shop clerk',
    levels: ['town', 'village'],
    permissions: [...STAFF_READ, ...POINTS_READ, 'shop.sell', 'shop.stock'],
  },
  coop: {
    zh: '合作社负责人',
    en: 'Cooperative manager',
    levels: ['town', 'village'],
    permissions: [...STAFF_READ, ...POINTS_READ],
  },
  supervisor: {
    zh: '纪检/督查',
    en: 'Supervisor',
    levels: ['county', 'town'],
    permissions: [...STAFF_READ, ...POINTS_READ, 'user.read', 'audit.read'],
  },
  villager: {
    zh: '村民',
    en: 'Villager',
    levels: ['village', 'group'],
    permissions: ['self.read'],
  },
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_SPECS[r].permissions) set.add(p);
  return [...set].sort();
}

/** Whether `code` lies in the subtree rooted at `root` (inclusive). */
export function inSubtree(root: string, code: string): boolean {
  return code.startsWith(root);
}
