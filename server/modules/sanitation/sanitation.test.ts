import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../common/registry/id-card';
import { verifyAudit } from '../../core/audit/audit';
import { verifyLedger } from '../../core/ledger/ledger';
import {
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
import { billingJob, countsFor } from './billing.service';

describe('who counts for a month', () => {
  it('first_day: on the register on the 1st', () => {
    expect(countsFor({ joined: '2026-03-15', left: null }, '2026-03', 'first_day')).toBe(false);
    expect(countsFor({ joined: '2026-03-01', left: null }, '2026-03', 'first_day')).toBe(true);
    expect(countsFor({ joined: '2020-01-01', left: '2026-03-20' }, '2026-03', 'first_day')).toBe(true);
    expect(countsFor({ joined: '2020-01-01', left: '2026-03-01' }, '2026-03', 'first_day')).toBe(false);
    expect(countsFor({ joined: null, left: null }, '2026-03', 'first_day')).toBe(true);
  });
  it('any_day and full_month', () => {
    expect(countsFor({ joined: '2026-03-31', left: null }, '2026-03', 'any_day')).toBe(true);
    expect(countsFor({ joined: '2020-01-01', left: '2026-03-02' }, '2026-03', 'any_day')).toBe(true);
    expect(countsFor({ joined: '2020-01-01', left: '2026-03-31' }, '2026-03', 'full_month')).toBe(false);
    expect(countsFor({ joined: '2020-01-01', left: '2026-04-01' }, '2026-03', 'full_month')).toBe(true);
  });
});

describe.each(engines)('one-yuan governance (%s)', (engine) => {
  let t: TestApp;
  let staff: Session;
  let leader: Session;
  let supervisor: Session;
  let cadre: Session;
  let grid: Session;
  let villager: Session;
  let hh: number;
  let hh2: number;
  let hhB: number;
  const id = (birth: string, seq: number) => makeIdNumber('610881', birth, seq);
  let n = 0;
  const pay = (
    s: Session,
    body: object,
    key = `pay-${engine}-${++n}-${Math.random().toString(36).slice(2)}`,
  ) => s.post('/api/v1/sanitation/payments', body, { 'idempotency-key': key });
  const bills = async (h: number, s: Session = staff) =>
    (await s.get(`/api/v1/sanitation/households/${h}/bills`)).json();

  beforeAll(async () => {
    t = await buildTestApp(engine, { sessionIdleMinutes: 525600, sessionMaxHours: 8760 });
    t.clock.set('2026-05-20T02:00:00Z');
    await buildTown(t.db, t.clock);
    await buildUser(t.db, { username: 'staff', role: 'staff', org: TOWN });
    await buildUser(t.db, { username: 'leader', role: 'leader', org: TOWN, displayName: '王建国' });
    await buildUser(t.db, { username: 'super', role: 'staff', org: TOWN, displayName: '贺文斌' });
    await buildUser(t.db, { username: 'cadre', role: 'cadre', org: VILLAGE_A });
    await buildUser(t.db, { username: 'grid', role: 'grid', org: GROUP_A1, displayName: '高小平' });
    staff = await login(t.app, 'staff');
    leader = await login(t.app, 'leader');
    supervisor = await login(t.app, 'super');
    cadre = await login(t.app, 'cadre');
    grid = await login(t.app, 'grid');
    // 张家: head, wife (低保), grandmother (dies 2026-03-10), a baby born 2026-03-15, a son who moved in 2026-03-01.
    const h = await cadre.post('/api/v1/registry/households', {
      number: 'A-1',
      orgCode: GROUP_A1,
      date: '2020-01-01',
      head: { name: '张伟', idNumber: id('19650312', 31), relation: '户主' },
    });
    hh = h.json().id;
    const add = (kind: string, date: string, resident: object) =>
      cadre.post(`/api/v1/registry/households/${hh}/events`, { kind, date, resident });
    await add('move_in', '2020-01-01', { name: '李秀英', idNumber: id('19670101', 42), relation: '配偶' });
    await add('move_in', '2020-01-01', { name: '王桂兰', idNumber: id('19400101', 62), relation: '父母' });
    await add('birth', '2026-03-15', { name: '张小宝', idNumber: id('20260315', 13), relation: '孙子女' });
    await add('move_in', '2026-03-01', { name: '张军', idNumber: id('19900101', 11), relation: '子' });
    const members = (await cadre.get(`/api/v1/registry/households/${hh}`)).json().members;
    const wife = members.find((m: { name: string }) => m.name === '李秀英').id;
    const granny = members.find((m: { name: string }) => m.name === '王桂兰').id;
    await cadre.post(`/api/v1/registry/residents/${wife}/tags`, { tag: 'dibao', startDate: '2026-02-15' });
    await cadre.post(`/api/v1/registry/households/${hh}/events`, {
      kind: 'death',
      date: '2026-03-10',
      residentId: granny,
    });
    hh2 = (
      await cadre.post('/api/v1/registry/households', {
        number: 'A-2',
        orgCode: GROUP_A1,
        date: '2020-01-01',
        head: { name: '李强', idNumber: id('19700101', 51), relation: '户主' },
      })
    ).json().id;
    const b = await buildUser(t.db, { username: 'cadreb', role: 'cadre', org: '610881111203' });
    expect(b).toBeGreaterThan(0);
    const cb = await login(t.app, 'cadreb');
    hhB = (
      await cb.post('/api/v1/registry/households', {
        number: 'B-1',
        orgCode: GROUP_B1,
        date: '2020-01-01',
        head: { name: '刘海', idNumber: id('19710101', 71), relation: '户主' },
      })
    ).json().id;
    await buildUser(t.db, { username: 'zhangwei', role: 'villager', org: GROUP_A1, householdId: hh });
    villager = await login(t.app, 'zhangwei');
  });
  afterAll(async () => t.dispose());

  it('billing follows the mid-month rule for births, deaths, arrivals and exemptions, and a rerun changes nothing', async () => {
    const feb = await staff.post('/api/v1/sanitation/billing-runs', { month: '2026-02' });
    expect(feb.statusCode, feb.body).toBe(200);
    const mar = (await staff.post('/api/v1/sanitation/billing-runs', { month: '2026-03' })).json();
    const apr = (await staff.post('/api/v1/sanitation/billing-runs', { month: '2026-04' })).json();
    expect(mar.created).toBe(3);
    const b = (await bills(hh)).bills;
    const byMonth = Object.fromEntries(b.map((x: { month: string }) => [x.month, x]));
    // February (1st): head, wife (低保 only from 02-15), granny → 3 people, 3 yuan.
    expect(byMonth['2026-02']).toMatchObject({ persons: 3, exemptPersons: 0, amountFen: 300 });
    // March (1st): head, wife exempt, granny (died 03-10: still billed), son (arrived 03-01); baby born 03-15 not yet.
    expect(byMonth['2026-03']).toMatchObject({ persons: 4, exemptPersons: 1, amountFen: 300 });
    expect(byMonth['2026-03'].detail.exempt).toEqual([{ name: '李秀英', reason: '低保' }]);
    expect(byMonth['2026-03'].detail.excluded.map((e: { name: string }) => e.name)).toEqual(['张小宝']);
    // April: granny gone, baby counted.
    expect(byMonth['2026-04']).toMatchObject({ persons: 4, exemptPersons: 1, amountFen: 300 });
    expect(byMonth['2026-04'].detail.counted.sort()).toEqual(['张伟', '张军', '张小宝'].sort());
    const again = (await staff.post('/api/v1/sanitation/billing-runs', { month: '2026-04' })).json();
    expect(again).toMatchObject({ created: 0, unchanged: apr.households, amountFen: 0 });
    expect((await bills(hh)).bills).toHaveLength(3);
    const future = await staff.post('/api/v1/sanitation/billing-runs', { month: '2026-12' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('2026-12');
  });

  it('an exemption ending mid-month: under first_day the month still counts as exempt', async () => {
    const s = (await staff.get('/api/v1/sanitation/settings')).json();
    expect(s.midmonthRuleText).toContain('1 日');
    const wife = (await cadre.get(`/api/v1/registry/households/${hh}`))
      .json()
      .members.find((m: { name: string }) => m.name === '李秀英');
    const tagId = (await cadre.get(`/api/v1/registry/residents/${wife.id}`)).json().tagHistory[0].id;
    await cadre.post(`/api/v1/registry/residents/${wife.id}/tags/${tagId}/end`, { endDate: '2026-05-10' });
    await staff.post('/api/v1/sanitation/billing-runs', { month: '2026-05' });
    const may = (await bills(hh)).bills.find((x: { month: string }) => x.month === '2026-05');
    expect(may).toMatchObject({ exemptPersons: 1, amountFen: 300 });
  });

  it('payments go to the oldest bills first; the rest is prepaid credit applied to later bills', async () => {
    // hh owes 300 (Feb) + 300 (Mar) + 300 (Apr) + 300 (May).
    const p1 = await pay(grid, { householdId: hh, amountFen: 450, method: 'cash' });
    expect(p1.statusCode, p1.body).toBe(201);
    const receipt = p1.json();
    expect(receipt.receiptNo).toMatch(/^WS\d{8}\d{6}$/);
    expect(receipt.amountUpper).toBe('肆元伍角整');
    expect(receipt.collectedBy).toBe('高小平');
    // A token limited to registry.read reads no fee data, even in its area.
    const tok = (
      await staff.post('/api/v1/auth/tokens', {
        name: '户籍对接',
        orgCode: TOWN,
        permissions: ['registry.read'],
      })
    ).json().token as string;
    const byToken = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sanitation/payments/${receipt.id}`,
      headers: { authorization: `Bearer ${tok}` },
    });
    expect(byToken.statusCode).toBe(403);
    expect(receipt.allocations).toEqual([
      { billId: expect.any(Number), month: '2026-02', amountFen: 300 },
      { billId: expect.any(Number), month: '2026-03', amountFen: 150 },
    ]);
    // A prepayment for the year.
    const p2 = (await pay(grid, { householdId: hh2, amountFen: 1200, method: 'wechat' })).json();
    expect(p2.creditFen).toBe(1200 - 400);
    expect((await bills(hh2)).creditFen).toBe(800);
    t.clock.set('2026-06-02T02:00:00Z');
    await staff.post('/api/v1/sanitation/billing-runs', { month: '2026-06' });
    const b2 = await bills(hh2);
    expect(b2.owedFen).toBe(0);
    expect(b2.creditFen).toBe(700);
    const arrears = (await cadre.get('/api/v1/sanitation/arrears?detail=1')).json();
    expect(arrears.households.map((h: { householdName: string }) => h.householdName)).toEqual(['张伟户']);
    // March half paid; April, May; June now bills 李秀英 too (低保 ended 05-10): 4 × 100.
    expect(arrears.households[0]).toMatchObject({
      months: 4,
      since: '2026-03',
      owedFen: 150 + 300 + 300 + 400,
      householdNumber: 'A-1',
      orgCode: GROUP_A1,
    });
    // The same list in Excel, as the group leader takes it door to door.
    const sheet = await cadre.get('/api/v1/sanitation/arrears.xlsx');
    expect(sheet.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const cells = wb.worksheets[0].getSheetValues().flat().map(String);
    expect(cells).toContain('卫生费催缴名单');
    expect(cells).toContain('张伟户');
    expect(cells).toContain('A-1');
    expect(cells).toContain('11.50');
    // A group leader's list: one group by its 15-digit code; a bad code is a clear 400.
    const group = (await cadre.get(`/api/v1/sanitation/arrears?detail=1&village=${GROUP_A1}`)).json();
    expect(group.households).toHaveLength(1);
    const bad = await cadre.get('/api/v1/sanitation/arrears?village=6108811112');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('村民小组');
  });

  it('idempotent collection; bad payments refused with nothing written', async () => {
    const key = `same-key-${engine}-${Math.random().toString(36).slice(2)}`;
    const a = await pay(grid, { householdId: hh, amountFen: 100, method: 'cash' }, key);
    const b = await pay(grid, { householdId: hh, amountFen: 100, method: 'cash' }, key);
    expect(b.json().id).toBe(a.json().id);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect((await pay(grid, { householdId: hh, amountFen: 200, method: 'cash' }, key)).statusCode).toBe(422);
    const before = await t.db.q
      .selectFrom('sanitation_payments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [body, status] of [
      [{ householdId: hh, amountFen: 0, method: 'cash' }, 400],
      [{ householdId: hh, amountFen: -100, method: 'cash' }, 400],
      [{ householdId: hh, amountFen: 100.5, method: 'cash' }, 400],
      [{ householdId: hh, amountFen: 100, method: 'bitcoin' }, 400],
      [{ householdId: hhB, amountFen: 100, method: 'cash' }, 404],
    ] as const) {
      const r = await pay(grid, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const after = await t.db.q
      .selectFrom('sanitation_payments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(
      (
        await grid.post('/api/v1/sanitation/payments', { householdId: hh, amountFen: 100, method: 'cash' })
      ).json().error.code,
    ).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it('a correction is a reversal: allocations undone, the fund returns the money', async () => {
    const p = (await pay(grid, { householdId: hh, amountFen: 300, method: 'alipay' })).json();
    const owedBefore = (await bills(hh)).owedFen;
    const r = await grid.post(`/api/v1/sanitation/payments/${p.id}/reverse`, { reason: '收错户' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ amountFen: -300, reversesId: p.id });
    expect((await bills(hh)).owedFen).toBe(owedBefore + 300);
    expect(
      (await grid.post(`/api/v1/sanitation/payments/${p.id}/reverse`, { reason: '再冲' })).json().error.code,
    ).toBe('SANITATION_ALREADY_REVERSED');
    // Another day, the collector cannot reverse their own receipt; a leader (approver) can.
    const old = (await pay(grid, { householdId: hh, amountFen: 100, method: 'cash' })).json();
    t.clock.advance(24 * 3600_000);
    const late = await grid.post(`/api/v1/sanitation/payments/${old.id}/reverse`, { reason: '收错' });
    expect(late.json().error.code).toBe('SANITATION_REVERSAL_NEEDS_APPROVER');
    const byLeader = await leader.post(`/api/v1/sanitation/payments/${old.id}/reverse`, { reason: '收错' });
    t.clock.advance(-24 * 3600_000);
    expect(byLeader.statusCode, byLeader.body).toBe(200);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('the fund: income, two-person approved spending, conservation, public disclosure', async () => {
    await t.db.q
      .insertInto('files')
      .values({
        id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
        sha256: 'x',
        mime: 'image/png',
        size: 1,
        org_code: TOWN,
        created_by: 'x',
        created_at: 'x',
      })
      .execute();
    const inc = await staff.post('/api/v1/sanitation/fund/incomes', {
      kind: 'subsidy',
      description: '县财政农村环境整治补助',
      counterparty: '神木市财政局',
      amountFen: 500000,
      occurredOn: '2026-06-01',
    });
    expect(inc.statusCode, inc.body).toBe(201);
    // Impossible and future days are refused before anything is written.
    for (const [day, words] of [
      ['2026-13-45', '不是有效的日期'],
      ['2026-02-30', '不是有效的日期'],
      ['2099-01-01', '在今天之后'],
    ]) {
      const r = await staff.post('/api/v1/sanitation/fund/incomes', {
        kind: 'donation',
        description: '乡贤捐赠',
        counterparty: '王某',
        amountFen: 100,
        occurredOn: day,
      });
      expect(r.statusCode, day).toBe(400);
      expect(r.body).toContain(words);
    }
    const exp = await staff.post('/api/v1/sanitation/fund/expenses', {
      category: '保洁员工资',
      description: '6 月保洁员工资 2 人',
      amountFen: 300000,
      occurredOn: '2026-06-02',
      voucher: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    });
    expect(exp.statusCode, exp.body).toBe(201);
    const eid = exp.json().id;
    // Villagers see what the fund did, not spending still waiting for approval.
    const seen = (await villager.get('/api/v1/sanitation/fund/movements')).json().items as Array<{
      id: number;
      status: string;
    }>;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((m) => m.status === 'posted')).toBe(true);
    expect(seen.some((m) => m.id === eid)).toBe(false);
    expect(
      (await staff.post(`/api/v1/sanitation/fund/expenses/${eid}/decision`, { decision: 'approve' })).json()
        .error.code,
    ).toBe('SANITATION_SELF_APPROVE');
    expect(
      (await leader.post(`/api/v1/sanitation/fund/expenses/${eid}/decision`, { decision: 'approve' })).json()
        .status,
    ).toBe('approved1');
    expect(
      (await leader.post(`/api/v1/sanitation/fund/expenses/${eid}/decision`, { decision: 'approve' })).json()
        .error.code,
    ).toBe('SANITATION_SAME_APPROVER');
    expect(
      (await cadre.post(`/api/v1/sanitation/fund/expenses/${eid}/decision`, { decision: 'approve' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await supervisor.post(`/api/v1/sanitation/fund/expenses/${eid}/decision`, { decision: 'approve' })
      ).json().status,
    ).toBe('posted');
    const big = (
      await staff.post('/api/v1/sanitation/fund/expenses', {
        category: '垃圾桶',
        description: '买垃圾桶',
        amountFen: 99_000_000,
        occurredOn: '2026-06-02',
        voucher: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      })
    ).json();
    await leader.post(`/api/v1/sanitation/fund/expenses/${big.id}/decision`, { decision: 'approve' });
    const over = await supervisor.post(`/api/v1/sanitation/fund/expenses/${big.id}/decision`, {
      decision: 'approve',
    });
    expect(over.json().error.code).toBe('SANITATION_FUND_INSUFFICIENT');
    const noVoucher = await staff.post('/api/v1/sanitation/fund/expenses', {
      category: '其他',
      description: '无票据',
      amountFen: 100,
      occurredOn: '2026-06-03',
    });
    expect(noVoucher.statusCode).toBe(400);
    const d = (await villager.get('/api/v1/sanitation/fund/disclosure?month=2026-06')).json();
    expect(d.income.find((i: { kind: string }) => i.kind === 'subsidy').amountFen).toBe(500000);
    expect(d.spending).toEqual([
      expect.objectContaining({ category: '保洁员工资', amountFen: 300000, approvers: '王建国、贺文斌' }),
    ]);
    // Pages show people by name; the login names stay for the approval rules.
    const wages = (await staff.get('/api/v1/sanitation/fund/movements?kind=expense'))
      .json()
      .items.find(
        (m: { category: string; status: string }) => m.category === '保洁员工资' && m.status === 'posted',
      );
    expect(wages).toMatchObject({
      submittedBy: 'staff',
      submittedByName: 'staff',
      approver1: 'leader',
      approver1Name: '王建国',
      approver2: 'super',
      approver2Name: '贺文斌',
    });
    expect(d.closingFen).toBe(d.openingFen + d.incomeFen - d.spendingFen);
    expect(d.balanceFen).toBe(d.closingFen);
    const fees = Number(
      (
        await t.db.q
          .selectFrom('sanitation_payments')
          .select((eb) => eb.fn.sum<number>('amount_fen').as('s'))
          .executeTakeFirstOrThrow()
      ).s,
    );
    expect(d.balanceFen).toBe(fees + 500000 - 300000);
    const xlsx = await staff.get('/api/v1/sanitation/fund/disclosure.xlsx?month=2026-06');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await verifyLedger(t.db)).ok).toBe(true);
    // Two approvers press at the same moment. SQLite takes them in turn (first and second
    // approval); PostgreSQL may let both read "pending", and then one must be refused. Either
    // way every success is a recorded approval, by two different people.
    const race = (
      await staff.post('/api/v1/sanitation/fund/expenses', {
        category: '保洁工具',
        description: '扫帚 20 把',
        amountFen: 40_000,
        occurredOn: '2026-06-02',
        voucher: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      })
    ).json();
    const both = await Promise.all(
      [leader, supervisor].map((s) =>
        s.post(`/api/v1/sanitation/fund/expenses/${race.id}/decision`, { decision: 'approve' }),
      ),
    );
    const ok = both.filter((r) => r.statusCode === 200).length;
    expect(
      both.every((r) => r.statusCode === 200 || r.json().error.code === 'SANITATION_ALREADY_DECIDED'),
    ).toBe(true);
    const m = (await staff.get('/api/v1/sanitation/fund/movements'))
      .json()
      .items.find((x: { id: number }) => x.id === race.id);
    expect([m.approver1, m.approver2].filter(Boolean)).toHaveLength(ok);
    if (ok === 2) expect(m.approver1).not.toBe(m.approver2);
  });

  it('pledges: signed once per text; a photo or a drawn signature; status per village', async () => {
    const r = await villager.post('/api/v1/sanitation/pledges', {
      householdId: hh,
      signedName: '张伟',
      signature: 'M10 10 L20 20 L30 15',
    });
    expect(r.statusCode, r.body).toBe(201);
    const twice = await grid.post('/api/v1/sanitation/pledges', {
      householdId: hh,
      signedName: '张伟',
      signature: 'M1 1 L2 2',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('PLEDGE_ALREADY_SIGNED');
    expect(
      (await grid.post('/api/v1/sanitation/pledges', { householdId: hh2, signedName: '李强' })).json().error
        .code,
    ).toBe('PLEDGE_SIGNATURE_REQUIRED');
    expect(
      (
        await villager.post('/api/v1/sanitation/pledges', {
          householdId: hh2,
          signedName: 'x',
          signature: 'M1 1',
        })
      ).statusCode,
    ).toBe(404);
    const status = (await cadre.get(`/api/v1/sanitation/pledges/status?village=${VILLAGE_A}`)).json().items;
    expect(status[0]).toMatchObject({ households: 2, signed: 1, rate: 50 });
    expect(status[0].unsigned).toEqual([{ householdId: hh2, name: '李强户' }]);
    const mine = (await villager.get(`/api/v1/sanitation/households/${hh}/pledge`)).json();
    expect(mine.signed).toMatchObject({
      signedName: '张伟',
      method: 'signature',
      current: true,
      assisted: false,
    });
    const unsigned = await cadre.get(`/api/v1/sanitation/households/${hh2}/pledge`);
    expect(unsigned.statusCode, unsigned.body).toBe(200);
    expect(unsigned.json()).toMatchObject({ householdId: hh2, signed: null });
  });

  it('inspections make red and black lists and, when turned on, point declarations linked to them', async () => {
    const rules = await staff.post('/api/v1/points/rules', {
      code: 'WS-R',
      category: '环境卫生',
      name: '卫生评比红榜',
      points: 10,
      unit: '次',
      activeFrom: '2026-01-01',
    });
    const ded = await staff.post('/api/v1/points/rules', {
      code: 'WS-B',
      category: '环境卫生',
      name: '卫生评比黑榜',
      points: -5,
      unit: '次',
      activeFrom: '2026-01-01',
    });
    const s = (await staff.get('/api/v1/sanitation/settings')).json();
    const { midmonthRuleText: _t, pledgeVersion: _v, ...settings } = s;
    expect(
      (
        await staff.put('/api/v1/sanitation/settings', {
          ...settings,
          inspectionPoints: true,
          awardRuleId: rules.json().id,
          deductRuleId: ded.json().id,
        })
      ).statusCode,
    ).toBe(200);
    const overlap = await staff.post('/api/v1/sanitation/campaigns', {
      title: '分数线有误',
      period: '2026-06',
      items: [{ name: '院落整洁', max: 100 }],
      redMin: 60,
      blackMax: 60,
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.body).toContain('红榜分数线应高于黑榜分数线');
    const c = (
      await staff.post('/api/v1/sanitation/campaigns', {
        title: '六月卫生评比',
        period: '2026-06',
        items: [
          { name: '院落整洁', max: 40 },
          { name: '门前三包', max: 60 },
        ],
        redMin: 90,
        blackMax: 50,
      })
    ).json();
    const red = await grid.post(`/api/v1/sanitation/campaigns/${c.id}/results`, {
      householdId: hh,
      scores: [40, 55],
    });
    expect(red.statusCode, red.body).toBe(201);
    expect(red.json()).toMatchObject({ total: 95, list: 'red', declarationId: expect.any(Number) });
    const campaigns = await cadre.get('/api/v1/sanitation/campaigns');
    expect(campaigns.statusCode, campaigns.body).toBe(200);
    expect(campaigns.json().items[0]).toMatchObject({ id: c.id, redMin: 90, blackMax: 50, status: 'open' });
    const black = (
      await grid.post(`/api/v1/sanitation/campaigns/${c.id}/results`, { householdId: hh2, scores: [10, 20] })
    ).json();
    expect(black.list).toBe('black');
    expect(
      (
        await grid.post(`/api/v1/sanitation/campaigns/${c.id}/results`, { householdId: hh, scores: [1, 1] })
      ).json().error.code,
    ).toBe('INSPECTION_DUPLICATE');
    const bad = await grid.post(`/api/v1/sanitation/campaigns/${c.id}/results`, {
      householdId: hh2,
      scores: [41, 1],
    });
    expect(bad.json().error.message).toContain('院落整洁');
    const listsRes = await cadre.get(`/api/v1/sanitation/campaigns/${c.id}/lists`);
    expect(listsRes.statusCode, listsRes.body).toBe(200);
    const lists = listsRes.json();
    expect(lists.red.map((x: { householdName: string }) => x.householdName)).toEqual(['张伟户']);
    expect(lists.black.map((x: { householdName: string }) => x.householdName)).toEqual(['李强户']);
    const decl = (await cadre.get(`/api/v1/points/declarations?householdId=${hh}`))
      .json()
      .items.find((d: { source: string }) => d.source === 'inspection');
    expect(decl).toMatchObject({ points: 10, status: 'pending' });
    const mine = (await villager.get(`/api/v1/sanitation/households/${hh}/inspections`)).json().items;
    expect(mine[0].campaignId).toBe(c.id);
    expect(mine[0]).toMatchObject({ total: 95, list: 'red' });
  });

  it('clean-up campaigns with progress reports per village', async () => {
    const twice = await staff.post('/api/v1/sanitation/cleanups', {
      title: '重复的村',
      description: '同一个村两个目标',
      startsOn: '2026-06-01',
      endsOn: '2026-06-30',
      targets: [
        { village: VILLAGE_A, target: '清理河道' },
        { village: VILLAGE_A, target: '清理垃圾' },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('每个村只能有一个目标');
    const c = (
      await staff.post('/api/v1/sanitation/cleanups', {
        title: '春季八清',
        description: '清垃圾、清杂物、清沟渠',
        startsOn: '2026-06-01',
        endsOn: '2026-06-30',
        targets: [{ village: VILLAGE_A, target: '清理河道 2 公里' }],
      })
    ).json();
    expect(
      (
        await cadre.post(`/api/v1/sanitation/cleanups/${c.id}/reports`, {
          village: VILLAGE_A,
          progress: 120,
          note: '超额',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await cadre.post(`/api/v1/sanitation/cleanups/${c.id}/reports`, {
          village: VILLAGE_A,
          progress: 100,
          note: '已完成',
        })
      ).statusCode,
    ).toBe(201);
    const listRes = await cadre.get('/api/v1/sanitation/cleanups');
    expect(listRes.statusCode, listRes.body).toBe(200);
    const list = listRes.json().items;
    expect(list[0].villages[0]).toMatchObject({ progress: 100, completedAt: '2026-06-02' });
    // The audit trail says which village reported.
    const village = await t.db.q
      .selectFrom('org_nodes')
      .select('name')
      .where('code', '=', VILLAGE_A)
      .executeTakeFirstOrThrow();
    const reported = await t.db.q
      .selectFrom('audit_log')
      .select('summary')
      .where('entity', '=', 'cleanup')
      .where('action', '=', 'report')
      .execute();
    expect(reported.map((r) => r.summary)).toEqual([`${village.name} 清洁行动进度 100%：已完成`]);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('a cancelled household gets no bill; a villager sees only their own', async () => {
    await cadre.post(`/api/v1/registry/households/${hh2}/events`, { kind: 'move_out', date: '2026-06-01' });
    t.clock.set('2026-07-02T02:00:00Z');
    await staff.post('/api/v1/sanitation/billing-runs', { month: '2026-07' });
    expect((await bills(hh2)).bills.find((b: { month: string }) => b.month === '2026-07')).toBeUndefined();
    expect((await pay(grid, { householdId: hh2, amountFen: 100, method: 'cash' })).json().error.code).toBe(
      'SANITATION_HOUSEHOLD_INACTIVE',
    );
    expect((await villager.get(`/api/v1/sanitation/households/${hh2}/bills`)).statusCode).toBe(404);
    expect((await villager.get(`/api/v1/sanitation/households/${hh}/bills`)).statusCode).toBe(200);
  });

  it('the monthly job bills each town that set up the fee once, and lists the runs', async () => {
    t.clock.set('2026-08-01T00:30:00Z'); // 08:30 on the 1st in Beijing
    const first = await billingJob({ db: t.db, clock: t.clock });
    expect(first).toMatch(/^2026-08 billed — 610881111: \d+ bills$/);
    expect((await bills(hh)).bills.some((b: { month: string }) => b.month === '2026-08')).toBe(true);
    expect(await billingJob({ db: t.db, clock: t.clock })).toBeUndefined();
    const runs = (await staff.get('/api/v1/sanitation/billing-runs')).json().items;
    expect(runs[0]).toMatchObject({ month: '2026-08', by: 'sanitation-billing' });
    expect(runs[0].bills).toBeGreaterThan(0);
    expect((await villager.get('/api/v1/sanitation/billing-runs')).statusCode).toBe(403);
  });

  it('what a household owes moves with it to its new village', async () => {
    const owed = (await bills(hh)).owedFen as number;
    expect(owed).toBeGreaterThan(0);
    const moved = await staff.patch(`/api/v1/registry/households/${hh}`, { orgCode: GROUP_B1 });
    expect(moved.statusCode, moved.body).toBe(200);
    const inB = (await staff.get(`/api/v1/sanitation/arrears?detail=1&village=${GROUP_B1}`)).json()
      .households;
    expect(inB.find((h: { householdId: number }) => h.householdId === hh)?.owedFen).toBe(owed);
    const inA = (await cadre.get('/api/v1/sanitation/arrears?detail=1')).json().households;
    expect(inA.some((h: { householdId: number }) => h.householdId === hh)).toBe(false);
  });
});
