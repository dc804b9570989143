import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../core/audit/audit';
import { verifyLedger } from '../../core/ledger/ledger';
import { postDueNotices } from '../../core/notices/notices';
import {
  buildHousehold,
  buildTestApp,
  buildTown,
  buildUser,
  engines,
  GROUP_A1,
  GROUP_B1,
  login,
  type Session,
  type TestApp,
  TOWN,
  VILLAGE_A,
} from '../../test/harness';
import { runExpiry } from './accounts.service';

describe.each(engines)('points bank: declare → review → notice → ledger (%s)', (engine) => {
  let t: TestApp;
  let staff: Session;
  let cadre: Session;
  let cadre2: Session;
  let villager: Session;
  let cadreB: Session;
  let hh: number;
  let hh2: number;
  let hhB: number;
  let ruleId: number;
  let deductId: number;

  beforeAll(async () => {
    // Sessions outlive the clock jumps of notice periods.
    t = await buildTestApp(engine, { sessionIdleMinutes: 525600, sessionMaxHours: 8760 });
    await buildTown(t.db, t.clock);
    hh = await buildHousehold(t.db, { org: GROUP_A1, head: '张伟' });
    hh2 = await buildHousehold(t.db, { org: GROUP_A1, head: '李强' });
    hhB = await buildHousehold(t.db, { org: GROUP_B1, head: '刘海' });
    await buildUser(t.db, { username: 'staff', role: 'staff', org: TOWN });
    await buildUser(t.db, { username: 'cadre', role: 'cadre', org: VILLAGE_A, displayName: '张志强' });
    await buildUser(t.db, { username: 'cadre2', role: 'cadre', org: VILLAGE_A });
    await buildUser(t.db, { username: 'cadreb', role: 'cadre', org: '610881111203' });
    await buildUser(t.db, { username: 'zhangwei', role: 'villager', org: GROUP_A1, householdId: hh });
    staff = await login(t.app, 'staff');
    cadre = await login(t.app, 'cadre');
    cadre2 = await login(t.app, 'cadre2');
    cadreB = await login(t.app, 'cadreb');
    villager = await login(t.app, 'zhangwei');
    const r = await staff.post('/api/v1/points/rules', {
      code: 'XL-01',
      category: '孝老爱亲',
      name: '照顾孤寡老人',
      points: 10,
      unit: '次',
      limitCount: 3,
      limitPeriod: 'month',
      evidenceRequired: false,
      activeFrom: '2026-01-01',
    });
    expect(r.statusCode, r.body).toBe(201);
    ruleId = r.json().id;
    const d = await staff.post('/api/v1/points/rules', {
      code: 'HJ-09',
      category: '环境卫生',
      name: '乱堆乱放',
      points: -5,
      unit: '次',
      activeFrom: '2026-01-01',
    });
    deductId = d.json().id;
  });
  afterAll(async () => t.dispose());

  it('the whole loop: a villager declares, another cadre approves, the notice runs, the points post once', async () => {
    const dec = await villager.post('/api/v1/points/declarations', {
      householdId: hh,
      ruleId,
      quantity: 2,
      occurredOn: '2026-11-20',
      description: '照顾邻居王奶奶',
    });
    expect(dec.statusCode, dec.body).toBe(201);
    expect(dec.json()).toMatchObject({ points: 20, status: 'pending', source: 'villager', assisted: false });
    const assisted = await cadre.post('/api/v1/points/declarations', {
      householdId: hh2,
      ruleId,
      quantity: 1,
      occurredOn: '2026-11-21',
      description: '代老人申报',
    });
    // Shown by the declarer's name; the login name stays for telling one's own declarations.
    expect(assisted.json()).toMatchObject({
      assisted: true,
      source: 'cadre',
      declaredBy: 'cadre',
      declaredByName: '张志强',
    });
    // The declarer may not review their own declaration.
    const self = await cadre.post(`/api/v1/points/declarations/${assisted.json().id}/review`, {
      decision: 'approve',
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('POINTS_SELF_REVIEW');
    expect(
      (await cadre2.post(`/api/v1/points/declarations/${assisted.json().id}/review`, { decision: 'approve' }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await cadre.post(`/api/v1/points/declarations/${dec.json().id}/review`, { decision: 'approve' })
      ).json().status,
    ).toBe('approved');
    const again = await cadre2.post(`/api/v1/points/declarations/${dec.json().id}/review`, {
      decision: 'reject',
      reason: 'x',
    });
    expect(again.statusCode).toBe(409);
    const pub = await cadre.post('/api/v1/points/notices', { village: VILLAGE_A });
    expect(pub.statusCode, pub.body).toBe(201);
    const noticeId = pub.json().noticeId;
    const notice = (await villager.get(`/api/v1/notices/${noticeId}`)).json();
    expect(
      notice.entries.map((e: { displayName: string; amount: number }) => [e.displayName, e.amount]),
    ).toEqual([
      ['张伟户', 20],
      ['李强户', 10],
    ]);
    expect(JSON.stringify(notice)).not.toMatch(/\d{17}[\dX]/);
    // A village B cadre does not even see it.
    expect((await cadreB.get(`/api/v1/notices/${noticeId}`)).statusCode).toBe(404);
    // Before the period ends nothing posts.
    expect(await postDueNotices(t.db, t.clock)).toBe(0);
    expect((await villager.get(`/api/v1/points/accounts/${hh}`)).json().balance).toBe(0);
    t.clock.advance(5 * 86400_000 + 1000);
    expect(await postDueNotices(t.db, t.clock)).toBe(1);
    expect(await postDueNotices(t.db, t.clock)).toBe(0); // once
    const acc = (await villager.get(`/api/v1/points/accounts/${hh}`)).json();
    expect(acc).toMatchObject({ householdId: hh, balance: 20, earnedTotal: 20, spentTotal: 0 });
    expect((await cadre.get(`/api/v1/points/accounts/${hh2}`)).json().balance).toBe(10);
    // The balance is scoped on the account's own division code: another household's account
    // is not found for a villager, nor for a cadre of another village.
    expect((await villager.get(`/api/v1/points/accounts/${hh2}`)).statusCode).toBe(404);
    expect((await cadreB.get(`/api/v1/points/accounts/${hh}`)).statusCode).toBe(404);
    const st = (await villager.get(`/api/v1/points/accounts/${hh}/statement`)).json();
    expect(st.lines[0]).toMatchObject({
      kind: 'award',
      amount: 20,
      balanceAfter: 20,
      memo: '照顾孤寡老人 ×2',
    });
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('objections: raised in the period, decided by staff, a withdrawn item never posts', async () => {
    const d1 = (
      await cadre.post('/api/v1/points/declarations', {
        householdId: hh,
        ruleId,
        quantity: 1,
        occurredOn: '2026-11-25',
        description: '照顾老人',
      })
    ).json();
    await cadre2.post(`/api/v1/points/declarations/${d1.id}/review`, { decision: 'approve' });
    const noticeId = (await cadre.post('/api/v1/points/notices', { village: VILLAGE_A })).json().noticeId;
    const item = (await villager.get(`/api/v1/notices/${noticeId}`)).json().entries[0];
    const obj = await villager.post(`/api/v1/notices/${noticeId}/objections`, {
      itemId: item.id,
      reason: '这件事没有发生',
    });
    expect(obj.statusCode).toBe(201);
    const again = await villager.post(`/api/v1/notices/${noticeId}/objections`, {
      itemId: item.id,
      reason: '再提一次',
    });
    expect(again.json().error.code).toBe('NOTICE_OBJECTION_OPEN');
    // An open objection holds the notice past its end.
    t.clock.advance(6 * 86400_000);
    expect(await postDueNotices(t.db, t.clock)).toBe(0);
    const late = await villager.post(`/api/v1/notices/${noticeId}/objections`, { reason: '又一条' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('NOTICE_CLOSED');
    const byVillager = await villager.post(`/api/v1/notices/objections/${obj.json().id}/decision`, {
      decision: 'withdraw',
      reason: '核实',
    });
    expect(byVillager.statusCode).toBe(404);
    expect(
      (
        await cadre.post(`/api/v1/notices/objections/${obj.json().id}/decision`, {
          decision: 'withdraw',
          reason: '经核实确无此事',
        })
      ).statusCode,
    ).toBe(200);
    const before = (await villager.get(`/api/v1/points/accounts/${hh}`)).json().balance;
    expect(await postDueNotices(t.db, t.clock)).toBe(1);
    expect((await villager.get(`/api/v1/points/accounts/${hh}`)).json().balance).toBe(before);
    const decl = (await cadre.get(`/api/v1/points/declarations?householdId=${hh}`))
      .json()
      .items.find((x: { id: number }) => x.id === d1.id);
    expect(decl.status).toBe('withdrawn');
  });

  it('rules are versioned: a revision never rewrites a past award; a retired rule refuses declarations', async () => {
    const rev = await staff.post('/api/v1/points/rules/XL-01/revise', {
      category: '孝老爱亲',
      name: '照顾孤寡老人',
      points: 12,
      unit: '次',
      limitCount: 3,
      limitPeriod: 'month',
    });
    expect(rev.statusCode, rev.body).toBe(201);
    expect(rev.json().version).toBe(2);
    // A phone still holding version 1 declares today's deed: it is judged by version 2.
    const stale = await villager.post('/api/v1/points/declarations', {
      householdId: hh,
      ruleId,
      quantity: 1,
      occurredOn: t.clock.now().toISOString().slice(0, 10),
      description: '按旧细则',
    });
    expect(stale.statusCode, stale.body).toBe(201);
    expect(stale.json()).toMatchObject({ ruleId: rev.json().id, points: 12 });
    await cadre.post(`/api/v1/points/declarations/${stale.json().id}/review`, {
      decision: 'reject',
      reason: '重复申报',
    });
    const st = (await villager.get(`/api/v1/points/accounts/${hh}/statement`)).json();
    expect(st.lines[0].amount).toBe(20);
    await staff.post('/api/v1/points/rules/XL-01/retire');
    const retired = await villager.post('/api/v1/points/declarations', {
      householdId: hh,
      ruleId: rev.json().id,
      quantity: 1,
      occurredOn: t.clock.now().toISOString().slice(0, 10),
      description: '停用后',
    });
    expect(retired.json().error.code).toBe('POINTS_RULE_RETIRED');
  });

  it('bad declarations are refused with a clear message and nothing written', async () => {
    const r = await staff.post('/api/v1/points/rules', {
      code: 'ZY-01',
      category: '志愿服务',
      name: '志愿服务',
      points: 5,
      unit: '次',
      limitCount: 2,
      limitPeriod: 'month',
      evidenceRequired: true,
    });
    const rid = r.json().id;
    const today = t.clock.now().toISOString().slice(0, 10);
    const cases: Array<[Session, object, number, string]> = [
      [
        villager,
        { householdId: hh, ruleId: rid, quantity: 1, occurredOn: today, description: '没有照片' },
        400,
        'POINTS_EVIDENCE_REQUIRED',
      ],
      [
        villager,
        {
          householdId: hh2,
          ruleId: rid,
          quantity: 1,
          occurredOn: today,
          description: '别人家',
          evidence: [],
        },
        404,
        'NOT_FOUND',
      ],
      [
        villager,
        { householdId: hh, ruleId: rid, quantity: 0, occurredOn: today, description: '数量为零' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        villager,
        { householdId: hh, ruleId: rid, quantity: 1.5, occurredOn: today, description: '小数' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        villager,
        { householdId: hh, ruleId: rid, quantity: 1, occurredOn: '2099-01-01', description: '未来' },
        400,
        'POINTS_DATE_FUTURE',
      ],
      [
        cadre,
        { householdId: hhB, ruleId: rid, quantity: 1, occurredOn: today, description: '别的村' },
        404,
        'NOT_FOUND',
      ],
      [
        villager,
        { householdId: hh, ruleId: 999999, quantity: 1, occurredOn: today, description: '没有的细则' },
        404,
        'POINTS_RULE_NOT_FOUND',
      ],
    ];
    const before = await t.db.q
      .selectFrom('declarations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [s, body, status, code] of cases) {
      const res = await s.post('/api/v1/points/declarations', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    const after = await t.db.q
      .selectFrom('declarations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // Limits per household per period.
    const photo = await t.db.q
      .insertInto('files')
      .values({
        id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        sha256: 'x',
        mime: 'image/png',
        size: 1,
        org_code: GROUP_A1,
        created_by: 'x',
        created_at: 'x',
      })
      .execute();
    expect(photo).toBeTruthy();
    const ev = ['3f2504e0-4f89-41d3-9a0c-0305e82c3301'];
    expect(
      (
        await villager.post('/api/v1/points/declarations', {
          householdId: hh,
          ruleId: rid,
          quantity: 2,
          occurredOn: today,
          description: '两次',
          evidence: ev,
        })
      ).statusCode,
    ).toBe(201);
    const over = await villager.post('/api/v1/points/declarations', {
      householdId: hh,
      ruleId: rid,
      quantity: 1,
      occurredOn: today,
      description: '第三次',
      evidence: ev,
    });
    expect(over.statusCode).toBe(409);
    expect(over.json().error.message).toContain('最多 2 次');
  });

  it('deductions never take a household below zero', async () => {
    const d = (
      await cadre.post('/api/v1/points/declarations', {
        householdId: hh2,
        ruleId: deductId,
        quantity: 3,
        occurredOn: '2026-11-26',
        description: '门前乱堆柴草',
      })
    ).json();
    await cadre2.post(`/api/v1/points/declarations/${d.id}/review`, { decision: 'approve' });
    await cadre.post('/api/v1/points/notices', { village: VILLAGE_A });
    t.clock.advance(6 * 86400_000);
    await postDueNotices(t.db, t.clock);
    expect((await cadre.get(`/api/v1/points/accounts/${hh2}`)).json().balance).toBe(0);
    const st = (await cadre.get(`/api/v1/points/accounts/${hh2}/statement`)).json();
    expect(st.lines.at(-1)).toMatchObject({ kind: 'deduction', amount: -10 });
    expect(st.lines.at(-1).memo).toContain('实扣 10');
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('an evaluation round turns stars into points after another member approves it', async () => {
    const month = '2026-10';
    const r = await cadre.post('/api/v1/points/evaluations', {
      village: VILLAGE_A,
      month,
      scores: [
        { householdId: hh, stars: 5 },
        { householdId: hh2, stars: 1 },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().declarations).toBe(1); // one star is worth 0 by default
    const pending = (await cadre2.get('/api/v1/points/evaluations')).json().items;
    expect(pending).toEqual([
      expect.objectContaining({
        id: r.json().id,
        village: VILLAGE_A,
        month,
        status: 'pending',
        households: 1,
        mine: false,
        createdBy: 'cadre',
      }),
    ]);
    expect((await cadre.get('/api/v1/points/evaluations')).json().items[0].mine).toBe(true);
    expect((await cadre.post(`/api/v1/points/evaluations/${r.json().id}/approve`)).json().error.code).toBe(
      'POINTS_SELF_REVIEW',
    );
    expect((await cadre2.post(`/api/v1/points/evaluations/${r.json().id}/approve`)).statusCode).toBe(200);
    expect((await cadre2.get('/api/v1/points/evaluations')).json().items).toEqual([]);
    expect((await cadre2.get('/api/v1/points/evaluations?status=all')).json().items[0]).toMatchObject({
      status: 'approved',
      reviewedBy: 'cadre2',
    });
    const twice = await cadre.post('/api/v1/points/evaluations', {
      village: VILLAGE_A,
      month: '2026-08',
      scores: [
        { householdId: hh, stars: 5 },
        { householdId: hh, stars: 5 },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('只能评一次');
    expect((await cadre.get('/api/v1/points/evaluations?status=all')).json().items).toHaveLength(1);
    // Someone retires the evaluation rule: the next round makes a new version of it, not a 500.
    expect((await staff.post('/api/v1/points/rules/EVAL/retire')).statusCode).toBeLessThan(300);
    const after = await cadre.post('/api/v1/points/evaluations', {
      village: VILLAGE_A,
      month: '2026-07',
      scores: [{ householdId: hh, stars: 5 }],
    });
    expect(after.statusCode, after.body).toBe(201);
    const dup = await cadre.post('/api/v1/points/evaluations', {
      village: VILLAGE_A,
      month,
      scores: [{ householdId: hh, stars: 5 }],
    });
    expect(dup.statusCode).toBe(409);
    const bad = await cadre.post('/api/v1/points/evaluations', {
      village: VILLAGE_A,
      month: '2026-09',
      scores: [{ householdId: hh, stars: 7 }],
    });
    expect(bad.statusCode).toBe(400);
  });

  it('honour roll by points earned, participation per village', async () => {
    const roll = (await cadre.get('/api/v1/points/honour-roll?period=2026')).json();
    expect(roll.items[0]).toMatchObject({ rank: 1, householdName: '张伟户', points: 20 });
    expect(roll.title).toContain('马镇村委会');
    const part = (await staff.get('/api/v1/points/participation?period=2026')).json().items;
    const a = part.find((p: { village: string }) => p.village === VILLAGE_A);
    expect(a).toMatchObject({ households: 2, awarded: 2, rate: 100 });
  });

  it('year-end expiry: once per year, first in first out, shown ahead', async () => {
    // Kept two years, this year's awards do not expire at its end.
    await staff.put('/api/v1/points/settings', {
      noticeDays: 5,
      expiryYears: 2,
      evaluationTable: { '5': 20, '4': 15, '3': 10, '2': 5, '1': 0 },
    });
    expect((await villager.get(`/api/v1/points/accounts/${hh}`)).json().expiring).toEqual([]);
    await staff.put('/api/v1/points/settings', {
      noticeDays: 5,
      expiryYears: 1,
      evaluationTable: { '5': 20, '4': 15, '3': 10, '2': 5, '1': 0 },
    });
    const acc = (await villager.get(`/api/v1/points/accounts/${hh}`)).json();
    expect(acc.expiring).toEqual([{ points: acc.balance, on: '2026-12-31' }]);
    const r1 = await runExpiry(t.db, t.clock, TOWN, 2026);
    expect(r1).toContain('households');
    expect(await runExpiry(t.db, t.clock, TOWN, 2026)).toBeNull();
    expect((await villager.get(`/api/v1/points/accounts/${hh}`)).json().balance).toBe(0);
    expect((await verifyLedger(t.db)).ok).toBe(true);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });
  it('a household that moves takes its points account and open declarations to the new village', async () => {
    const rule = await staff.post('/api/v1/points/rules', {
      code: 'MV-1',
      category: '志愿服务',
      name: '参加志愿服务',
      points: 5,
      unit: '次',
      activeFrom: '2026-01-01',
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const open = await cadre.post('/api/v1/points/declarations', {
      householdId: hh2,
      ruleId: rule.json().id,
      quantity: 1,
      occurredOn: t.clock.now().toISOString().slice(0, 10),
      description: '搬家前申报',
    });
    expect(open.statusCode, open.body).toBe(201);
    const ids = (s: Session) =>
      s
        .get('/api/v1/points/accounts')
        .then((r) => r.json().items.map((x: { householdId: number }) => x.householdId));
    expect(await ids(cadreB)).not.toContain(hh2);
    const moved = await staff.patch(`/api/v1/registry/households/${hh2}`, { orgCode: GROUP_B1 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await ids(cadreB)).toContain(hh2);
    expect(await ids(cadre)).not.toContain(hh2);
    const pendingB = (await cadreB.get('/api/v1/points/declarations?status=pending')).json().items;
    expect(pendingB.map((d: { id: number }) => d.id)).toContain(open.json().id);
    expect(
      (await cadre2.post(`/api/v1/points/declarations/${open.json().id}/review`, { decision: 'approve' }))
        .statusCode,
    ).toBe(404);
  });
});

describe.each(engines)('points: card, statement and the rule sheet in Excel (%s)', (engine) => {
  let t: TestApp;
  let staff: Session;
  let hh: number;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    await buildTown(t.db, t.clock);
    hh = await buildHousehold(t.db, { org: GROUP_A1, head: '张伟' });
    await buildUser(t.db, { username: 'staff', role: 'staff', org: TOWN });
    staff = await login(t.app, 'staff');
  });
  afterAll(async () => t.dispose());

  it('issues a card with a QR code and finds the household by its code', async () => {
    const card = (await staff.get(`/api/v1/points/accounts/${hh}/card`)).json();
    expect(card.code).toMatch(new RegExp(`^ZXH-${hh}-\\d{2}$`));
    expect(card.svg).toContain('<svg');
    const found = await staff.get(`/api/v1/points/cards/${card.code}`);
    expect(found.json()).toMatchObject({
      householdId: hh,
      householdName: '张伟户',
      householdNumber: expect.stringMatching(/^T-/),
      villageName: '马镇村委会',
      groupName: '一组',
      balance: 0,
    });
    expect((await staff.get(`/api/v1/points/cards/ZXH-${hh}-00`)).statusCode).toBe(404);
  });

  it('exports the rule sheet and imports it back: unchanged, revised, created; a bad sheet writes nothing', async () => {
    const ExcelJS = (await import('exceljs')).default;
    await staff.post('/api/v1/points/rules', {
      code: 'A-1',
      category: '孝老爱亲',
      name: '照顾老人',
      points: 10,
      unit: '次',
    });
    const exp = await staff.get('/api/v1/points/rules.xlsx');
    expect(exp.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    // Change the points of A-1 and add a new rule.
    const header = 3;
    ws.getRow(header + 1).getCell(4).value = 12;
    ws.addRow(['B-1', '志愿服务', '参加志愿服务', 5, '次', 4, '月', '否']);
    const boundary = '----zxrules';
    const upload = async () => {
      const sheet = Buffer.from(await wb.xlsx.writeBuffer());
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rules.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        sheet,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/points/rules/import',
        payload,
        headers: {
          cookie: staff.cookie,
          'x-csrf-token': staff.csrf,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
      });
      return res.json();
    };
    const codes = async () =>
      (await staff.get('/api/v1/points/rules')).json().items.map((r: { code: string }) => r.code) as string[];
    expect(await upload()).toEqual({ created: 1, revised: 1, unchanged: 0, errors: [] });
    const rules = (await staff.get('/api/v1/points/rules')).json().items;
    expect(rules.find((r: { code: string }) => r.code === 'A-1')).toMatchObject({ points: 12, version: 2 });
    ws.addRow(['C-1', '乱类别', '坏行', 0, '次']);
    const r2 = await upload();
    expect(r2.created + r2.revised).toBe(0);
    expect(r2.errors.map((e: { message: string }) => e.message).join()).toContain('分值');
    expect(await codes()).not.toContain('C-1');
    // A retired code in the sheet is a row error, and the good rows beside it are not written.
    ws.spliceRows(ws.rowCount, 1);
    ws.addRow(['D-1', '志愿服务', '清扫街道', 3, '次']);
    await staff.post('/api/v1/points/rules/B-1/retire');
    const r3 = await upload();
    expect(r3.errors.map((e: { message: string }) => e.message).join()).toContain('「B-1」已停用');
    expect(await codes()).not.toContain('D-1');
    const st = await staff.get(`/api/v1/points/accounts/${hh}/statement.xlsx`);
    expect(st.statusCode).toBe(200);
  });
});
