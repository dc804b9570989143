import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, engines, type TestDb } from '../../test/harness';
import { BULK_ROWS, preparedInsert, preparedList } from './prepared';

const insertRuns = preparedInsert(
  'job_runs',
  ['key', 'job', 'status', 'detail', 'started_at', 'finished_at'],
  ['key'],
);
const runsByKey = preparedList((db, keys: string[]) =>
  db.selectFrom('job_runs').select(['key', 'detail']).where('key', 'in', keys),
);
const markDone = preparedList((db, keys: string[]) =>
  db.updateTable('job_runs').set({ status: 'done' }).where('key', 'in', keys),
);

const row = (key: string) => ({
  key,
  job: 'prepared-test',
  status: 'running',
  detail: `detail of ${key}`,
  started_at: '2026-11-29T00:00:00.000Z',
  finished_at: null,
});

/** Bulk statements in prepared shapes (prepared.ts): every row once, whatever the count. */
describe.each(engines)('prepared bulk statements (%s)', (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(engine);
  });
  afterAll(async () => t.dispose());

  it.each([0, 1, BULK_ROWS - 1, BULK_ROWS, BULK_ROWS + 1, 3 * BULK_ROWS + 77])(
    'runMany inserts %i rows, each once, and returns each',
    async (n) => {
      const keys = Array.from({ length: n }, (_, i) => `m${n}-${i}`);
      const back = await t.db.transaction((tx) => insertRuns.runMany(tx, keys.map(row)));
      expect(back.map((r) => r.key as string).sort()).toEqual([...keys].sort());
      const stored = await t.db.q
        .selectFrom('job_runs')
        .select('key')
        .where('key', 'like', `m${n}-%`)
        .execute();
      expect(stored).toHaveLength(n);
    },
  );

  it('preparedList reads and updates lists of any length, each row once (padding adds none)', async () => {
    const keys = Array.from({ length: 1234 }, (_, i) => `l-${i}`);
    await insertRuns.runMany(t.db.q, keys.map(row));
    expect(await runsByKey.all(t.db.q, [])).toEqual([]);
    // 1,234 values: two full chunks of 500 and one padded chunk of 234.
    const asked = [...keys.filter((_, i) => i % 3 === 0), 'l-none'];
    const got = await runsByKey.all(t.db.q, asked);
    expect(got.map((r) => r.key).sort()).toEqual(asked.filter((k) => k !== 'l-none').sort());
    expect(got.every((r) => r.detail === `detail of ${r.key}`)).toBe(true);
    const few = ['l-1', 'l-2', 'l-3'];
    await markDone.all(t.db.q, few);
    const done = await t.db.q
      .selectFrom('job_runs')
      .select('key')
      .where('key', 'like', 'l-%')
      .where('status', '=', 'done')
      .execute();
    expect(done.map((r) => r.key).sort()).toEqual(few);
  });
});
