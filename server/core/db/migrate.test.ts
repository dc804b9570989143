import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, engines, type TestDb } from '../../test/harness';
import { migrateDownAll, migrateToLatest, migrationStatus } from './migrate';
import { MIGRATIONS } from './migrations/index';

describe.each(engines)('migrations (%s)', (engine) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb(engine);
  });
  afterEach(async () => t.dispose());

  async function tables(): Promise<string[]> {
    const list = await t.db.q.introspection.getTables();
    return list
      .filter((x) => !x.name.startsWith('kysely_') && (engine === 'sqlite' || x.schema === t.db.pgSchema))
      .map((x) => x.name)
      .sort();
  }

  it('runs every migration up, all the way down, and up again', async () => {
    const status = await migrationStatus(t.db);
    expect(status.map((s) => s.name)).toEqual(Object.keys(MIGRATIONS).sort());
    expect(status.every((s) => s.executedAt)).toBe(true);
    expect(await tables()).toContain('audit_log');
    const down = await migrateDownAll(t.db);
    expect(down.length).toBe(Object.keys(MIGRATIONS).length);
    expect(await tables()).toEqual([]);
    const up = await migrateToLatest(t.db);
    expect(up.length).toBe(Object.keys(MIGRATIONS).length);
    expect(await tables()).toContain('users');
  });

  it('is a no-op when already at the latest', async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
  });

  it('names names sorted, a timestamp first', () => {
    for (const name of Object.keys(MIGRATIONS)) expect(name).toMatch(/^\d{12}_[a-z0-9_]+$/);
  });

  if (engine === 'sqlite') {
    it('runs SQLite with WAL, foreign keys and the configured synchronous level', async () => {
      const raw = t.db.sqlite!;
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(raw.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(raw.pragma('synchronous', { simple: true })).toBe(1); // NORMAL in tests; FULL (2) is the default
      await expect(
        sql`insert into users (username, display_name, password_hash, roles, org_code, status, created_at, updated_at) values ('x','x','x','[]','nowhere','active','t','t')`.execute(
          t.db.q,
        ),
      ).rejects.toThrow(/FOREIGN KEY/);
    });
  }
});
