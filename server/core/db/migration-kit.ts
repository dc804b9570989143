import type { CreateTableBuilder, Kysely } from 'kysely';
import type { DialectName } from './database';

/**
 * What a migration file exports. Migrations see the dialect so that the few differences
 * (identity columns, big integers) are decided here and nowhere else.
 */
export interface ZxMigration {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then.
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  down(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

/** An auto-increment integer primary key named `id`. */
export function withId<T extends string>(t: CreateTableBuilder<T, never>, dialect: DialectName) {
  return dialect === 'postgres'
    ? t.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** Integer columns that may exceed 2^31 (ledger sums, ids referenced from big tables). */
export function bigint(dialect: DialectName): 'bigint' | 'integer' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}
