import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildTown, buildUser, engines, login, type TestApp, TOWN } from '../../test/harness';
import { once, Scheduler } from './jobs';

describe.each(engines)('scheduled jobs (%s)', (engine) => {
  let t: TestApp;
  let runs = 0;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    await buildTown(t.db, t.clock);
    await buildUser(t.db, { username: 'admin', role: 'admin', org: TOWN });
    await buildUser(t.db, { username: 'staff', role: 'staff', org: TOWN });
    t.deps.scheduler = new Scheduler({ db: t.db, clock: t.clock, log: t.app.log }, [
      {
        name: 'count',
        everyMs: 1e9,
        run: async () => {
          runs++;
          return `ran ${runs}`;
        },
      },
    ]);
  });
  afterAll(async () => t.dispose());

  it('administrators run a job now; others may not; the run is audited', async () => {
    const admin = await login(t.app, 'admin');
    const list = await admin.get('/api/v1/jobs');
    expect(list.json().items, list.body).toEqual(['count']);
    const r = await admin.post('/api/v1/jobs/count/run');
    expect(r.json()).toEqual({ name: 'count', detail: 'ran 1' });
    expect((await admin.post('/api/v1/jobs/nope/run')).statusCode).toBe(404);
    const staff = await login(t.app, 'staff');
    expect((await staff.post('/api/v1/jobs/count/run')).statusCode).toBe(403);
    const audit = await t.db.q.selectFrom('audit_log').selectAll().where('entity', '=', 'job').execute();
    expect(audit).toHaveLength(1);
  });

  it('once: a keyed run happens once; a failed run may be retried', async () => {
    let n = 0;
    expect(await once(t.db, t.clock, 'k1', 'test', async () => `x${++n}`)).toBe('x1');
    expect(await once(t.db, t.clock, 'k1', 'test', async () => `x${++n}`)).toBeNull();
    await expect(
      once(t.db, t.clock, 'k2', 'test', async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(await once(t.db, t.clock, 'k2', 'test', async () => 'ok')).toBe('ok');
  });
});
