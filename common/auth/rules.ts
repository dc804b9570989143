import { ROLES, type Role } from './roles';

/**
 * Rules shared by the server's zod schemas and the web forms, free of zod so the browser
 * bundle stays small.
 */
export const USERNAME_RE = /^[a-zA-Z0-9_.-]+$/;
export const PHONE_RE = /^1[3-9]\d{9}$/;

export function isStrongPassword(p: string): boolean {
  return p.length >= 8 && /[A-Za-z]/.test(p) && /\d/.test(p);
}

/** Which roles an account holding `actorRoles` may grant: administrators any, others villager and group leader. */
export function grantableRoles(actorRoles: readonly Role[]): readonly Role[] {
  if (actorRoles.includes('admin')) return ROLES;
  return ['villager', 'grid'];
}
