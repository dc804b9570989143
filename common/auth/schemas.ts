import { z } from 'zod';
import { PERMISSIONS, ROLES } from './roles';
import { isStrongPassword, PHONE_RE, USERNAME_RE } from './rules';

export const RoleSchema = z.enum(ROLES);
export const PermissionSchema = z.enum(PERMISSIONS);

export const Username = z
  .string()
  .trim()
  .min(2, '用户名至少 2 个字符')
  .max(32, '用户名最多 32 个字符')
  .regex(USERNAME_RE, '用户名只能用字母、数字和 _ . -');

export const Phone = z.string().trim().regex(PHONE_RE, '手机号应为 11 位数字，以 1 开头');

export const Password = z.string().min(1, '请输入密码').max(200, '密码太长');

export const NewPassword = z
  .string()
  .min(8, '密码至少 8 位')
  .max(128, '密码最多 128 位')
  .refine(isStrongPassword, '密码需同时包含字母和数字');

export const LoginBody = z.strictObject({
  username: z.string().trim().min(1, '请输入用户名或手机号').max(64),
  password: Password,
});
export type LoginBody = z.infer<typeof LoginBody>;

export const ScopeSchema = z.object({
  kind: z.enum(['org', 'household']),
  code: z.string(),
  name: z.string(),
  level: z.string(),
  /** Names from the top of the installation down to the scope node, for display. */
  path: z.array(z.object({ code: z.string(), name: z.string() })),
  householdId: z.number().int().optional(),
});
export type Scope = z.infer<typeof ScopeSchema>;

export const MeResponse = z.object({
  user: z.object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    phoneMasked: z.string().nullable(),
    locale: z.enum(['zh-CN', 'en']),
    mustChangePassword: z.boolean(),
    /** Signed in with a one-time code: a new password is set without the old one. */
    signedInWithCode: z.boolean().optional(),
  }),
  roles: z.array(RoleSchema),
  permissions: z.array(PermissionSchema),
  scope: ScopeSchema,
  csrfToken: z.string().optional(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const UpdateMeBody = z.strictObject({
  locale: z.enum(['zh-CN', 'en']).optional(),
  displayName: z.string().trim().min(1).max(40).optional(),
});

export const ChangePasswordBody = z.strictObject({
  /** Not needed in a session opened with a one-time login code. */
  currentPassword: Password.optional(),
  newPassword: NewPassword,
});

export const UserSummary = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  phoneMasked: z.string().nullable(),
  roles: z.array(RoleSchema),
  orgCode: z.string(),
  orgName: z.string(),
  householdId: z.number().int().nullable(),
  status: z.enum(['active', 'disabled']),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const UserListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  q: z.string().trim().max(40).optional(),
  role: RoleSchema.optional(),
  orgCode: z
    .string()
    .regex(/^\d{2,15}$/)
    .optional(),
  status: z.enum(['active', 'disabled']).optional(),
  householdId: z.coerce.number().int().positive().optional(),
});

export const CreateUserBody = z.strictObject({
  username: Username,
  displayName: z.string().trim().min(1, '请填写姓名').max(40),
  phone: Phone.optional(),
  roles: z.array(RoleSchema).min(1, '至少选择一个角色').max(5),
  orgCode: z.string().regex(/^\d{6,15}$/, '请选择所属区划'),
  householdId: z.number().int().positive().optional(),
  password: NewPassword.optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const CreateUserResponse = z.object({
  user: UserSummary,
  /** Only when the server generated the password: shown once, never stored in clear. */
  initialPassword: z.string().optional(),
});

export const ResetPasswordResponse = z.object({ temporaryPassword: z.string() });

export const CreateTokenBody = z.strictObject({
  name: z.string().trim().min(1, '请给令牌起个名字').max(60),
  orgCode: z
    .string()
    .regex(/^\d{6,15}$/)
    .optional(),
  permissions: z.array(PermissionSchema).min(1).optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const TokenSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  orgCode: z.string(),
  permissions: z.array(PermissionSchema),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const CreateTokenResponse = z.object({ token: z.string(), summary: TokenSummary });
