import { createHash } from 'node:crypto';
import { shanghaiDate } from '../../../common/dates';
import { fenToChineseUpper } from '../../../common/money';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can, shownName } from '../../core/auth/actor';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError } from '../../core/errors';
import { LedgerError, post, reverse } from '../../core/ledger/ledger';
import { householdBrief, householdBriefs } from '../registry/registry.api';
import { allocateOldestFirst, assertReader, type SanitationDeps } from './billing.service';
import { fundAccount, fundShortfall, sourceAccount } from './fund.accounts';

/**
 * Collection (收费): a group leader records a payment on the phone (cash, WeChat or Alipay as
 * the method only) and gets a receipt number. The payment goes to the household's oldest open
 * bills first; what is left is prepaid credit for coming months. The money enters the fund on
 * the yuan book. A mistake is corrected by a reversal, never by an edit.
 */
const METHOD_ZH = { cash: '现金', wechat: '微信', alipay: '支付宝' } as const;

function hashOf(input: { householdId: number; amountFen: number; method: string }) {
  return createHash('sha256')
    .update(JSON.stringify([input.householdId, input.amountFen, input.method]))
    .digest('hex')
    .slice(0, 16);
}

export async function collect(
  deps: SanitationDeps,
  actor: Actor,
  input: { householdId: number; amountFen: number; method: 'cash' | 'wechat' | 'alipay'; key: string },
) {
  if (!can(actor, 'sanitation.collect') || actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0)
    throw new AppError('SANITATION_AMOUNT_INVALID');
  const key = `${actor.userId}:${input.key}`;
  const hash = hashOf(input);
  const prior = await deps.db.q
    .selectFrom('sanitation_payments')
    .select(['id', 'request_hash'])
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (prior) {
    if (prior.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    return { payment: await getPayment(deps, actor, Number(prior.id)), replayed: true };
  }
  const h = await householdBrief(deps.db.q, actor, input.householdId);
  if (!h) throw new AppError('NOT_FOUND');
  if (h.status !== 'active') throw new AppError('SANITATION_HOUSEHOLD_INACTIVE');
  const { clock } = deps;
  const today = shanghaiDate(clock.now());
  try {
    const id = await deps.db.transaction(async (tx) => {
      const fund = await fundAccount(tx, clock, h.townCode);
      const income = await sourceAccount(tx, clock, h.townCode, 'fee');
      const p = await tx
        .insertInto('sanitation_payments')
        .values({
          household_id: h.id,
          org_code: h.orgCode,
          amount_fen: input.amountFen,
          method: input.method,
          receipt_no: `pending-${key}`,
          idempotency_key: key,
          request_hash: hash,
          credit_fen: 0,
          ledger_tx_id: 0,
          reverses_id: null,
          reason: null,
          collected_by: shownName(actor),
          collected_by_id: actor.userId ?? 0,
          created_at: clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const pid = Number(p.id);
      const receipt = `WS${today.replace(/-/g, '')}${String(pid).padStart(6, '0')}`;
      const posted = await post(
        tx,
        {
          book: 'yuan',
          key: `sanitation-payment:${pid}`,
          kind: 'fee',
          orgCode: h.orgCode,
          entries: [
            { accountId: income, amount: -input.amountFen },
            { accountId: fund, amount: input.amountFen },
          ],
          memo: `卫生费 ${receipt}`,
          refType: 'sanitation-payment',
          refId: pid,
          effectiveDate: today,
          createdBy: actor.username,
        },
        clock,
      );
      // Oldest open bills first; the rest is prepaid credit.
      const left = input.amountFen - (await allocateOldestFirst(tx, pid, h.id, input.amountFen));
      await tx
        .updateTable('sanitation_payments')
        .set({ receipt_no: receipt, credit_fen: left, ledger_tx_id: posted.id })
        .where('id', '=', pid)
        .execute();
      await recordAudit(tx, actor, clock, {
        entity: 'sanitation-payment',
        entityId: pid,
        action: 'collect',
        orgCode: h.orgCode,
        onBehalfOf: `household:${h.id}`,
        summary: `收取 ${h.headName}户 卫生费 ${(input.amountFen / 100).toFixed(2)} 元（${METHOD_ZH[input.method]}，收据 ${receipt}）${left ? `，其中预缴 ${(left / 100).toFixed(2)} 元` : ''}`,
      });
      return pid;
    });
    return { payment: await getPayment(deps, actor, id), replayed: false };
  } catch (e) {
    if (isUniqueViolation(e)) {
      const again = await deps.db.q
        .selectFrom('sanitation_payments')
        .select(['id', 'request_hash'])
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      if (again && again.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
      if (again) return { payment: await getPayment(deps, actor, Number(again.id)), replayed: true };
    }
    throw e;
  }
}

/** Reverses a payment: the money leaves the fund, its allocations are undone. */
export async function reversePayment(deps: SanitationDeps, actor: Actor, id: number, reason: string) {
  if (!(can(actor, 'sanitation.collect') || can(actor, 'sanitation.approve')) || actor.scope.kind !== 'org')
    throw new AppError('FORBIDDEN');
  const { clock } = deps;
  const today = shanghaiDate(clock.now());
  const rid = await deps.db.transaction(async (tx) => {
    const p = await tx.selectFrom('sanitation_payments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!p?.org_code.startsWith(actor.scope.code) || p.reverses_id !== null) throw new AppError('NOT_FOUND');
    // A collector corrects their own receipt the same day; anything else takes an approver, so
    // cash taken against a receipt cannot quietly be reversed later by the one who took it.
    const ownToday =
      Number(p.collected_by_id) === actor.userId && shanghaiDate(new Date(p.created_at)) === today;
    if (!ownToday && !can(actor, 'sanitation.approve'))
      throw new AppError('SANITATION_REVERSAL_NEEDS_APPROVER');
    const done = await tx
      .selectFrom('sanitation_payments')
      .select('id')
      .where('reverses_id', '=', id)
      .executeTakeFirst();
    if (done) throw new AppError('SANITATION_ALREADY_REVERSED');
    let rev: Awaited<ReturnType<typeof reverse>>;
    try {
      rev = await reverse(
        tx,
        {
          transactionId: Number(p.ledger_tx_id),
          key: `sanitation-payment-reverse:${id}`,
          kind: 'fee-reversal',
          memo: `冲正收据 ${p.receipt_no}：${reason}`,
          effectiveDate: today,
          createdBy: actor.username,
        },
        clock,
      );
    } catch (e) {
      if (e instanceof LedgerError && e.kind === 'insufficient') {
        const fund = await fundAccount(tx, clock, p.org_code.slice(0, 9));
        throw await fundShortfall(tx, fund, p.amount_fen);
      }
      throw e;
    }
    const r = await tx
      .insertInto('sanitation_payments')
      .values({
        household_id: p.household_id,
        org_code: p.org_code,
        amount_fen: -p.amount_fen,
        method: p.method,
        receipt_no: `${p.receipt_no}-冲`,
        idempotency_key: `reverse:${id}`,
        request_hash: '',
        credit_fen: 0,
        ledger_tx_id: rev.id,
        reverses_id: id,
        reason,
        collected_by: shownName(actor),
        collected_by_id: actor.userId ?? 0,
        created_at: clock.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const allocs = await tx
      .selectFrom('sanitation_allocations')
      .selectAll()
      .where('payment_id', '=', id)
      .execute();
    for (const a of allocs) {
      await tx
        .insertInto('sanitation_allocations')
        .values({ payment_id: r.id, bill_id: a.bill_id, amount_fen: -a.amount_fen })
        .execute();
      await tx
        .updateTable('sanitation_bills')
        .set((eb) => ({ paid_fen: eb('paid_fen', '-', a.amount_fen) }))
        .where('id', '=', a.bill_id)
        .execute();
    }
    await recordAudit(tx, actor, clock, {
      entity: 'sanitation-payment',
      entityId: id,
      action: 'reverse',
      orgCode: p.org_code,
      onBehalfOf: `household:${p.household_id}`,
      summary: `冲正收据 ${p.receipt_no}（${(p.amount_fen / 100).toFixed(2)} 元）：${reason}`,
    });
    return Number(r.id);
  });
  return getPayment(deps, actor, rid);
}

export async function getPayment({ db }: SanitationDeps, actor: Actor, id: number) {
  assertReader(actor);
  const p = await db.q.selectFrom('sanitation_payments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw new AppError('NOT_FOUND');
  const visible =
    actor.scope.kind === 'household'
      ? actor.scope.householdId === Number(p.household_id)
      : p.org_code.startsWith(actor.scope.code);
  if (!visible) throw new AppError('NOT_FOUND');
  return (await paymentViews(db, [p]))[0];
}

async function paymentViews(
  db: SanitationDeps['db'],
  rows: Array<{
    id: number;
    household_id: number;
    amount_fen: number;
    method: string;
    receipt_no: string;
    credit_fen: number;
    reverses_id: number | null;
    reason: string | null;
    collected_by: string;
    created_at: string;
  }>,
) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const [allocs, reversed, names] = await Promise.all([
    db.q
      .selectFrom('sanitation_allocations as a')
      .innerJoin('sanitation_bills as b', 'b.id', 'a.bill_id')
      .select(['a.payment_id', 'a.bill_id', 'b.month', 'a.amount_fen'])
      .where('a.payment_id', 'in', ids)
      .orderBy('b.month')
      .execute(),
    db.q.selectFrom('sanitation_payments').select('reverses_id').where('reverses_id', 'in', ids).execute(),
    householdBriefs(db.q, [...new Set(rows.map((r) => Number(r.household_id)))]),
  ]);
  return rows.map((r) => ({
    id: Number(r.id),
    householdId: Number(r.household_id),
    householdName: `${names.get(Number(r.household_id))?.headName ?? ''}户`,
    amountFen: r.amount_fen,
    amountUpper: fenToChineseUpper(Math.abs(r.amount_fen)),
    method: r.method,
    receiptNo: r.receipt_no,
    creditFen: r.credit_fen,
    reversesId: r.reverses_id === null ? null : Number(r.reverses_id),
    reversed: reversed.some((x) => Number(x.reverses_id) === Number(r.id)),
    reason: r.reason,
    collectedBy: r.collected_by,
    createdAt: r.created_at,
    allocations: allocs
      .filter((a) => Number(a.payment_id) === Number(r.id))
      .map((a) => ({ billId: Number(a.bill_id), month: a.month, amountFen: a.amount_fen })),
  }));
}

export async function listPayments(
  { db }: SanitationDeps,
  actor: Actor,
  f: { householdId?: number; date?: string; limit?: number },
) {
  let q = db.q.selectFrom('sanitation_payments').selectAll();
  if (actor.scope.kind === 'household') q = q.where('household_id', '=', actor.scope.householdId);
  else {
    if (!can(actor, 'sanitation.read')) throw new AppError('FORBIDDEN');
    q = q.where('org_code', '>=', actor.scope.code).where('org_code', '<', `${actor.scope.code}:`);
  }
  if (f.householdId) q = q.where('household_id', '=', f.householdId);
  if (f.date) {
    q = q
      .where('created_at', '>=', new Date(`${f.date}T00:00:00+08:00`).toISOString())
      .where(
        'created_at',
        '<',
        new Date(new Date(`${f.date}T00:00:00+08:00`).getTime() + 86400_000).toISOString(),
      );
  }
  return paymentViews(
    db,
    await q
      .orderBy('id', 'desc')
      .limit(f.limit ?? 100)
      .execute(),
  );
}
