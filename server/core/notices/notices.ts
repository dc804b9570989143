import type { Kysely, Selectable } from 'kysely';
import type { Permission } from '../../../common/auth/roles';
import { recordAudit } from '../audit/audit';
import { type Actor, can, systemActor } from '../auth/actor';
import { beijingTime } from '../auth/session.service';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import type { NoticeItemTable, NoticeTable, Schema } from '../db/schema';
import { AppError } from '../errors';

/**
 * Public notice (公示) as a first-class step: a batch of items (awards, fund spending,
 * distributions, aid) is published for a period; anyone in the village may object to an item
 * with a reason; staff decide each objection (keep the item or withdraw it); when the period
 * has ended and no objection is open, the notice takes effect exactly once — the module that
 * owns the kind applies it (posting to the ledger, say) in the same transaction that marks the
 * notice posted. Published items carry display names only, never personal data.
 */
type Tx = Kysely<Schema>;
export type Notice = Selectable<NoticeTable>;
export type NoticeItem = Selectable<NoticeItemTable>;

export interface NoticeKind {
  /** Permission that may decide objections and manage this kind of notice. */
  managePermission: Permission;
  /** Applies the notice's effect (items still listed or kept). Returns a reference to what it did. */
  apply(tx: Tx, notice: Notice, items: NoticeItem[], clock: Clock): Promise<string>;
  /** Called when an objection withdraws an item. */
  withdraw?(tx: Tx, item: NoticeItem, clock: Clock): Promise<void>;
}

const kinds = new Map<string, NoticeKind>();

export function registerNoticeKind(kind: string, spec: NoticeKind): void {
  kinds.set(kind, spec);
}

function kindOf(kind: string): NoticeKind {
  const k = kinds.get(kind);
  if (!k) throw new Error(`no notice kind ${kind} registered`);
  return k;
}

export interface NewNoticeItem {
  refType: string;
  refId: number;
  displayName: string;
  description: string;
  amount: number;
}

export async function createNotice(
  tx: Tx,
  actor: Actor,
  clock: Clock,
  input: { kind: string; orgCode: string; title: string; days: number; items: NewNoticeItem[] },
): Promise<number> {
  const now = clock.now();
  const closes = new Date(now.getTime() + input.days * 86400_000);
  const n = await tx
    .insertInto('notices')
    .values({
      kind: input.kind,
      org_code: input.orgCode,
      title: input.title,
      status: 'open',
      opens_at: now.toISOString(),
      closes_at: closes.toISOString(),
      posted_at: null,
      effect_ref: null,
      created_by: actor.username,
      created_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(n.id);
  for (let i = 0; i < input.items.length; i += 300) {
    await tx
      .insertInto('notice_items')
      .values(
        input.items.slice(i, i + 300).map((it) => ({
          notice_id: id,
          ref_type: it.refType,
          ref_id: it.refId,
          display_name: it.displayName,
          description: it.description,
          amount: it.amount,
          status: 'listed',
        })),
      )
      .execute();
  }
  await recordAudit(tx, actor, clock, {
    entity: 'notice',
    entityId: id,
    action: 'publish',
    orgCode: input.orgCode,
    summary: `发布公示“${input.title}”，${input.items.length} 项，至 ${beijingTime(closes.toISOString())} 止`,
  });
  return id;
}

/** Notices visible to the actor: inside a staff subtree, or of the villager's own village. */
function visible(actor: Actor, orgCode: string): boolean {
  if (actor.kind === 'system') return true;
  const code = actor.scope.code;
  return actor.scope.kind === 'org' ? orgCode.startsWith(code) : code.startsWith(orgCode);
}

export async function listNotices(
  db: Db,
  actor: Actor,
  opts: { kind?: string; status?: string; limit?: number },
) {
  let q = db.q.selectFrom('notices').selectAll();
  const code = actor.scope.code;
  if (actor.scope.kind === 'org') q = q.where('org_code', '>=', code).where('org_code', '<', `${code}:`);
  else q = q.where('org_code', 'in', [code.slice(0, 12), code.slice(0, 9), code]);
  if (opts.kind) q = q.where('kind', '=', opts.kind);
  if (opts.status) q = q.where('status', '=', opts.status);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 50)
    .execute();
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await db.q
        .selectFrom('notice_items')
        .select([
          'notice_id',
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) => eb.fn.sum<number>('amount').as('total'),
        ])
        .where('notice_id', 'in', ids)
        .where('status', '!=', 'withdrawn')
        .groupBy('notice_id')
        .execute()
    : [];
  const openObj = ids.length
    ? await db.q
        .selectFrom('notice_objections')
        .select(['notice_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('notice_id', 'in', ids)
        .where('status', '=', 'open')
        .groupBy('notice_id')
        .execute()
    : [];
  return rows.map((r) => ({
    ...r,
    items: Number(counts.find((c) => c.notice_id === r.id)?.n ?? 0),
    total: Number(counts.find((c) => c.notice_id === r.id)?.total ?? 0),
    openObjections: Number(openObj.find((c) => c.notice_id === r.id)?.n ?? 0),
  }));
}

export async function getNotice(db: Db, actor: Actor, id: number) {
  const n = await db.q.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!n || !visible(actor, n.org_code)) throw new AppError('NOT_FOUND');
  const items = await db.q
    .selectFrom('notice_items')
    .selectAll()
    .where('notice_id', '=', id)
    .orderBy('id')
    .execute();
  const manager =
    actor.kind === 'system' || (actor.scope.kind === 'org' && can(actor, kindOf(n.kind).managePermission));
  let objections = db.q.selectFrom('notice_objections').selectAll().where('notice_id', '=', id);
  if (!manager) objections = objections.where('raised_by_user', '=', actor.userId ?? -1);
  return { notice: n, items, objections: await objections.orderBy('id').execute(), manager };
}

export async function raiseObjection(
  db: Db,
  actor: Actor,
  clock: Clock,
  noticeId: number,
  input: { itemId?: number | null; reason: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const n = await tx.selectFrom('notices').selectAll().where('id', '=', noticeId).executeTakeFirst();
    if (!n || !visible(actor, n.org_code)) throw new AppError('NOT_FOUND');
    if (n.status !== 'open' || clock.now().toISOString() >= n.closes_at)
      throw new AppError('NOTICE_CLOSED', { until: beijingTime(n.closes_at) });
    if (input.itemId) {
      const item = await tx
        .selectFrom('notice_items')
        .select('id')
        .where('id', '=', input.itemId)
        .where('notice_id', '=', noticeId)
        .executeTakeFirst();
      if (!item) throw new AppError('NOT_FOUND');
    }
    // One open objection per person and item (or per person on the whole notice): a repeat
    // cannot keep a notice held open.
    let same = tx
      .selectFrom('notice_objections')
      .select('id')
      .where('notice_id', '=', noticeId)
      .where('raised_by', '=', actor.username)
      .where('status', '=', 'open');
    same = input.itemId ? same.where('item_id', '=', input.itemId) : same.where('item_id', 'is', null);
    if (await same.executeTakeFirst()) throw new AppError('NOTICE_OBJECTION_OPEN');
    const o = await tx
      .insertInto('notice_objections')
      .values({
        notice_id: noticeId,
        item_id: input.itemId ?? null,
        raised_by: actor.username,
        raised_by_user: actor.userId,
        reason: input.reason,
        status: 'open',
        decision_reason: null,
        decided_by: null,
        created_at: clock.now().toISOString(),
        decided_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, clock, {
      entity: 'notice',
      entityId: noticeId,
      action: 'object',
      orgCode: n.org_code,
      summary: `对公示“${n.title}”提出异议`,
    });
    return Number(o.id);
  });
}

export async function decideObjection(
  db: Db,
  actor: Actor,
  clock: Clock,
  objectionId: number,
  input: { decision: 'keep' | 'withdraw'; reason: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const o = await tx
      .selectFrom('notice_objections')
      .selectAll()
      .where('id', '=', objectionId)
      .executeTakeFirst();
    if (!o) throw new AppError('NOT_FOUND');
    const n = await tx
      .selectFrom('notices')
      .selectAll()
      .where('id', '=', o.notice_id)
      .executeTakeFirstOrThrow();
    const kind = kindOf(n.kind);
    if (actor.scope.kind !== 'org' || !n.org_code.startsWith(actor.scope.code))
      throw new AppError('NOT_FOUND');
    if (!can(actor, kind.managePermission)) throw new AppError('FORBIDDEN');
    if (o.status !== 'open') throw new AppError('NOTICE_OBJECTION_DECIDED');
    if (n.status !== 'open') throw new AppError('NOTICE_NOT_OPEN');
    // Claimed while still open: of two people deciding at once (PostgreSQL), one decides.
    const claimed = await tx
      .updateTable('notice_objections')
      .set({
        status: input.decision === 'keep' ? 'kept' : 'withdrawn',
        decision_reason: input.reason,
        decided_by: actor.username,
        decided_at: clock.now().toISOString(),
      })
      .where('id', '=', objectionId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('NOTICE_OBJECTION_DECIDED');
    if (input.decision === 'withdraw' && o.item_id !== null) {
      const item = await tx
        .selectFrom('notice_items')
        .selectAll()
        .where('id', '=', o.item_id)
        .executeTakeFirstOrThrow();
      const withdrawn = await tx
        .updateTable('notice_items')
        .set({ status: 'withdrawn' })
        .where('id', '=', item.id)
        .where('status', '!=', 'withdrawn')
        .executeTakeFirst();
      if (Number(withdrawn.numUpdatedRows) === 1) await kind.withdraw?.(tx, item, clock);
    } else if (o.item_id !== null) {
      await tx
        .updateTable('notice_items')
        .set({ status: 'kept' })
        .where('id', '=', o.item_id)
        .where('status', '=', 'listed')
        .execute();
    }
    await recordAudit(tx, actor, clock, {
      entity: 'notice',
      entityId: n.id,
      action: input.decision === 'keep' ? 'objection-keep' : 'objection-withdraw',
      orgCode: n.org_code,
      summary: `处理对公示“${n.title}”的异议：${input.decision === 'keep' ? '维持' : '撤回该项'}。理由：${input.reason}`,
    });
  });
}

/**
 * Puts into effect every notice whose period has ended and that has no open objection. Each
 * notice in its own transaction; the status guard makes a second run (or a second process)
 * do nothing.
 */
export async function postDueNotices(db: Db, clock: Clock, limit = 100): Promise<number> {
  const nowIso = clock.now().toISOString();
  const due = await db.q
    .selectFrom('notices')
    .select(['id'])
    .where('status', '=', 'open')
    .where('closes_at', '<=', nowIso)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('notice_objections as o')
            .select('o.id')
            .whereRef('o.notice_id', '=', 'notices.id')
            .where('o.status', '=', 'open'),
        ),
      ),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
  let posted = 0;
  for (const d of due) {
    const done = await db.transaction(async (tx) => {
      const claimed = await tx
        .updateTable('notices')
        .set({ status: 'posting' })
        .where('id', '=', d.id)
        .where('status', '=', 'open')
        .returningAll()
        .executeTakeFirst();
      if (!claimed) return false;
      const items = await tx
        .selectFrom('notice_items')
        .selectAll()
        .where('notice_id', '=', d.id)
        .where('status', '!=', 'withdrawn')
        .orderBy('id')
        .execute();
      const ref = await kindOf(claimed.kind).apply(tx, claimed, items, clock);
      await tx
        .updateTable('notices')
        .set({ status: 'posted', posted_at: clock.now().toISOString(), effect_ref: ref })
        .where('id', '=', d.id)
        .execute();
      await recordAudit(tx, systemActor('notice-job', claimed.org_code), clock, {
        entity: 'notice',
        entityId: d.id,
        action: 'take-effect',
        orgCode: claimed.org_code,
        summary: `公示“${claimed.title}”期满生效：${items.length} 项`,
      });
      return true;
    });
    if (done) posted++;
  }
  return posted;
}
