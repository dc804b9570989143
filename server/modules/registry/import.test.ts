import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../core/audit/audit';
import {
  buildTestApp,
  buildTown,
  buildUser,
  engines,
  login,
  type Session,
  type TestApp,
  TOWN,
  VILLAGE_A,
  VILLAGE_B,
} from '../../test/harness';
import { buildCleanSheet, buildMessySheet, buildRenamedPdf, buildZipBomb } from './import/fixtures';

function multipart(file: Buffer, filename: string) {
  const boundary = `----zx${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, file, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe.each(engines)('registry Excel import (%s)', (engine) => {
  let t: TestApp;
  let staff: Session;
  let cadreA: Session;
  let dir: string;
  const count = async (table: 'residents' | 'households') =>
    Number(
      (
        await t.db.q
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function upload(s: Session, file: string, query: string) {
    const { payload, contentType } = multipart(fs.readFileSync(file), path.basename(file));
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/registry/imports?${query}`,
      payload,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': contentType },
    });
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-import-'));
    t = await buildTestApp(engine, { dataDir: dir });
    await buildTown(t.db, t.clock);
    await t.db.q
      .insertInto('org_nodes')
      .values([
        {
          code: `${VILLAGE_A}002`,
          parent_code: VILLAGE_A,
          name: '二组',
          level: 'group',
          source: 'test',
          created_at: 'x',
        },
        {
          code: `${VILLAGE_B}002`,
          parent_code: VILLAGE_B,
          name: '二组',
          level: 'group',
          source: 'test',
          created_at: 'x',
        },
      ])
      .execute();
    await buildUser(t.db, { username: 'staff', role: 'staff', org: TOWN });
    await buildUser(t.db, { username: 'cadrea', role: 'cadre', org: VILLAGE_A });
    staff = await login(t.app, 'staff');
    cadreA = await login(t.app, 'cadrea');
  });
  afterAll(async () => {
    await t.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a messy but valid sheet: dry run writes nothing, commit imports, re-import changes nothing', async () => {
    const sheet = await buildMessySheet(path.join(dir, 'clean.xlsx'), { households: 8, seed: 7 });
    const dry = await upload(staff, sheet.path, 'dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    const d = dry.json();
    expect(d).toMatchObject({
      status: 'dry_run',
      dryRun: true,
      rows: sheet.dataRows,
      households: sheet.households,
      created: sheet.dataRows,
      errors: [],
    });
    expect(await count('residents')).toBe(0);
    const commit = await upload(staff, sheet.path, 'dryRun=false');
    expect(commit.json()).toMatchObject({
      status: 'committed',
      created: sheet.dataRows,
      updated: 0,
      unchanged: 0,
    });
    expect(await count('residents')).toBe(sheet.dataRows);
    expect(await count('households')).toBe(sheet.households);
    const audit = await t.db.q
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'registry-import')
      .execute();
    const again = await upload(staff, sheet.path, 'dryRun=false');
    expect(again.json()).toMatchObject({
      status: 'committed',
      created: 0,
      updated: 0,
      unchanged: sheet.dataRows,
    });
    expect(await count('residents')).toBe(sheet.dataRows);
    // Imported people are searchable as any other.
    const someone = sheet.rows[0];
    const found = (await staff.get(`/api/v1/registry/residents?q=${someone.idNumber.slice(-6)}`)).json();
    expect(found.items[0].name).toBe(someone.name);
    expect(audit).toHaveLength(1);
    expect((await verifyAudit(t.db)).ok).toBe(true);
  });

  it('errors: all-or-nothing writes nothing and says row, column and how to fix; the report downloads as the user’s own rows', async () => {
    const before = await count('residents');
    const sheet = await buildMessySheet(path.join(dir, 'bad.xlsx'), {
      households: 10,
      seed: 11,
      errors: [
        'ID_CHECKSUM',
        'ID_NUMERIC_CORRUPTED',
        'DATE_INVALID',
        'RELATION_UNKNOWN',
        'HOUSEHOLD_NO_HEAD',
      ],
    });
    const r = await upload(staff, sheet.path, 'dryRun=false&mode=all');
    const res = r.json();
    expect(res.status).toBe('failed');
    expect(await count('residents')).toBe(before);
    for (const exp of sheet.expected) {
      const hit = res.errors.find(
        (e: { code: string; row: number }) => e.code === exp.code && e.row === exp.row,
      );
      expect(hit, `${exp.code} at row ${exp.row}`).toBeTruthy();
      expect(hit.message).toMatch(new RegExp(`第${exp.row}(行|–)`));
    }
    const numeric = res.errors.find((e: { code: string }) => e.code === 'ID_NUMERIC_CORRUPTED');
    expect(numeric.message).toContain('文本');
    expect(res.hasReport).toBe(true);
    const rep = await staff.get(`/api/v1/registry/imports/${res.id}/report.xlsx`);
    expect(rep.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(rep.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets.find((w) => w.name === sheet.sheetName) ?? wb.worksheets[0];
    const headerRow = ws.getRow(sheet.headerRows[sheet.headerRows.length - 1]);
    let errCol = 0;
    headerRow.eachCell((c, col) => {
      if (String(c.value).includes('错误说明')) errCol = col;
    });
    expect(errCol).toBeGreaterThan(0);
    const badRow = ws.getRow(sheet.expected[0].row);
    expect(String(badRow.getCell(errCol).value)).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('each download of a sheet or report is audited; after 90 days both are deleted, the record stays', async () => {
    const sheet = await buildMessySheet(path.join(dir, 'kept.xlsx'), {
      households: 3,
      seed: 41,
      errors: ['ID_CHECKSUM'],
    });
    const res = (await upload(staff, sheet.path, 'dryRun=true')).json();
    expect((await staff.get(`/api/v1/registry/imports/${res.id}/file`)).statusCode).toBe(200);
    expect((await staff.get(`/api/v1/registry/imports/${res.id}/report.xlsx`)).statusCode).toBe(200);
    const audit = await t.db.q
      .selectFrom('audit_log')
      .select(['action', 'actor_username'])
      .where('entity', '=', 'registry-import')
      .where('entity_id', '=', String(res.id))
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['download-file', 'download-report']);
    const { purgeImportFiles } = await import('./import.service');
    expect(await purgeImportFiles(t.db, t.clock)).toBeUndefined(); // nothing is old yet
    const before = await t.db.q
      .selectFrom('registry_imports')
      .selectAll()
      .where('id', '=', res.id)
      .executeTakeFirstOrThrow();
    t.clock.advance(91 * 86400_000);
    expect(await purgeImportFiles(t.db, t.clock)).toMatch(/删除了 \d+ 次导入/);
    expect(fs.existsSync(before.file_path)).toBe(false);
    const later = await login(t.app, 'staff');
    const gone = await later.get(`/api/v1/registry/imports/${res.id}/file`);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error.message).toContain('90 天');
    const row = (await later.get(`/api/v1/registry/imports/${res.id}`)).json();
    expect(row).toMatchObject({ id: res.id, hasReport: false });
    t.clock.advance(-91 * 86400_000);
    staff = await login(t.app, 'staff');
  });

  it('valid-only mode imports the clean households and skips the rest', async () => {
    const before = await count('residents');
    const sheet = await buildMessySheet(path.join(dir, 'partial.xlsx'), {
      households: 10,
      seed: 23,
      errors: ['ID_CHECKSUM'],
    });
    const r = (await upload(staff, sheet.path, 'dryRun=false&mode=valid')).json();
    expect(r.status).toBe('committed');
    expect(r.skipped).toBeGreaterThan(0);
    expect(r.created).toBe(sheet.dataRows - r.skipped);
    expect(await count('residents')).toBe(before + r.created);
  });

  it('a cadre cannot import rows of another village; nothing is written', async () => {
    const before = await count('residents');
    const sheet = await buildMessySheet(path.join(dir, 'both.xlsx'), { households: 6, seed: 31 });
    const r = (await upload(cadreA, sheet.path, 'dryRun=false')).json();
    expect(r.status).toBe('failed');
    expect(r.errors.some((e: { code: string }) => e.code === 'VILLAGE_OUT_OF_SCOPE')).toBe(true);
    expect(await count('residents')).toBe(before);
    // And cannot see another's import.
    const imports = (await staff.get('/api/v1/registry/imports')).json().items;
    expect((await cadreA.get(`/api/v1/registry/imports/${imports.at(-1).id}`)).statusCode).toBe(404);
  });

  it('an ID number registered outside the importer’s area is refused without saying whose it is', async () => {
    const { makeIdNumber } = await import('../../../common/registry/id-card');
    const idB = makeIdNumber('610881', '19800101', 777);
    const made = await staff.post('/api/v1/registry/households', {
      number: 'B-SECRET-9',
      orgCode: `${VILLAGE_B}002`,
      address: '焦家坬村二组1号',
      head: { name: '保密人', idNumber: idB, relation: '户主' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const file = path.join(dir, 'probe.xlsx');
    await buildCleanSheet(file, [
      {
        householdNo: 'A-PROBE-1',
        village: '马镇村',
        group: '二组',
        address: '马镇村二组9号',
        name: '试探',
        relation: '户主',
        gender: '男',
        idNumber: idB,
        birth: '1980-01-01',
      },
    ]);
    const r = (await upload(cadreA, file, 'dryRun=true')).json();
    const issue = r.errors.find((e: { code: string }) => e.code === 'ID_EXISTS_OTHER_HOUSEHOLD');
    expect(issue.message).toContain('管辖范围以外');
    expect(JSON.stringify(r)).not.toContain('保密人');
    expect(JSON.stringify(r)).not.toContain('B-SECRET-9');
    // Nor whether that person is alive: outside the area a death gets the same neutral answer.
    await t.db.q.updateTable('residents').set({ status: 'deceased' }).where('id_number', '=', idB).execute();
    const dead = (await upload(cadreA, file, 'dryRun=true')).json();
    expect(dead.errors.map((e: { code: string }) => e.code)).toContain('ID_EXISTS_OTHER_HOUSEHOLD');
    expect(JSON.stringify(dead)).not.toContain('死亡');
    await t.db.q.updateTable('residents').set({ status: 'active' }).where('id_number', '=', idB).execute();
    // The town's staff, whose area holds both, is told where.
    const s2 = (await upload(staff, file, 'dryRun=true')).json();
    expect(s2.errors.find((e: { code: string }) => e.code === 'ID_EXISTS_OTHER_HOUSEHOLD').message).toContain(
      'B-SECRET-9',
    );
  });

  it('files that are not sheets: a renamed PDF, a zip bomb, an empty body', async () => {
    const pdf = path.join(dir, 'scan.xlsx');
    await buildRenamedPdf(pdf);
    const p = (await upload(staff, pdf, 'dryRun=true')).json();
    expect(p.status).toBe('rejected');
    expect(p.errors[0].code).toBe('FILE_NOT_XLSX');
    const bomb = path.join(dir, 'bomb.xlsx');
    await buildZipBomb(bomb, 'declared');
    const b = (await upload(staff, bomb, 'dryRun=true')).json();
    expect(b.status).toBe('rejected');
    expect(b.errors[0].code).toBe('FILE_ZIP_BOMB');
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/registry/imports?dryRun=true',
      headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('IMPORT_FILE_REQUIRED');
  });

  it('async: answers 202 at once, the result is polled', async () => {
    const sheet = await buildMessySheet(path.join(dir, 'async.xlsx'), { households: 5, seed: 41 });
    const r = await upload(staff, sheet.path, 'dryRun=true&async=true');
    expect(r.statusCode).toBe(202);
    const id = r.json().id;
    let status = r.json().status;
    for (let i = 0; i < 100 && status === 'running'; i++) {
      await new Promise((res) => setTimeout(res, 50));
      status = (await staff.get(`/api/v1/registry/imports/${id}`)).json().status;
    }
    expect(status).toBe('dry_run');
  });

  it('a file over the size limit: 413 with the limit in the message, nothing kept', async () => {
    const small = await buildTestApp(engine, { dataDir: dir, uploadLimitBytes: 20 * 1024 });
    try {
      await buildTown(small.db);
      await buildUser(small.db, { username: 'staff', role: 'staff', org: TOWN });
      const s = await login(small.app, 'staff');
      const sheet = await buildMessySheet(path.join(dir, 'big.xlsx'), { households: 60, seed: 5 });
      const { payload, contentType } = multipart(fs.readFileSync(sheet.path), 'big.xlsx');
      expect(payload.length).toBeGreaterThan(20 * 1024);
      const before = fs.readdirSync(path.join(dir, 'imports')).length;
      const r = await small.app.inject({
        method: 'POST',
        url: '/api/v1/registry/imports?dryRun=true',
        payload,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': contentType },
      });
      expect(r.statusCode).toBe(413);
      expect(r.json().error).toMatchObject({ code: 'IMPORT_TOO_LARGE' });
      expect(r.json().error.message).toContain('MB');
      expect(fs.readdirSync(path.join(dir, 'imports')).length).toBe(before);
    } finally {
      await small.dispose();
    }
  });
});
