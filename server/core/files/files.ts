import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/audit';
import type { Actor } from '../auth/actor';
import type { Schema } from '../db/schema';
import { AppError } from '../errors';
import { requireActor } from '../http/context';

/**
 * Uploaded photos (evidence, vouchers, goods), stored once per content on disk under
 * data/files/ab/cd/<sha256>; a row per upload maps an unguessable id to the content. Only
 * images are accepted, recognised by their first bytes, not by the name the phone gave them.
 */
const MAX_BYTES = 8 * 1024 * 1024;
/**
 * Uploads per account in 24 hours. A villager declares a few deeds with a photo or two; a
 * cadre photographs a whole inspection round. Past it: 429 with the limit in words.
 */
export const UPLOAD_QUOTA = {
  household: { files: 30, mb: 80 },
  org: { files: 1000, mb: 2000 },
} as const;

function sniff(head: Buffer): string | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (
    head.length >= 8 &&
    head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (
    head.length >= 12 &&
    head.subarray(0, 4).toString('latin1') === 'RIFF' &&
    head.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return null;
}

function blobPath(dataDir: string, sha: string): string {
  return path.join(dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4), sha);
}

export async function storeImage(
  deps: { dataDir: string; db: import('../db/database').Db; clock: import('../clock').Clock },
  actor: Actor,
  source: Readable,
): Promise<{ id: string; mime: string; size: number }> {
  await assertQuota(deps, actor);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += (chunk as Buffer).length;
    if (size > MAX_BYTES) throw new AppError('FILE_TOO_LARGE', { mb: MAX_BYTES / 1048576 });
    chunks.push(chunk as Buffer);
  }
  if ((source as Readable & { truncated?: boolean }).truncated)
    throw new AppError('FILE_TOO_LARGE', { mb: MAX_BYTES / 1048576 });
  const data = Buffer.concat(chunks);
  const mime = sniff(data.subarray(0, 16));
  if (!mime) throw new AppError('FILE_NOT_IMAGE');
  const sha = createHash('sha256').update(data).digest('hex');
  const target = blobPath(deps.dataDir, sha);
  const fresh = !fs.existsSync(target);
  if (fresh) writeBlob(target, data);
  const id = randomUUID();
  try {
    await recordUpload(deps, actor, { id, sha, mime, size });
  } catch (e) {
    // No row, no file: a photo nobody can reach is not left on disk (unless another row has
    // it). The same picture uploaded at the same moment by someone else puts it back below.
    if (fresh) {
      const other = await deps.db.q
        .selectFrom('files')
        .select('id')
        .where('sha256', '=', sha)
        .executeTakeFirst()
        .catch(() => ({ id: 'unknown' }));
      if (!other) fs.rmSync(target, { force: true });
    }
    throw e;
  }
  if (!fs.existsSync(target)) writeBlob(target, data);
  return { id, mime, size };
}

function writeBlob(target: string, data: Buffer): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${randomUUID()}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, target);
}

async function recordUpload(
  deps: { db: import('../db/database').Db; clock: import('../clock').Clock },
  actor: Actor,
  f: { id: string; sha: string; mime: string; size: number },
): Promise<void> {
  const { id, sha, mime, size } = f;
  await deps.db.transaction(async (tx) => {
    if (deps.db.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtext(${`upload:${actor.username}`}))`.execute(tx);
    await assertQuota(deps, actor, tx);
    await tx
      .insertInto('files')
      .values({
        id,
        sha256: sha,
        mime,
        size,
        org_code: actor.scope.code,
        created_by: actor.username,
        created_at: deps.clock.now().toISOString(),
      })
      .execute();
    await recordAudit(tx, actor, deps.clock, {
      entity: 'file',
      entityId: id,
      action: 'upload',
      summary: `上传图片（${Math.round(size / 1024)} KB）`,
    });
  });
}

/**
 * Refuses an upload past the account's quota. Checked once before the upload is read (cheap
 * refusal) and again in the transaction that records it, behind a per-account lock on
 * PostgreSQL (SQLite's write lock serializes already): sixty at once get no more than the quota.
 */
async function assertQuota(
  deps: { db: import('../db/database').Db; clock: import('../clock').Clock },
  actor: Actor,
  q: Kysely<Schema> = deps.db.q,
): Promise<void> {
  if (actor.kind === 'system') return;
  const quota = actor.scope.kind === 'household' ? UPLOAD_QUOTA.household : UPLOAD_QUOTA.org;
  const since = new Date(deps.clock.now().getTime() - 86400_000).toISOString();
  const used = await q
    .selectFrom('files')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('size').as('bytes')])
    .where('created_by', '=', actor.username)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(used.n) >= quota.files || Number(used.bytes ?? 0) >= quota.mb * 1048576)
    throw new AppError('FILE_QUOTA', { files: quota.files, mb: quota.mb });
}

/**
 * A file the actor may read. Staff and cadres: inside their subtree, or above it (town-wide
 * pictures: goods, vouchers on the disclosure page). A household: its own uploads, and what
 * staff or cadres put up for its area, but never another household's evidence photos.
 */
export async function openFile(
  deps: { dataDir: string; db: import('../db/database').Db },
  actor: Actor,
  id: string,
) {
  const row = await deps.db.q
    .selectFrom('files')
    .leftJoin('users', 'users.username', 'files.created_by')
    .selectAll('files')
    .select('users.household_id as uploader_household')
    .where('files.id', '=', id)
    .executeTakeFirst();
  const code = actor.scope.code;
  if (!row || !(row.org_code.startsWith(code) || code.startsWith(row.org_code)))
    throw new AppError('NOT_FOUND');
  if (actor.scope.kind === 'household') {
    const ownHousehold =
      row.created_by === actor.username ||
      (row.uploader_household !== null && Number(row.uploader_household) === actor.scope.householdId);
    const fromStaff = row.uploader_household === null && code.startsWith(row.org_code);
    if (!ownHousehold && !fromStaff) throw new AppError('NOT_FOUND');
  }
  const file = blobPath(deps.dataDir, row.sha256);
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND');
  return { stream: fs.createReadStream(file), mime: row.mime, size: row.size };
}

export async function filesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/files',
    {
      schema: {
        tags: ['files'],
        summary: '上传一张图片（JPEG/PNG/WebP，不超过 8 MB；multipart 字段 file），返回文件编号',
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ id: z.string(), mime: z.string(), size: z.number().int() }) },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!req.isMultipart()) throw new AppError('FILE_REQUIRED');
      const part = await req.file({ limits: { fileSize: MAX_BYTES } });
      if (!part) throw new AppError('FILE_REQUIRED');
      const stored = await storeImage(
        { dataDir: app.deps.config.dataDir, db: app.deps.db, clock: app.deps.clock },
        actor,
        part.file,
      );
      return reply.code(201).send(stored);
    },
  );
  r.get(
    '/api/v1/files/:id',
    { schema: { tags: ['files'], summary: '读取图片', params: z.object({ id: z.string().uuid() }) } },
    async (req, reply) => {
      const f = await openFile(
        { dataDir: app.deps.config.dataDir, db: app.deps.db },
        requireActor(req),
        req.params.id,
      );
      reply
        .header('content-type', f.mime)
        .header('cache-control', 'private, max-age=86400')
        .header('content-length', f.size);
      return reply.send(f.stream);
    },
  );
}
