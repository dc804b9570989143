import type { MessageKey } from './i18n/i18n';

/**
 * The server's password rule (common/auth/schemas.ts NewPassword), checked before sending
 * so the person sees it while typing. The server checks again; this only saves a round trip.
 */
export function passwordProblem(p: string): MessageKey | null {
  if (p.length < 8) return 'account.password.tooShort';
  if (p.length > 128) return 'account.password.tooLong';
  if (!/[A-Za-z]/.test(p) || !/\d/.test(p)) return 'account.password.needMix';
  return null;
}

/** Same patterns as common/auth/schemas.ts (Username, Phone). */
export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{2,32}$/;
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
