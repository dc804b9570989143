import { randomInt } from 'node:crypto';
import argon2 from 'argon2';
import { isStrongPassword } from '../../../common/auth/rules';

// OWASP's argon2id setting (19 MiB, t=2, p=1): ~20 ms on the machines a township has.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check, so an unknown username is not faster to refuse. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('zx-dummy-password-0');
  await verifyPassword(await dummy, password);
}

// No 0/O, 1/l/I: these are read aloud over the phone and typed by people on cheap keyboards.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A random password that passes `isStrongPassword`, easy to read out. */
export function generatePassword(length = 10): string {
  for (;;) {
    let p = '';
    for (let i = 0; i < length; i++) p += ALPHABET[randomInt(ALPHABET.length)];
    if (isStrongPassword(p)) return p;
  }
}
