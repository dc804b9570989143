/** Classification of driver errors, for both dialects, in one place. */
interface DriverError {
  code?: string;
  errno?: number;
}

function codeOf(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'code' in e) return String((e as DriverError).code);
  return undefined;
}

export function isUniqueViolation(e: unknown): boolean {
  const c = codeOf(e);
  return c === '23505' || c === 'SQLITE_CONSTRAINT_UNIQUE' || c === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** PostgreSQL serialization failure or deadlock: the transaction may simply be run again. */
export function isRetryable(e: unknown): boolean {
  const c = codeOf(e);
  return c === '40001' || c === '40P01';
}

/**
 * The database cannot take the write now: connection refused or lost, server shutting down,
 * disk full, I/O error, read-only file, or a lock not obtained within the busy timeout.
 */
export function isDbUnavailable(e: unknown): boolean {
  const c = codeOf(e);
  if (!c) {
    const msg = e instanceof Error ? e.message : '';
    return /Connection terminated|connection timeout|Client has encountered a connection error|database connection is not open|The database connection is not open/i.test(
      msg,
    );
  }
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(c))
    return true;
  if (/^(08|53|57P)/.test(c)) return true; // connection exception, insufficient resources, operator intervention
  if (/^SQLITE_(FULL|IOERR|CANTOPEN|READONLY|BUSY|LOCKED|NOTADB|CORRUPT)/.test(c)) return true;
  return false;
}
