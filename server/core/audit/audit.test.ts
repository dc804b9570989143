import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, engines, type TestDb } from '../../test/harness';
import { systemActor } from '../auth/actor';
import { ManualClock } from '../clock';
import { canonicalJson, digest, recordAudit, verifyAudit } from './audit';

describe('canonical digests', () => {
  it('digests equal values equally whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(digest({ a: 1, b: 2 })).toBe(digest({ b: 2, a: 1 }));
    expect(digest(null)).toBeNull();
  });
});

describe.each(engines)('audit trail (%s)', (engine) => {
  let t: TestDb;
  const clock = new ManualClock();
  const actor = { ...systemActor('tester', '610881111'), ip: '10.0.0.9', requestId: 'req-1' };
  beforeEach(async () => {
    t = await createTestDb(engine, { poolMax: 20 });
  });
  afterEach(async () => t.dispose());

  async function write(n: number) {
    for (let i = 0; i < n; i++) {
      await t.db.transaction((tx) =>
        recordAudit(tx, actor, clock, {
          entity: 'thing',
          entityId: i,
          action: 'create',
          summary: `第${i}个`,
          after: { i },
        }),
      );
    }
  }

  it('chains rows and verifies a clean trail', async () => {
    await write(5);
    const res = await verifyAudit(t.db);
    expect(res).toMatchObject({ ok: true, rows: 5, headSeq: 5, problems: [] });
    const rows = await t.db.q.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows[0].prev_hash).toBe('0'.repeat(64));
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows[0]).toMatchObject({
      actor_username: 'tester',
      org_code: '610881111',
      ip: '10.0.0.9',
      request_id: 'req-1',
    });
  });

  it('finds a row changed directly in the database', async () => {
    await write(5);
    await sql`update audit_log set summary = 'tampered' where seq = 3`.execute(t.db.q);
    const res = await verifyAudit(t.db);
    expect(res.ok).toBe(false);
    expect(res.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'changed' })]);
    expect(res.problems[0].message).toContain('第 3 条');
  });

  it('finds a removed row, in the middle and at the end', async () => {
    await write(5);
    await sql`delete from audit_log where seq = 2`.execute(t.db.q);
    const mid = await verifyAudit(t.db);
    expect(mid.problems.map((p) => p.kind)).toEqual(['missing', 'broken-link']);
    await sql`delete from audit_log where seq = 5`.execute(t.db.q);
    const end = await verifyAudit(t.db);
    expect(end.problems.map((p) => p.kind)).toContain('head-mismatch');
  });

  it('finds a re-hashed row (an attacker recomputing one hash breaks the next link)', async () => {
    await write(4);
    const { rowHash } = await import('./audit');
    const row = await t.db.q
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    const forged = { ...row, seq: Number(row.seq), summary: 'forged' };
    await sql`update audit_log set summary = 'forged', hash = ${rowHash(forged)} where seq = 2`.execute(
      t.db.q,
    );
    const res = await verifyAudit(t.db);
    expect(res.problems).toEqual([expect.objectContaining({ seq: 3, kind: 'broken-link' })]);
  });

  it('stays one unbroken line under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.db.transaction((tx) =>
          recordAudit(tx, actor, clock, [
            { entity: 'c', entityId: i, action: 'a' },
            { entity: 'c', entityId: i, action: 'b' },
          ]),
        ),
      ),
    );
    const res = await verifyAudit(t.db);
    expect(res).toMatchObject({ ok: true, rows: 80, headSeq: 80 });
  });

  it('writes nothing when the surrounding transaction fails', async () => {
    await write(2);
    await expect(
      t.db.transaction(async (tx) => {
        await recordAudit(tx, actor, clock, { entity: 'x', action: 'y' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const res = await verifyAudit(t.db);
    expect(res).toMatchObject({ ok: true, rows: 2, headSeq: 2 });
  });
});
