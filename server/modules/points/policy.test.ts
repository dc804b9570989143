import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../core/ledger/ledger';
import {
  buildHousehold,
  buildTestApp,
  buildTown,
  buildUser,
  engines,
  GROUP_A1,
  login,
  type Session,
  type TestApp,
  TOWN,
} from '../../test/harness';
import { givePoints } from './points.testkit';

describe.each(engines)('preferential policies for points (%s)', (engine) => {
  let t: TestApp;
  let staff: Session;
  let staff2: Session;
  let leader: Session;
  let villager: Session;
  let hh: number;
  let poor: number;
  let other: number;
  let policyId: number;

  const balance = async (h: number) =>
    (await leader.get(`/api/v1/points/accounts/${h}`)).json().balance as number;
  const apply = (s: Session, householdId: number, id = policyId) =>
    s.post(`/api/v1/points/policies/${id}/applications`, { householdId, note: '申请' });
  const review = (s: Session, id: number, body: object = { decision: 'approve' }) =>
    s.post(`/api/v1/points/policy-applications/${id}/review`, body);

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await buildTown(t.db, t.clock);
    hh = await buildHousehold(t.db, { org: GROUP_A1, head: '张伟' });
    poor = await buildHousehold(t.db, { org: GROUP_A1, head: '李强' });
    other = await buildHousehold(t.db, { org: GROUP_A1, head: '王芳' });
    for (const [u, role] of [
      ['staff', 'staff'],
      ['staff2', 'staff'],
      ['leader', 'leader'],
    ] as const)
      await buildUser(t.db, { username: u, role, org: TOWN, displayName: `${u} 的名字` });
    await buildUser(t.db, { username: 'zhangwei', role: 'villager', org: GROUP_A1, householdId: hh });
    staff = await login(t.app, 'staff');
    staff2 = await login(t.app, 'staff2');
    leader = await login(t.app, 'leader');
    villager = await login(t.app, 'zhangwei');
    const give = (id: number, n: number) =>
      givePoints(t.db, t.clock, { id, orgCode: GROUP_A1, town: TOWN }, n);
    await give(hh, 120);
    await give(poor, 10);
    await give(other, 200);
    const p = await staff.post('/api/v1/points/policies', {
      name: '小额贷款贴息优先',
      description: '积分 100 分以上的户优先推荐小额贷款贴息',
      costPoints: 50,
      minBalance: 100,
    });
    expect(p.statusCode, p.body).toBe(201);
    policyId = p.json().id;
  });
  afterAll(async () => t.dispose());

  it('refuses an unknown tag as a condition', async () => {
    const r = await staff.post('/api/v1/points/policies', {
      name: '测试',
      description: '测试政策',
      costPoints: 0,
      requiredTags: ['低保户'],
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('没有这种身份标签');
  });

  it('a villager applies once; an ineligible household is told why', async () => {
    const a = await apply(villager, hh);
    expect(a.statusCode, a.body).toBe(201);
    expect((await apply(villager, hh)).json().error.code).toBe('POLICY_ALREADY_APPLIED');
    // Twice at once for another household: one application, one clear refusal.
    const twice = await Promise.all([apply(staff, other), apply(staff2, other)]);
    expect(twice.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(twice.find((r) => r.statusCode === 409)?.json().error.code).toBe('POLICY_ALREADY_APPLIED');
    const no = await apply(staff, poor);
    expect(no.json().error.code).toBe('POLICY_NOT_ELIGIBLE');
    expect(no.json().error.message).toContain('现有积分 10，需要至少 100');
    // A villager applies only for their own household.
    expect((await apply(villager, other)).statusCode).toBe(404);
  });

  it('another person approves; the points move once; the policy lists who got it', async () => {
    const mine = (await staff.get(`/api/v1/points/policy-applications?policyId=${policyId}`)).json().items;
    const fromVillager = mine.find((x: { householdId: number }) => x.householdId === hh).id as number;
    expect((await review(leader, fromVillager, { decision: 'reject' })).json().error.code).toBe(
      'POINTS_REASON_REQUIRED',
    );
    // Staff who applied for a household do not approve that application.
    const assisted = mine.find((x: { householdId: number }) => x.householdId === other);
    // Shown by name; the login name stays for the self-review check.
    expect(assisted.appliedByName).toBe(`${assisted.appliedBy} 的名字`);
    const assistedBy = assisted.appliedBy === 'staff' ? staff : staff2;
    const otherStaff = assisted.appliedBy === 'staff' ? staff2 : staff;
    expect((await review(assistedBy, assisted.id)).json().error.code).toBe('POINTS_SELF_REVIEW');
    // Two reviewers at once: one decides, the other is told it was decided; points move once.
    const both = await Promise.all([review(leader, fromVillager), review(staff2, fromVillager)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await balance(hh)).toBe(70);
    expect((await review(leader, fromVillager)).json().error.code).toBe('POINTS_ALREADY_REVIEWED');
    expect((await review(otherStaff, assisted.id)).statusCode).toBe(200);
    expect(await balance(other)).toBe(150);
    const list = (await staff.get('/api/v1/points/policies')).json().items;
    expect(list.find((p: { id: number }) => p.id === policyId).granted).toBe(2);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });
});
