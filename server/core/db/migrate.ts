import { type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { Db } from './database';
import { MIGRATIONS } from './migrations/index';

function migrator(db: Db): Migrator {
  return new Migrator({
    db: db.q,
    // Kysely looks for its own tables by name across schemas; pin it to ours.
    ...(db.pgSchema ? { migrationTableSchema: db.pgSchema } : {}),
    provider: {
      async getMigrations() {
        const out: Record<string, Migration> = {};
        for (const [name, m] of Object.entries(MIGRATIONS)) {
          out[name] = { up: (k) => m.up(k, db.dialect), down: (k) => m.down(k, db.dialect) };
        }
        return out;
      },
    },
  });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = result.error instanceof Error ? result.error : new Error(String(result.error));
    err.message = `migration ${failed?.migrationName ?? '?'} failed: ${err.message}`;
    throw err;
  }
  return (result.results ?? []).map((r) => `${r.direction === 'Up' ? '↑' : '↓'} ${r.migrationName}`);
}

/** Brings the schema to the latest migration; returns what ran. Each migration is one transaction. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return check(await migrator(db).migrateToLatest());
}

export async function migrateDown(db: Db): Promise<string[]> {
  return check(await migrator(db).migrateDown());
}

export async function migrateDownAll(db: Db): Promise<string[]> {
  const { NO_MIGRATIONS } = await import('kysely');
  return check(await migrator(db).migrateTo(NO_MIGRATIONS));
}

export async function migrationStatus(
  db: Db,
): Promise<Array<{ name: string; executedAt: Date | undefined }>> {
  const list = await migrator(db).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt }));
}
