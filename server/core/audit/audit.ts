import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import { prepared, preparedInsert } from '../db/prepared';
import type { AuditLogTable, Schema } from '../db/schema';

/**
 * The audit trail: append-only, one row per change, each row carrying the hash of the one
 * before it. `recordAudit` must run inside the transaction that makes the change, ideally as
 * its last statement: on PostgreSQL it takes the row lock on `audit_head` until commit, which
 * is what keeps the chain a single line under concurrency.
 */
export interface AuditEntry {
  entity: string;
  entityId?: string | number | null;
  action: string;
  /** A short human sentence without personal data. */
  summary?: string | null;
  before?: unknown;
  after?: unknown;
  orgCode?: string | null;
  /** Set when staff act for a villager ("assisted"): who the act was for. */
  onBehalfOf?: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON: keys sorted at every depth, so equal values digest equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) out[key] = (v as Record<string, unknown>)[key];
      return out;
    }
    return v;
  });
}

export function digest(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

type Row = Omit<AuditLogTable, 'hash'>;

export function rowHash(row: Row): string {
  const content = [
    row.seq,
    row.at,
    row.actor_user_id,
    row.actor_username,
    row.actor_role,
    row.on_behalf_of,
    row.org_code,
    row.entity,
    row.entity_id,
    row.action,
    row.summary,
    row.before_digest,
    row.after_digest,
    row.ip,
    row.request_id,
  ];
  return createHash('sha256')
    .update(`${row.prev_hash}\n${JSON.stringify(content)}`)
    .digest('hex');
}

export async function recordAudit(
  tx: Kysely<Schema>,
  actor: Actor,
  clock: Clock,
  entries: AuditEntry | AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  // The no-op UPDATE takes the head's row lock on PostgreSQL and returns the current head.
  const head = await lockHead.first(tx);
  if (!head) throw new Error('the audit head is missing');
  let seq = Number(head.seq);
  let prev = head.hash;
  const at = clock.now().toISOString();
  const rows: AuditLogTable[] = [];
  for (const e of list) {
    seq += 1;
    const row: Row = {
      seq,
      at,
      actor_user_id: actor.userId,
      actor_username: actor.username,
      actor_role: actor.roles.join(',') || actor.kind,
      on_behalf_of: e.onBehalfOf ?? null,
      org_code: e.orgCode ?? (actor.scope.code || null),
      entity: e.entity,
      entity_id: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
      action: e.action,
      summary: e.summary ?? null,
      before_digest: digest(e.before),
      after_digest: digest(e.after),
      ip: actor.ip ?? null,
      request_id: actor.requestId ?? null,
      prev_hash: prev,
    };
    const hash = rowHash(row);
    rows.push({ ...row, hash });
    prev = hash;
  }
  // Chunks keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    if (chunk.length === 1) await insertOne.run(tx, chunk);
    else await tx.insertInto('audit_log').values(chunk).execute();
  }
  await moveHead.run(tx, seq, prev);
}

// The statements of `recordAudit`, built once: every write of every request runs them.
const lockHead = prepared((db) =>
  db
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('id', '=', 1)
    .returning(['seq', 'hash']),
);
const moveHead = prepared((db, seq: number, hash: string) =>
  db.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1),
);
const insertOne = preparedInsert('audit_log', [
  'seq',
  'at',
  'actor_user_id',
  'actor_username',
  'actor_role',
  'on_behalf_of',
  'org_code',
  'entity',
  'entity_id',
  'action',
  'summary',
  'before_digest',
  'after_digest',
  'ip',
  'request_id',
  'prev_hash',
  'hash',
]);

export interface AuditProblem {
  seq: number;
  kind: 'changed' | 'missing' | 'broken-link' | 'head-mismatch';
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  headSeq: number;
  problems: AuditProblem[];
}

/** Walks the whole chain in order; names every changed, missing or re-linked row. */
export async function verifyAudit(
  db: Db,
  onProgress?: (done: number, total: number) => void,
  maxProblems = 100,
): Promise<VerifyResult> {
  const head = await db.q
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const headSeq = Number(head.seq);
  const problems: AuditProblem[] = [];
  const add = (p: AuditProblem) => {
    if (problems.length < maxProblems) problems.push(p);
  };
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let after = 0;
  for (;;) {
    const batch = await db.q
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (batch.length === 0) break;
    for (const r of batch) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) {
        add({
          seq: expectedSeq,
          kind: 'missing',
          message:
            seq - expectedSeq === 1
              ? `第 ${expectedSeq} 条审计记录缺失（被删除）`
              : `第 ${expectedSeq}–${seq - 1} 条审计记录缺失（被删除）`,
        });
      }
      if (r.prev_hash !== prevHash) {
        add({ seq, kind: 'broken-link', message: `第 ${seq} 条记录的前序哈希与上一条不符（链条被改动）` });
      }
      const recomputed = rowHash({
        ...r,
        seq,
        actor_user_id: r.actor_user_id === null ? null : Number(r.actor_user_id),
      });
      if (recomputed !== r.hash) {
        add({ seq, kind: 'changed', message: `第 ${seq} 条审计记录的内容被修改过（哈希不符）` });
      }
      prevHash = r.hash;
      expectedSeq = seq + 1;
      count += 1;
    }
    after = Number(batch[batch.length - 1].seq);
    onProgress?.(count, headSeq);
  }
  if (expectedSeq - 1 !== headSeq || prevHash !== head.hash) {
    add({
      seq: headSeq,
      kind: 'head-mismatch',
      message:
        expectedSeq - 1 < headSeq
          ? `链尾应为第 ${headSeq} 条，实际只到第 ${expectedSeq - 1} 条（末尾记录被删除）`
          : `链尾哈希与第 ${expectedSeq - 1} 条记录不符（记录或链尾被改动）`,
    });
  }
  return { ok: problems.length === 0, rows: count, headSeq, problems };
}
