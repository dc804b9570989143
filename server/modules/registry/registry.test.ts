import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../common/registry/id-card';
import { verifyAudit } from '../../core/audit/audit';
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
  VILLAGE_B,
} from '../../test/harness';

const id = (birth: string, seq: number) => makeIdNumber('610881', birth, seq);

describe.each(engines)('registry (%s)', (engine) => {
  let t: TestApp;
  let staff: Session;
  let cadreA: Session;
  let cadreB: Session;
  let leader: Session;
  let hhA: number;
  let hhB: number;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await buildTown(t.db, t.clock);
    await buildUser(t.db, { username: 'staff', role: 'staff', org: TOWN });
    await buildUser(t.db, { username: 'leader', role: 'supervisor', org: TOWN });
    await buildUser(t.db, { username: 'cadrea', role: 'cadre', org: VILLAGE_A });
    await buildUser(t.db, { username: 'cadreb', role: 'cadre', org: VILLAGE_B });
    staff = await login(t.app, 'staff');
    leader = await login(t.app, 'leader');
    cadreA = await login(t.app, 'cadrea');
    cadreB = await login(t.app, 'cadreb');
    const a = await cadreA.post('/api/v1/registry/households', {
      number: 'A-0001',
      orgCode: GROUP_A1,
      address: '马镇村一组12号',
      kind: '农业',
      head: {
        name: '张伟',
        idNumber: id('19650312', 31),
        relation: '户主',
        phone: '13800138000',
        ethnicity: '汉族',
        employment: 'local',
      },
    });
    expect(a.statusCode, a.body).toBe(201);
    hhA = a.json().id;
    const b = await cadreB.post('/api/v1/registry/households', {
      number: 'B-0001',
      orgCode: GROUP_B1,
      head: { name: '刘海', idNumber: id('19700101', 11), relation: '户主' },
    });
    expect(b.statusCode, b.body).toBe(201);
    hhB = b.json().id;
  });
  afterAll(async () => t.dispose());

  it('creates a household with its head, masked personal data and a timeline', async () => {
    const h = (await cadreA.get(`/api/v1/registry/households/${hhA}`)).json();
    expect(h).toMatchObject({
      number: 'A-0001',
      villageName: '马镇村委会',
      groupName: '一组',
      headName: '张伟',
      memberCount: 1,
      addressMasked: '马镇村一组***',
    });
    expect(h.members[0]).toMatchObject({
      name: '张伟',
      gender: 'M',
      // Month and day are the hidden middle of the masked ID: only the year is shown.
      birthDate: '1965-**-**',
      age: 61,
      idMasked: '610881********0310'.slice(0, 14) + id('19650312', 31).slice(-4),
      phoneMasked: '138****8000',
    });
    expect(h.events[0]).toMatchObject({ kind: 'create', recordedBy: 'cadrea' });
    expect(JSON.stringify(h)).not.toContain(id('19650312', 31));
  });

  it('a cadre of 马镇村 gets 404 for anything of 焦家坬村', async () => {
    expect((await cadreA.get(`/api/v1/registry/households/${hhB}`)).statusCode).toBe(404);
    const residentB = (await cadreB.get(`/api/v1/registry/households/${hhB}`)).json().members[0].id;
    expect((await cadreA.get(`/api/v1/registry/residents/${residentB}`)).statusCode).toBe(404);
    expect(
      (await cadreA.patch(`/api/v1/registry/residents/${residentB}`, { phone: '13900000000' })).statusCode,
    ).toBe(404);
    expect(
      (await cadreA.post(`/api/v1/registry/residents/${residentB}/reveal`, { reason: '核对信息' }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await cadreA.post(`/api/v1/registry/households/${hhB}/events`, {
          kind: 'death',
          date: '2026-01-01',
          residentId: residentB,
        })
      ).statusCode,
    ).toBe(404);
    const create = await cadreA.post('/api/v1/registry/households', {
      orgCode: GROUP_B1,
      head: { name: '王五', idNumber: id('19800101', 21), relation: '户主' },
    });
    expect(create.statusCode).toBe(404);
    const list = (await cadreA.get('/api/v1/registry/residents')).json();
    expect(list.items.every((r: { villageCode: string }) => r.villageCode === VILLAGE_A)).toBe(true);
    expect((await cadreA.get(`/api/v1/registry/residents?village=${VILLAGE_B}`)).json().items).toEqual([]);
    const stats = await cadreA.get(`/api/v1/registry/stats/tags?village=${VILLAGE_B}`);
    expect(stats.statusCode).toBe(404);
  });

  it('finds residents by pinyin initials, by name, by the last digits of an ID or phone', async () => {
    await cadreA.post(`/api/v1/registry/households/${hhA}/events`, {
      kind: 'birth',
      date: '2020-05-01',
      resident: { name: '张文武', idNumber: id('20200501', 12), relation: '孙子女' },
    });
    const byInitials = (await staff.get('/api/v1/registry/residents?q=zw')).json();
    expect(byInitials.items.map((r: { name: string }) => r.name).sort()).toEqual(['张伟', '张文武']);
    expect(
      (await staff.get('/api/v1/registry/residents?q=ZWW')).json().items.map((r: { name: string }) => r.name),
    ).toEqual(['张文武']);
    expect(
      (await staff.get(`/api/v1/registry/residents?q=${encodeURIComponent('刘')}`)).json().items[0].name,
    ).toBe('刘海');
    const tail = id('19700101', 11).slice(-6);
    expect((await staff.get(`/api/v1/registry/residents?q=${tail}`)).json().items[0].name).toBe('刘海');
    expect((await staff.get('/api/v1/registry/residents?q=8000')).json().items[0].name).toBe('张伟');
    expect((await staff.get(`/api/v1/registry/residents?q=${id('19650312', 31)}`)).json().items[0].name).toBe(
      '张伟',
    );
    const hh = (await staff.get('/api/v1/registry/households?q=zw')).json();
    expect(hh.items.map((h: { number: string }) => h.number)).toEqual(['A-0001']);
  });

  it('without pii.reveal a long digit search uses only the last 4 digits, so it cannot confirm hidden ones', async () => {
    const real = id('19700101', 11);
    const names = async (q: string) =>
      (await leader.get(`/api/v1/registry/residents?q=${q}`))
        .json()
        .items.map((r: { name: string }) => r.name);
    // The supervisor may read but not reveal: a wrong guess at the hidden digits finds the same
    // person as the right one, so the answer tells nothing the masked number does not show.
    const wrong = `${real.slice(0, 10)}${real.slice(10, 14) === '0000' ? '1111' : '0000'}${real.slice(-4)}`;
    expect(await names(real)).toContain('刘海');
    expect(await names(wrong)).toContain('刘海');
    expect(await names(`99${real.slice(-4)}`)).toContain('刘海');
    // Who may reveal searches the whole number exactly.
    expect(
      (await staff.get(`/api/v1/registry/residents?q=${wrong}`))
        .json()
        .items.map((r: { name: string }) => r.name),
    ).not.toContain('刘海');
  });

  it('every reveal needs pii.reveal and a reason, and is in the audit trail', async () => {
    const rid = (await cadreA.get(`/api/v1/registry/households/${hhA}`)).json().members[0].id;
    const noReason = await cadreA.post(`/api/v1/registry/residents/${rid}/reveal`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const r = await cadreA.post(`/api/v1/registry/residents/${rid}/reveal`, { reason: '办理低保复核' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ idNumber: id('19650312', 31), phone: '13800138000' });
    expect(r.headers['cache-control']).toBe('no-store');
    const addr = await cadreA.post(`/api/v1/registry/households/${hhA}/reveal`, { reason: '入户走访' });
    expect(addr.json().address).toBe('马镇村一组12号');
    // A supervisor reads but may not reveal.
    expect(
      (await leader.post(`/api/v1/registry/residents/${rid}/reveal`, { reason: '检查' })).statusCode,
    ).toBe(403);
    const audit = await t.db.q.selectFrom('audit_log').selectAll().where('action', '=', 'reveal').execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actor_username: 'cadrea', entity: 'resident', entity_id: String(rid) });
    expect(audit[0].summary).toContain('办理低保复核');
    expect(audit[0].summary).not.toContain(id('19650312', 31));
  });

  it('household events change the state in the same transaction as the timeline', async () => {
    const created = await cadreA.post('/api/v1/registry/households', {
      number: 'A-0002',
      orgCode: GROUP_A1,
      date: '2026-01-01',
      head: { name: '高建军', idNumber: id('19600101', 51), relation: '户主' },
    });
    const hid = created.json().id;
    const wife = await cadreA.post(`/api/v1/registry/households/${hid}/events`, {
      kind: 'move_in',
      date: '2026-01-10',
      from: '神木市大保当镇',
      resident: { name: '白秀英', idNumber: id('19620202', 42), relation: '配偶' },
    });
    expect(wife.statusCode).toBe(201);
    expect(wife.json().memberCount).toBe(2);
    const son = await cadreA.post(`/api/v1/registry/households/${hid}/events`, {
      kind: 'birth',
      date: '2026-02-01',
      resident: { name: '高小军', idNumber: id('19900303', 33), relation: '子' },
    });
    const members = son.json().members as Array<{ id: number; name: string }>;
    const head = members.find((m) => m.name === '高建军')!;
    const wifeId = members.find((m) => m.name === '白秀英')!.id;
    const sonId = members.find((m) => m.name === '高小军')!.id;
    // The head cannot die or leave before another head is named.
    const headDies = await cadreA.post(`/api/v1/registry/households/${hid}/events`, {
      kind: 'death',
      date: '2026-03-01',
      residentId: head.id,
    });
    expect(headDies.statusCode).toBe(400);
    expect(headDies.json().error.code).toBe('REGISTRY_HEAD_REQUIRED');
    const change = await cadreA.post(`/api/v1/registry/households/${hid}/events`, {
      kind: 'change_head',
      date: '2026-03-01',
      residentId: sonId,
      formerHeadRelation: '父母',
    });
    expect(change.json().headName).toBe('高小军');
    const dies = await cadreA.post(`/api/v1/registry/households/${hid}/events`, {
      kind: 'death',
      date: '2026-03-02',
      residentId: head.id,
    });
    expect(dies.json().memberCount).toBe(2);
    // Split the widow into her own household, then merge it back.
    const split = await cadreA.post(`/api/v1/registry/households/${hid}/events`, {
      kind: 'split',
      date: '2026-04-01',
      residentIds: [wifeId],
      newNumber: 'A-0003',
    });
    expect(split.statusCode).toBe(201);
    expect(split.json().memberCount).toBe(1);
    const newH = (await cadreA.get('/api/v1/registry/households?q=A-0003')).json().items[0];
    expect(newH).toMatchObject({ number: 'A-0003', headName: '白秀英', memberCount: 1 });
    const merge = await cadreA.post(`/api/v1/registry/households/${newH.id}/events`, {
      kind: 'merge',
      date: '2026-05-01',
      intoHouseholdId: hid,
    });
    expect(merge.statusCode).toBe(201);
    const final = (await cadreA.get(`/api/v1/registry/households/${hid}`)).json();
    expect(final.memberCount).toBe(2);
    expect(final.events.map((e: { kind: string }) => e.kind)).toEqual([
      'merge_in',
      'split',
      'death',
      'change_head',
      'birth',
      'move_in',
      'create',
    ]);
    expect((await cadreA.get(`/api/v1/registry/households/${newH.id}`)).json().status).toBe('cancelled');
    // Moving out, then back in elsewhere, keeps one person record.
    await cadreA.post(`/api/v1/registry/households/${hid}/events`, {
      kind: 'move_out',
      date: '2026-06-01',
      residentId: wifeId,
      to: '榆林市',
    });
    const back = await cadreA.post('/api/v1/registry/households', {
      number: 'A-0004',
      orgCode: GROUP_A1,
      head: { name: '白秀英', idNumber: id('19620202', 42), relation: '户主' },
    });
    expect(back.statusCode).toBe(201);
    expect(back.json().members[0].id).toBe(wifeId);
    // An active person cannot be registered twice.
    const twice = await cadreA.post(`/api/v1/registry/households/${hid}/events`, {
      kind: 'move_in',
      date: '2026-06-02',
      resident: { name: '白秀英', idNumber: id('19620202', 42), relation: '配偶' },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('A-0004');
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('refuses bad input with Chinese messages and writes nothing', async () => {
    const before = await t.db.q
      .selectFrom('residents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const bad: Array<[object, number, string]> = [
      [
        { orgCode: GROUP_A1, head: { name: '李四', idNumber: '610881196503120310', relation: '户主' } },
        400,
        '校验码',
      ],
      [
        { orgCode: GROUP_A1, head: { name: '李四', idNumber: '61088119650312031', relation: '户主' } },
        400,
        '18 位',
      ],
      [
        { orgCode: GROUP_A1, head: { name: '李4', idNumber: id('19650312', 71), relation: '户主' } },
        400,
        '数字',
      ],
      [
        { orgCode: GROUP_A1, head: { name: '李四', idNumber: id('19650312', 71), relation: '子' } },
        400,
        '户主',
      ],
      [
        { orgCode: TOWN, head: { name: '李四', idNumber: id('19650312', 71), relation: '户主' } },
        400,
        '请选择村',
      ],
      [
        {
          number: 'A-0001',
          orgCode: GROUP_A1,
          head: { name: '李四', idNumber: id('19650312', 71), relation: '户主' },
        },
        409,
        'A-0001',
      ],
      [
        {
          orgCode: GROUP_A1,
          head: { name: '李四', idNumber: id('19650312', 71), relation: '户主', phone: '12345' },
        },
        400,
        '手机号',
      ],
      [
        {
          orgCode: GROUP_A1,
          date: '2099-01-01',
          head: { name: '李四', idNumber: id('19650312', 71), relation: '户主' },
        },
        400,
        '今天之后',
      ],
      [
        {
          orgCode: GROUP_A1,
          date: '2026-02-30',
          head: { name: '李四', idNumber: id('19650312', 71), relation: '户主' },
        },
        400,
        '不是有效的日期',
      ],
    ];
    for (const [body, status, text] of bad) {
      const r = await cadreA.post('/api/v1/registry/households', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json().error.message, JSON.stringify(body)).toContain(text);
    }
    const after = await t.db.q
      .selectFrom('residents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // A move marked done on a day still to come, or a training not yet held, is refused.
    const future = await cadreA.put(`/api/v1/registry/households/${hhA}/relocation`, {
      status: 'done',
      fromPlace: '马镇村一组',
      toPlace: '城区安置点',
      doneDate: '2099-05-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('今天之后');
    const rid = (await cadreA.get(`/api/v1/registry/households/${hhA}`)).json().members[0].id;
    const training = await cadreA.post(`/api/v1/registry/residents/${rid}/trainings`, {
      course: '电商培训',
      date: '2099-05-01',
    });
    expect(training.statusCode).toBe(400);
  });

  it('tags with dates, filters by tag and age, counts per village', async () => {
    const rid = (await cadreA.get(`/api/v1/registry/households/${hhA}`))
      .json()
      .members.find((m: { name: string }) => m.name === '张伟').id;
    const noGrade = await cadreA.post(`/api/v1/registry/residents/${rid}/tags`, {
      tag: 'disabled',
      startDate: '2020-01-01',
    });
    expect(noGrade.json().error.code).toBe('REGISTRY_TAG_GRADE');
    expect(
      (
        await cadreA.post(`/api/v1/registry/residents/${rid}/tags`, {
          tag: 'disabled',
          grade: 2,
          startDate: '2020-01-01',
        })
      ).statusCode,
    ).toBe(201);
    const dibao = await cadreA.post(`/api/v1/registry/residents/${rid}/tags`, {
      tag: 'dibao',
      startDate: '2026-01-01',
    });
    expect(dibao.json().tags).toEqual(
      expect.arrayContaining([
        { tag: 'dibao', grade: null },
        { tag: 'disabled', grade: 2 },
      ]),
    );
    const dupe = await cadreA.post(`/api/v1/registry/residents/${rid}/tags`, {
      tag: 'dibao',
      startDate: '2026-02-01',
    });
    expect(dupe.statusCode).toBe(409);
    expect(
      (await staff.get('/api/v1/registry/residents?tags=dibao'))
        .json()
        .items.map((r: { name: string }) => r.name),
    ).toEqual(['张伟']);
    expect((await staff.get('/api/v1/registry/residents?tags=dibao,disabled')).json().total).toBe(1);
    // Age: 张伟 born 1965-03-12 is 61 on 2026-11-28.
    expect(
      (await staff.get('/api/v1/registry/residents?ageMin=61&ageMax=61&q=zw'))
        .json()
        .items.map((r: { name: string }) => r.name),
    ).toEqual(['张伟']);
    expect((await staff.get('/api/v1/registry/residents?ageMin=62&q=zw')).json().items).toEqual([]);
    const stats = (await staff.get('/api/v1/registry/stats/tags')).json();
    const a = stats.villages.find((v: { code: string }) => v.code === VILLAGE_A);
    expect(a.tags.dibao).toBe(1);
    expect(stats.totals.disabled).toBe(1);
    const tagId = (await staff.get(`/api/v1/registry/residents/${rid}`))
      .json()
      .tagHistory.find((x: { tag: string }) => x.tag === 'dibao').id;
    const ended = await cadreA.post(`/api/v1/registry/residents/${rid}/tags/${tagId}/end`, {
      endDate: '2026-06-30',
    });
    expect(ended.json().tags).toEqual([{ tag: 'disabled', grade: 2 }]);
    expect((await staff.get('/api/v1/registry/residents?tags=dibao')).json().total).toBe(0);
  });

  it('keyset pagination walks every row once', async () => {
    const seen = new Set<number>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/registry/residents?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await staff.get(url)).json();
      for (const r of page.items) seen.add(r.id);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    const total = (await staff.get('/api/v1/registry/residents')).json().total;
    expect(seen.size).toBe(total);
    expect((await staff.get('/api/v1/registry/residents?cursor=garbage')).statusCode).toBe(400);
  });

  it('a villager account is linked to its household and sees only that household', async () => {
    const admin = await buildUser(t.db, { username: 'admin', role: 'admin', org: TOWN });
    expect(admin).toBeGreaterThan(0);
    const s = await login(t.app, 'admin');
    const linked = await s.post('/api/v1/users', {
      username: 'zhangwei',
      displayName: '张伟',
      roles: ['villager'],
      orgCode: GROUP_A1,
      householdId: hhA,
      password: 'Villager-2026',
    });
    expect(linked.statusCode, linked.body).toBe(201);
    const wrong = await s.post('/api/v1/users', {
      username: 'liuhai',
      displayName: '刘海',
      roles: ['villager'],
      orgCode: GROUP_A1,
      householdId: hhB,
      password: 'Villager-2026',
    });
    expect(wrong.statusCode).toBe(400);
    await t.db.q
      .updateTable('users')
      .set({ must_change_password: 0 })
      .where('username', '=', 'zhangwei')
      .execute();
    const v = await login(t.app, 'zhangwei', 'Villager-2026');
    expect((await v.get(`/api/v1/registry/households/${hhA}`)).statusCode).toBe(200);
    expect((await v.get(`/api/v1/registry/households/${hhB}`)).statusCode).toBe(404);
    const mine = (await v.get('/api/v1/registry/residents')).json();
    expect(mine.items.every((r: { householdId: number }) => r.householdId === hhA)).toBe(true);
    expect(
      (await v.get('/api/v1/registry/households')).json().items.map((h: { id: number }) => h.id),
    ).toEqual([hhA]);
    expect((await v.patch(`/api/v1/registry/households/${hhA}`, { address: 'x' })).statusCode).toBe(403);
    expect(
      (await v.post(`/api/v1/registry/residents/${mine.items[0].id}/reveal`, { reason: '看看' })).statusCode,
    ).toBe(403);
  });
});

describe.each(engines)('registry Excel export (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(engine);
    await buildTown(t.db, t.clock);
    await buildUser(t.db, { username: 'staff', role: 'staff', org: TOWN });
    await buildUser(t.db, { username: 'super', role: 'supervisor', org: TOWN });
  });
  afterAll(async () => t.dispose());

  it('exports the filtered list as a ledger: IDs as text, masked unless the user may reveal, formulas neutralised', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const staff = await login(t.app, 'staff');
    const h = await staff.post('/api/v1/registry/households', {
      number: 'X-1',
      orgCode: GROUP_A1,
      address: '马镇村一组5号',
      head: {
        name: '王强',
        idNumber: id('19700101', 91),
        relation: '户主',
        phone: '13912345678',
        note: '=HYPERLINK("http://evil","点我")',
      },
    });
    expect(h.statusCode, h.body).toBe(201);
    const read = async (s: Session) => {
      const r = await s.get('/api/v1/registry/export.xlsx?q=wq');
      expect(r.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const header = ws.getRow(3).values as unknown[];
      const row = ws.getRow(4);
      const col = (name: string) => header.indexOf(name);
      return {
        title: String(ws.getRow(1).getCell(1).value),
        id: row.getCell(col('身份证号')),
        phone: row.getCell(col('联系电话')).value,
        note: row.getCell(col('备注')).value,
        address: row.getCell(col('住址')).value,
        birth: row.getCell(col('出生日期')).value,
      };
    };
    const full = await read(staff);
    expect(full.title).toContain('户籍人口台账');
    expect(full.id.value).toBe(id('19700101', 91));
    expect(full.id.numFmt).toBe('@');
    expect(full.note).toBe(`'=HYPERLINK("http://evil","点我")`);
    const masked = await read(await login(t.app, 'super'));
    expect(masked.id.value).toBe(`610881********${id('19700101', 91).slice(-4)}`);
    expect(masked.phone).toBe('139****5678');
    expect(masked.address).toBe('马镇村一组***');
    expect(masked.birth).toBe('1970-**-**');
    expect(full.birth).toBe('1970-01-01');
    const audit = await t.db.q
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'export-unmasked')
      .execute();
    expect(audit).toHaveLength(1);
  });
});
