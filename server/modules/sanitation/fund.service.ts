import type { Kysely, Selectable } from 'kysely';
import { monthBounds, shanghaiDate } from '../../../common/dates';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can } from '../../core/auth/actor';
import { displayNames } from '../../core/auth/users.repository';
import type { Clock } from '../../core/clock';
import type { Schema } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { LedgerError, post } from '../../core/ledger/ledger';
import { assertReader, type SanitationDeps, townOfActor } from './billing.service';
import { expenseAccount, fundAccount, fundShortfall, sourceAccount } from './fund.accounts';
import type { FundMovementTable } from './sanitation.schema';

/**
 * The public health fund: income (fees arrive through collection; subsidies and donations are
 * recorded here), spending (cleaners' wages, tools, transport…) with a voucher photo and two
 * approvers who are neither the submitter nor each other, and the monthly public disclosure.
 */
type Row = Selectable<FundMovementTable>;
const STATUS_ZH: Record<string, string> = {
  pending: '待审批',
  approved1: '已一审',
  posted: '已入账',
  rejected: '已驳回',
};

/** A login name as people know it (the login name itself when the account is gone). */
const shown = (names: Map<string, string>, username: string | null) =>
  username === null ? null : (names.get(username) ?? username);

function movementView(r: Row, names: Map<string, string>) {
  return {
    id: Number(r.id),
    kind: r.kind as 'fee' | 'subsidy' | 'donation' | 'expense',
    category: r.category,
    description: r.description,
    amountFen: r.amount_fen,
    counterparty: r.counterparty,
    voucher: r.voucher_file_id,
    status: r.status as 'pending' | 'approved1' | 'posted' | 'rejected',
    submittedBy: r.submitted_by,
    submittedByName: shown(names, r.submitted_by) ?? r.submitted_by,
    approver1: r.approver1,
    approver1Name: shown(names, r.approver1),
    approver2: r.approver2,
    approver2Name: shown(names, r.approver2),
    rejectReason: r.reject_reason,
    occurredOn: r.occurred_on,
  };
}

/** Who submitted and approved these movements, by name (the rows keep login names, which the rules compare). */
const namesOf = (db: Kysely<Schema>, rows: Row[]) =>
  displayNames(
    db,
    rows.flatMap((r) => [r.submitted_by, r.approver1, r.approver2]).filter((u) => u !== null),
  );

async function movementViews(db: Kysely<Schema>, rows: Row[]) {
  const names = await namesOf(db, rows);
  return rows.map((r) => movementView(r, names));
}

async function oneView(db: Kysely<Schema>, row: Row) {
  return (await movementViews(db, [row]))[0];
}

/** Money is recorded when it moved: a day after today is a typing mistake. */
function notAhead(day: string, clock: Clock) {
  if (day > shanghaiDate(clock.now())) throw new AppError('SANITATION_DATE_FUTURE', { date: day });
}

export async function recordIncome(
  { db, clock }: SanitationDeps,
  actor: Actor,
  input: {
    kind: 'subsidy' | 'donation';
    description: string;
    counterparty: string;
    amountFen: number;
    occurredOn: string;
    voucher?: string | null;
  },
) {
  if (!can(actor, 'sanitation.fund')) throw new AppError('FORBIDDEN');
  const town = townOfActor(actor);
  notAhead(input.occurredOn, clock);
  return db.transaction(async (tx) => {
    const m = await tx
      .insertInto('fund_movements')
      .values({
        town_code: town,
        kind: input.kind,
        category: input.kind === 'subsidy' ? '上级补助' : '社会捐赠',
        description: input.description,
        amount_fen: input.amountFen,
        voucher_file_id: input.voucher ?? null,
        counterparty: input.counterparty,
        status: 'posted',
        submitted_by: actor.username,
        submitted_by_id: actor.userId ?? 0,
        approver1: null,
        approver1_id: null,
        approver2: null,
        approver2_id: null,
        reject_reason: null,
        ledger_tx_id: null,
        occurred_on: input.occurredOn,
        created_at: clock.now().toISOString(),
        posted_at: clock.now().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const fund = await fundAccount(tx, clock, town);
    const src = await sourceAccount(tx, clock, town, input.kind);
    const p = await post(
      tx,
      {
        book: 'yuan',
        key: `fund-movement:${m.id}`,
        kind: input.kind,
        orgCode: town,
        entries: [
          { accountId: src, amount: -input.amountFen },
          { accountId: fund, amount: input.amountFen },
        ],
        memo: input.description,
        refType: 'fund-movement',
        refId: Number(m.id),
        effectiveDate: input.occurredOn,
        createdBy: actor.username,
      },
      clock,
    );
    await tx.updateTable('fund_movements').set({ ledger_tx_id: p.id }).where('id', '=', m.id).execute();
    await recordAudit(tx, actor, clock, {
      entity: 'fund-movement',
      entityId: m.id,
      action: input.kind,
      orgCode: town,
      summary: `登记卫生基金${input.kind === 'subsidy' ? '补助' : '捐赠'}收入 ${(input.amountFen / 100).toFixed(2)} 元（${input.counterparty}）`,
    });
    return oneView(tx, { ...m, ledger_tx_id: p.id });
  });
}

export async function submitExpense(
  { db, clock }: SanitationDeps,
  actor: Actor,
  input: {
    category: string;
    description: string;
    counterparty?: string | null;
    amountFen: number;
    occurredOn: string;
    voucher: string;
  },
) {
  if (!can(actor, 'sanitation.fund')) throw new AppError('FORBIDDEN');
  const town = townOfActor(actor);
  notAhead(input.occurredOn, clock);
  if (!input.voucher) throw new AppError('SANITATION_VOUCHER_REQUIRED');
  return db.transaction(async (tx) => {
    const file = await tx.selectFrom('files').select('id').where('id', '=', input.voucher).executeTakeFirst();
    if (!file) throw new AppError('SANITATION_VOUCHER_REQUIRED');
    const m = await tx
      .insertInto('fund_movements')
      .values({
        town_code: town,
        kind: 'expense',
        category: input.category,
        description: input.description,
        amount_fen: input.amountFen,
        voucher_file_id: input.voucher,
        counterparty: input.counterparty ?? null,
        status: 'pending',
        submitted_by: actor.username,
        submitted_by_id: actor.userId ?? 0,
        approver1: null,
        approver1_id: null,
        approver2: null,
        approver2_id: null,
        reject_reason: null,
        ledger_tx_id: null,
        occurred_on: input.occurredOn,
        created_at: clock.now().toISOString(),
        posted_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, clock, {
      entity: 'fund-movement',
      entityId: m.id,
      action: 'submit-expense',
      orgCode: town,
      summary: `提交卫生基金支出 ${(input.amountFen / 100).toFixed(2)} 元：${input.category}，${input.description}`,
    });
    return oneView(tx, m);
  });
}

/**
 * One approval of a spending: the first moves it to "approved1", the second — by another
 * person, and neither may be the submitter — posts it to the fund (which must hold enough).
 */
/** A decision counts only if the movement was still in the state it was read in. */
function claimed(r: { numUpdatedRows: bigint }) {
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('SANITATION_ALREADY_DECIDED', { status: '已处理' });
}

export async function decideExpense(
  { db, clock }: SanitationDeps,
  actor: Actor,
  id: number,
  input: { decision: 'approve' | 'reject'; reason?: string },
) {
  if (!can(actor, 'sanitation.approve') || actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  return db.transaction(async (tx) => {
    const m = await tx
      .selectFrom('fund_movements')
      .selectAll()
      .where('id', '=', id)
      .where('kind', '=', 'expense')
      .executeTakeFirst();
    // Town-level (or county-level) approvers of the fund's own town.
    if (!m || actor.scope.code.length > 9 || !m.town_code.startsWith(actor.scope.code))
      throw new AppError('NOT_FOUND');
    if (m.status !== 'pending' && m.status !== 'approved1')
      throw new AppError('SANITATION_ALREADY_DECIDED', { status: STATUS_ZH[m.status] ?? m.status });
    if (Number(m.submitted_by_id) === actor.userId) throw new AppError('SANITATION_SELF_APPROVE');
    if (m.status === 'approved1' && Number(m.approver1_id) === actor.userId)
      throw new AppError('SANITATION_SAME_APPROVER');
    if (input.decision === 'reject') {
      if (!input.reason) throw new AppError('POINTS_REASON_REQUIRED');
      claimed(
        await tx
          .updateTable('fund_movements')
          .set({ status: 'rejected', reject_reason: input.reason })
          .where('id', '=', id)
          .where('status', '=', m.status)
          .executeTakeFirst(),
      );
      await recordAudit(tx, actor, clock, {
        entity: 'fund-movement',
        entityId: id,
        action: 'reject',
        orgCode: m.town_code,
        summary: `驳回卫生基金支出 #${id}：${input.reason}`,
      });
      return oneView(tx, { ...m, status: 'rejected', reject_reason: input.reason });
    }
    if (m.status === 'pending') {
      claimed(
        await tx
          .updateTable('fund_movements')
          .set({ status: 'approved1', approver1: actor.username, approver1_id: actor.userId })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .executeTakeFirst(),
      );
      await recordAudit(tx, actor, clock, {
        entity: 'fund-movement',
        entityId: id,
        action: 'approve1',
        orgCode: m.town_code,
        summary: `一审通过卫生基金支出 #${id}（${(m.amount_fen / 100).toFixed(2)} 元）`,
      });
      return oneView(tx, {
        ...m,
        status: 'approved1',
        approver1: actor.username,
        approver1_id: actor.userId,
      });
    }
    const fund = await fundAccount(tx, clock, m.town_code);
    const exp = await expenseAccount(tx, clock, m.town_code, m.category);
    let txId: number;
    try {
      const p = await post(
        tx,
        {
          book: 'yuan',
          key: `fund-movement:${id}`,
          kind: 'expense',
          orgCode: m.town_code,
          entries: [
            { accountId: fund, amount: -m.amount_fen },
            { accountId: exp, amount: m.amount_fen },
          ],
          memo: m.description,
          refType: 'fund-movement',
          refId: id,
          effectiveDate: m.occurred_on,
          createdBy: actor.username,
        },
        clock,
      );
      txId = p.id;
    } catch (e) {
      if (e instanceof LedgerError && e.kind === 'insufficient') {
        throw await fundShortfall(tx, fund, m.amount_fen);
      }
      throw e;
    }
    const nowIso = clock.now().toISOString();
    claimed(
      await tx
        .updateTable('fund_movements')
        .set({
          status: 'posted',
          approver2: actor.username,
          approver2_id: actor.userId,
          ledger_tx_id: txId,
          posted_at: nowIso,
        })
        .where('id', '=', id)
        .where('status', '=', 'approved1')
        .executeTakeFirst(),
    );
    await recordAudit(tx, actor, clock, {
      entity: 'fund-movement',
      entityId: id,
      action: 'approve2',
      orgCode: m.town_code,
      summary: `二审通过并支出卫生基金 ${(m.amount_fen / 100).toFixed(2)} 元：${m.description}`,
    });
    return oneView(tx, {
      ...m,
      status: 'posted',
      approver2: actor.username,
      approver2_id: actor.userId,
      ledger_tx_id: txId,
      posted_at: nowIso,
    });
  });
}

export async function listMovements(
  { db }: SanitationDeps,
  actor: Actor,
  f: { status?: string; kind?: string },
) {
  assertReader(actor);
  const town = actor.scope.code.slice(0, 9);
  let q = db.q.selectFrom('fund_movements').selectAll().where('town_code', '=', town);
  // Villagers see what the fund did, not what is still waiting for approval.
  if (actor.scope.kind === 'household') q = q.where('status', '=', 'posted');
  if (f.status) q = q.where('status', '=', f.status);
  if (f.kind) q = q.where('kind', '=', f.kind);
  return movementViews(db.q, await q.orderBy('id', 'desc').limit(200).execute());
}

/**
 * The month's public disclosure (村务公开): opening balance, income by kind, each spending line
 * with its approvers, closing balance. From the ledger entries dated in the month; visible to
 * villagers of the town.
 */
export async function disclosure({ db, clock }: SanitationDeps, actor: Actor, month: string) {
  assertReader(actor);
  const town = actor.scope.code.slice(0, 9);
  if (town.length < 9) throw new AppError('FORBIDDEN');
  const { first, last } = monthBounds(month);
  if (first > shanghaiDate(clock.now())) throw new AppError('SANITATION_MONTH_FUTURE', { month });
  const fund = await db.q
    .selectFrom('ledger_accounts')
    .select(['id', 'balance'])
    .where('book', '=', 'yuan')
    .where('code', '=', `sanitation-fund:${town}`)
    .executeTakeFirst();
  const townName =
    (await db.q.selectFrom('org_nodes').select('name').where('code', '=', town).executeTakeFirst())?.name ??
    '';
  if (!fund)
    return {
      townName,
      month,
      openingFen: 0,
      income: [],
      spending: [],
      incomeFen: 0,
      spendingFen: 0,
      closingFen: 0,
      balanceFen: 0,
    };
  const before = await db.q
    .selectFrom('ledger_entries')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.val(0)).as('s'))
    .where('account_id', '=', fund.id)
    .where('effective_date', '<', first)
    .executeTakeFirstOrThrow();
  const entries = await db.q
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .select(['t.kind', 't.ref_type', 't.ref_id', 'e.amount'])
    .where('e.account_id', '=', fund.id)
    .where('e.effective_date', '>=', first)
    .where('e.effective_date', '<=', last)
    .execute();
  const LABEL: Record<string, string> = {
    fee: '卫生费收入',
    'fee-reversal': '卫生费冲正',
    subsidy: '上级补助',
    donation: '社会捐赠',
  };
  const byKind = new Map<string, { amountFen: number; count: number }>();
  for (const e of entries) {
    if (e.kind === 'expense') continue;
    const k = e.kind === 'fee-reversal' ? 'fee' : e.kind;
    const cur = byKind.get(k) ?? { amountFen: 0, count: 0 };
    cur.amountFen += Number(e.amount);
    cur.count += Number(e.amount) > 0 ? 1 : 0;
    byKind.set(k, cur);
  }
  const spendIds = entries.filter((e) => e.kind === 'expense').map((e) => Number(e.ref_id));
  const spendRows = spendIds.length
    ? await db.q
        .selectFrom('fund_movements')
        .selectAll()
        .where('id', 'in', spendIds)
        .orderBy('occurred_on')
        .orderBy('id')
        .execute()
    : [];
  const income = [...byKind.entries()].map(([kind, v]) => ({
    kind,
    label: LABEL[kind] ?? kind,
    amountFen: v.amountFen,
    count: v.count,
  }));
  const incomeFen = income.reduce((s, i) => s + i.amountFen, 0);
  const names = await namesOf(db.q, spendRows);
  const spending = spendRows.map((r) => ({
    id: Number(r.id),
    category: r.category,
    description: r.description,
    amountFen: r.amount_fen,
    occurredOn: r.occurred_on,
    approvers: [shown(names, r.approver1), shown(names, r.approver2)].filter(Boolean).join('、'),
  }));
  const spendingFen = spending.reduce((s, x) => s + x.amountFen, 0);
  const openingFen = Number(before.s);
  return {
    townName,
    month,
    openingFen,
    income,
    spending,
    incomeFen,
    spendingFen,
    closingFen: openingFen + incomeFen - spendingFen,
    balanceFen: Number(fund.balance),
  };
}
