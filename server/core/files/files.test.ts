import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
  VILLAGE_B,
} from '../../test/harness';
import { storeImage, UPLOAD_QUOTA } from './files';

/** A 1×1 PNG; `salt` in a trailing chunk makes each one different content. */
function png(salt: number): Buffer {
  const head = Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
    'hex',
  );
  return Buffer.concat([head, Buffer.from(`salt-${salt}`)]);
}

function multipart(file: Buffer) {
  const boundary = `----zx${Math.random().toString(16).slice(2)}`;
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe.each(engines)('uploaded photos (%s)', (engine) => {
  let t: TestApp;
  let dir: string;
  let staff: Session;
  let cadreB: Session;
  let villager1: Session;
  let villager2: Session;
  let salt = 0;

  const upload = (s: Session) => {
    const { payload, contentType } = multipart(png(salt++));
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/files',
      payload,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': contentType },
    });
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-files-'));
    t = await buildTestApp(engine, { dataDir: dir });
    await buildTown(t.db, t.clock);
    const h1 = await buildHousehold(t.db, { org: GROUP_A1 });
    const h2 = await buildHousehold(t.db, { org: GROUP_A1 });
    await buildUser(t.db, { username: 'staff', role: 'staff', org: TOWN });
    await buildUser(t.db, { username: 'cadreb', role: 'cadre', org: VILLAGE_B });
    await buildUser(t.db, { username: 'v1', role: 'villager', org: GROUP_A1, householdId: h1 });
    await buildUser(t.db, { username: 'v2', role: 'villager', org: GROUP_A1, householdId: h2 });
    await buildUser(t.db, { username: 'v1b', role: 'villager', org: GROUP_A1, householdId: h1 });
    staff = await login(t.app, 'staff');
    cadreB = await login(t.app, 'cadreb');
    villager1 = await login(t.app, 'v1');
    villager2 = await login(t.app, 'v2');
  });
  afterEach(async () => {
    await t.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a household reads its own photos and the town’s, never a neighbour’s evidence', async () => {
    const mine = await upload(villager1);
    expect(mine.statusCode, mine.body).toBe(201);
    const townPhoto = (await upload(staff)).json().id;
    const id = mine.json().id;
    expect((await villager1.get(`/api/v1/files/${id}`)).statusCode).toBe(200);
    expect((await villager1.get(`/api/v1/files/${townPhoto}`)).statusCode).toBe(200);
    // The neighbour in the same group, and a cadre of another village: 404, as if it did not exist.
    expect((await villager2.get(`/api/v1/files/${id}`)).statusCode).toBe(404);
    expect((await cadreB.get(`/api/v1/files/${id}`)).statusCode).toBe(404);
    // The town's staff, whose area holds the household, may.
    expect((await staff.get(`/api/v1/files/${id}`)).statusCode).toBe(200);
    // Another account of the same household (husband and wife) sees the family's photos.
    const spouse = await login(t.app, 'v1b');
    expect((await spouse.get(`/api/v1/files/${id}`)).statusCode).toBe(200);
  });

  it('an upload whose row cannot be written leaves no photo on disk', async () => {
    const { Readable } = await import('node:stream');
    const { createHash } = await import('node:crypto');
    const { systemActor } = await import('../auth/actor');
    const data = png(9999);
    const sha = createHash('sha256').update(data).digest('hex');
    const failing = Object.assign(Object.create(Object.getPrototypeOf(t.db)), t.db, {
      transaction: () => Promise.reject(new Error('disk full')),
    });
    await expect(
      storeImage({ dataDir: dir, db: failing, clock: t.clock }, systemActor(), Readable.from([data])),
    ).rejects.toThrow('disk full');
    expect(fs.existsSync(path.join(dir, 'files', sha.slice(0, 2), sha.slice(2, 4), sha))).toBe(false);
  });

  it('uploads sent all at once get no more than the quota', async () => {
    const all = await Promise.all(
      Array.from({ length: UPLOAD_QUOTA.household.files + 15 }, () => upload(villager2)),
    );
    expect(all.filter((r) => r.statusCode === 201)).toHaveLength(UPLOAD_QUOTA.household.files);
    expect(all.filter((r) => r.statusCode === 429)).toHaveLength(15);
  });

  it('a household uploads at most its daily quota, then gets a Chinese 429', async () => {
    for (let i = 0; i < UPLOAD_QUOTA.household.files; i++)
      expect((await upload(villager1)).statusCode).toBe(201);
    const over = await upload(villager1);
    expect(over.statusCode).toBe(429);
    expect(over.json().error).toMatchObject({ code: 'FILE_QUOTA' });
    expect(over.json().error.message).toContain(`${UPLOAD_QUOTA.household.files} 张`);
    // Another account is not affected, and the next day the quota is back.
    expect((await upload(villager2)).statusCode).toBe(201);
    t.clock.advance(25 * 3600_000);
    villager1 = await login(t.app, 'v1');
    expect((await upload(villager1)).statusCode).toBe(201);
  });
});
