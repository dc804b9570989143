import { sql } from 'kysely';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../../common/dates';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can, systemActor } from '../../core/auth/actor';
import type { Clock } from '../../core/clock';
import type { Db } from '../../core/db/database';
import { prepared } from '../../core/db/prepared';
import { onGroupLost } from '../../core/db/sqlite-driver';
import { AppError } from '../../core/errors';
import { once } from '../../core/jobs/jobs';
import { postBatch } from '../../core/ledger/ledger';
import { countActiveHouseholds, householdBrief, householdBriefs } from '../registry/registry.api';
import { expiryAccount, findHouseholdAccount, householdCode } from './points.accounts';
import { DEFAULT_SETTINGS, getSettings, type PointsDeps } from './rules.service';

/**
 * Household accounts as people see them: balance, what they earned and spent, what will
 * expire and when, their statement, the honour roll, and participation per village.
 */
export const KIND_ZH: Record<string, string> = {
  award: '积分奖励',
  deduction: '扣分',
  redeem: '超市兑换',
  'redeem-cancel': '兑换撤销',
  policy: '政策兑换',
  expiry: '到期清零',
  reversal: '冲正',
};

/** The household, if the actor may see its points (staff with points.read in scope, or its villager). */
export async function householdInScope(db: Db, actor: Actor, householdId: number) {
  if (actor.scope.kind === 'org' && !can(actor, 'points.read')) throw new AppError('FORBIDDEN');
  const h = await householdBrief(db.q, actor, householdId);
  if (!h) throw new AppError('NOT_FOUND');
  return h;
}

/**
 * A household's points account as the summary reads it: one row, built once (this is the
 * hottest read of the module). The account carries its household's division code, moved with
 * the household in the same transaction, so scope is one prefix test on it.
 */
const summaryRow = prepared((db, code: string) =>
  db
    .selectFrom('ledger_accounts')
    .select(['id', 'code', 'org_code', 'balance', 'earned', 'spent', 'credits', 'debits'])
    .where('book', '=', 'points')
    .where('code', '=', code),
);
const summaryRowById = prepared((db, id: number) =>
  db
    .selectFrom('ledger_accounts')
    .select(['id', 'code', 'org_code', 'balance', 'earned', 'spent', 'credits', 'debits'])
    .where('id', '=', id)
    .where('book', '=', 'points'),
);

/**
 * Which account row is a household's: found once by its code, then read by its key (one
 * B-tree instead of an index and the table). The row read by key must still be the points
 * book's and carry the household's code — a row id of an account whose creating transaction
 * was lost could be given to another account — else it is looked up by code again.
 */
const accountIds = new Map<string, number>();
const ACCOUNT_IDS_MAX = 100_000;

type SummaryRow = NonNullable<Awaited<ReturnType<typeof summaryRow.first>>>;

async function readSummaryRow(db: Db, code: string): Promise<SummaryRow | undefined> {
  const id = accountIds.get(code);
  if (id !== undefined) {
    // At once when the connection is free (the counter's hottest read), else in the queue.
    const rows = summaryRowById.allNow(db, id) ?? (await summaryRowById.all(db.q, id));
    if (rows[0]?.code === code) return rows[0];
    accountIds.delete(code);
  }
  const rows = summaryRow.allNow(db, code) ?? (await summaryRow.all(db.q, code));
  const row = rows[0];
  if (row) {
    if (accountIds.size >= ACCOUNT_IDS_MAX) accountIds.delete(accountIds.keys().next().value as string);
    accountIds.set(code, Number(row.id));
  }
  return row;
}

/** A town's expiry setting (`points_settings.expiry_years`; none set: the default). */
const townExpiry = prepared((db, town: string) =>
  db.selectFrom('points_settings').select('expiry_years').where('town_code', '=', town),
);

/** Today in Beijing and whether the year-end preview shows, worked out once per day. */
let day = { from: 0, to: -1, date: '', year: 0, preview: false };
function dayOf(clock: Clock) {
  const ms = clock.now().getTime();
  if (ms >= day.from && ms < day.to) return day;
  const date = shanghaiDate(new Date(ms));
  const year = Number(date.slice(0, 4));
  const from = shanghaiDayStart(date).getTime();
  // What will expire is shown 30 days ahead of the year end (and computed only then).
  day = { from, to: from + 86_400_000, date, year, preview: date >= addDays(`${year}-12-31`, -30) };
  return day;
}

/**
 * The awards of an account effective on or before `cutoff`, with the account's credit and
 * debit totals read in the same statement (one snapshot on PostgreSQL).
 */
const awardsUpTo = prepared((db, accountId: number, cutoff: string) =>
  db
    .selectFrom('ledger_accounts as a')
    .select([
      'a.credits',
      'a.debits',
      (eb) =>
        eb.fn
          .coalesce(
            eb
              .selectFrom('ledger_entries as e')
              .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
              .select((s) => s.fn.sum<number>('e.amount').as('s'))
              .whereRef('e.account_id', '=', 'a.id')
              .where('t.kind', '=', 'award')
              .where('e.effective_date', '<=', cutoff),
            eb.val(0),
          )
          .as('old'),
    ])
    .where('a.id', '=', accountId),
);

/**
 * Old awards per account version. Entries are never changed or removed and each one raises the
 * account's credits or debits, so (credits, debits) names the set of entries: a cached sum can
 * never outlive a new entry. A group COMMIT that fails takes back entries already seen, so
 * then everything is forgotten.
 */
const OLD_AWARDS_MAX = 50_000;
let oldAwards = new Map<string, number>();
onGroupLost(() => {
  oldAwards = new Map();
});

async function awardsEffectiveBy(
  db: Db,
  acc: { id: number; credits: number; debits: number },
  cutoff: string,
): Promise<number> {
  const key = `${acc.id}|${cutoff}|${acc.credits}|${acc.debits}`;
  const hit = oldAwards.get(key);
  if (hit !== undefined) return hit;
  const r = await awardsUpTo.first(db.q, Number(acc.id), cutoff);
  const old = Number(r?.old ?? 0);
  if (r) {
    if (oldAwards.size >= OLD_AWARDS_MAX) oldAwards.delete(oldAwards.keys().next().value as string);
    oldAwards.set(`${acc.id}|${cutoff}|${r.credits}|${r.debits}`, old);
  }
  return old;
}

/**
 * Points of a household that expire at the end of `year`, first-in first-out: the awards old
 * enough to expire, less what has been used since (every movement that is not an award).
 */
function expiringOf(balance: number, earned: number, oldAwards: number): number {
  // Everything that is not an award sums to balance - earned; what was used is its negative.
  const consumed = earned - balance;
  return Math.max(0, Math.min(balance, oldAwards - consumed));
}

function householdVisible(actor: Actor, householdId: number, orgCode: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.scope.kind === 'household') return actor.scope.householdId === householdId;
  return orgCode.startsWith(actor.scope.code);
}

export async function accountSummary({ db, clock }: PointsDeps, actor: Actor, householdId: number) {
  if (actor.scope.kind === 'org' && !can(actor, 'points.read')) throw new AppError('FORBIDDEN');
  const acc = await readSummaryRow(db, householdCode(householdId));
  if (!acc) {
    // No account yet: the household may still exist (and be visible) with nothing on it.
    await householdInScope(db, actor, householdId);
    return {
      householdId,
      balance: 0,
      earnedTotal: 0,
      spentTotal: 0,
      expiring: [] as Array<{ points: number; on: string }>,
    };
  }
  if (!householdVisible(actor, householdId, acc.org_code)) throw new AppError('NOT_FOUND');
  const balance = Number(acc.balance);
  const earned = Number(acc.earned);
  const expiring: Array<{ points: number; on: string }> = [];
  const { year, preview } = dayOf(clock);
  if (balance > 0 && preview) {
    // The division code's first 9 digits are the town. In December every balance asks this,
    // so it is a prepared read, at once when the connection is free.
    const town = acc.org_code.slice(0, 9);
    const set = townExpiry.allNow(db, town) ?? (await townExpiry.all(db.q, town));
    const expiryYears = set.length ? set[0].expiry_years : DEFAULT_SETTINGS.expiryYears;
    if (expiryYears) {
      const cutoff = `${year - expiryYears + 1}-12-31`;
      const old = await awardsEffectiveBy(
        db,
        { id: Number(acc.id), credits: Number(acc.credits), debits: Number(acc.debits) },
        cutoff,
      );
      const points = expiringOf(balance, earned, old);
      if (points > 0) expiring.push({ points, on: `${year}-12-31` });
    }
  }
  return {
    householdId,
    balance,
    earnedTotal: earned,
    spentTotal: Number(acc.spent),
    expiring,
  };
}

export async function listAccounts(
  { db }: PointsDeps,
  actor: Actor,
  q: { village?: string; minBalance?: number; page: number; pageSize: number },
) {
  if (actor.scope.kind !== 'org' || !can(actor, 'points.read')) throw new AppError('FORBIDDEN');
  const root = q.village ?? actor.scope.code;
  if (!root.startsWith(actor.scope.code)) throw new AppError('NOT_FOUND');
  let base = db.q
    .selectFrom('ledger_accounts')
    .where('book', '=', 'points')
    .where('kind', '=', 'household')
    .where('org_code', '>=', root)
    .where('org_code', '<', `${root}:`);
  if (q.minBalance !== undefined) base = base.where('balance', '>=', q.minBalance);
  const [rows, total] = await Promise.all([
    base
      .select(['owner_id', 'balance'])
      .orderBy('balance', 'desc')
      .orderBy('owner_id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const names = await householdBriefs(
    db.q,
    rows.map((r) => Number(r.owner_id)),
  );
  return {
    items: rows.map((r) => ({
      householdId: Number(r.owner_id),
      balance: Number(r.balance),
      householdName: `${names.get(Number(r.owner_id))?.headName ?? ''}户`,
    })),
    total: Number(total.n),
  };
}

export async function statement(
  { db }: PointsDeps,
  actor: Actor,
  householdId: number,
  opts: { from?: string; to?: string } = {},
) {
  const h = await householdInScope(db, actor, householdId);
  const acc = await findHouseholdAccount(db.q, householdId);
  if (!acc) return { household: h, lines: [] };
  let q = db.q
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .select([
      't.id',
      't.kind',
      't.memo',
      't.ref_type',
      't.ref_id',
      'e.effective_date',
      'e.amount',
      'e.balance_after',
      't.created_at',
    ])
    .where('e.account_id', '=', acc.id);
  if (opts.from) q = q.where('e.effective_date', '>=', opts.from);
  if (opts.to) q = q.where('e.effective_date', '<=', opts.to);
  const rows = await q.orderBy('e.id').limit(5000).execute();
  // A readable memo for each line: the rule of an award, the goods of a redemption.
  const declIds = rows.filter((r) => r.ref_type === 'declaration').map((r) => Number(r.ref_id));
  const decl = declIds.length
    ? await db.q
        .selectFrom('declarations as d')
        .innerJoin('point_rules as r', 'r.id', 'd.rule_id')
        .select(['d.id', 'r.name', 'd.quantity'])
        .where('d.id', 'in', declIds)
        .execute()
    : [];
  const redIds = rows.filter((r) => r.ref_type === 'redemption').map((r) => Number(r.ref_id));
  const lines = redIds.length
    ? await db.q
        .selectFrom('redemption_lines')
        .select(['redemption_id', 'name', 'quantity'])
        .where('redemption_id', 'in', redIds)
        .execute()
    : [];
  return {
    household: h,
    lines: rows.map((r) => {
      let memo = r.memo;
      if (r.ref_type === 'declaration') {
        const d = decl.find((x) => Number(x.id) === Number(r.ref_id));
        memo = d
          ? `${d.name}${d.quantity > 1 ? ` ×${d.quantity}` : ''}${r.memo ? `（${r.memo}）` : ''}`
          : memo;
      }
      if (r.ref_type === 'redemption') {
        memo = lines
          .filter((l) => Number(l.redemption_id) === Number(r.ref_id))
          .map((l) => `${l.name}×${l.quantity}`)
          .join('、');
      }
      return {
        transactionId: Number(r.id),
        date: r.effective_date,
        kind: r.kind,
        kindName: KIND_ZH[r.kind] ?? r.kind,
        memo,
        amount: Number(r.amount),
        balanceAfter: Number(r.balance_after),
      };
    }),
  };
}

/** 红榜: households of a village ranked by points earned in a month or year (not by balance). */
export async function honourRoll(
  { db }: PointsDeps,
  actor: Actor,
  q: { village?: string; period: string; limit: number },
) {
  const root = q.village ?? (actor.scope.kind === 'org' ? actor.scope.code : actor.scope.code.slice(0, 12));
  if (actor.scope.kind === 'org' ? !root.startsWith(actor.scope.code) : !actor.scope.code.startsWith(root))
    throw new AppError('NOT_FOUND');
  const from = q.period.length === 4 ? `${q.period}-01-01` : `${q.period}-01`;
  const to = q.period.length === 4 ? `${q.period}-12-31` : `${q.period}-31`;
  const rows = await db.q
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
    .select(['a.owner_id', (eb) => eb.fn.sum<number>('e.amount').as('earned')])
    .where('t.kind', '=', 'award')
    .where('a.kind', '=', 'household')
    .where('a.org_code', '>=', root)
    .where('a.org_code', '<', `${root}:`)
    .where('e.effective_date', '>=', from)
    .where('e.effective_date', '<=', to)
    .groupBy('a.owner_id')
    .having((eb) => eb.fn.sum('e.amount'), '>', 0)
    .orderBy(sql`2`, 'desc')
    .orderBy('a.owner_id')
    .limit(q.limit)
    .execute();
  const names = await householdBriefs(
    db.q,
    rows.map((r) => Number(r.owner_id)),
  );
  const village = await db.q
    .selectFrom('org_nodes')
    .select('name')
    .where('code', '=', root)
    .executeTakeFirst();
  return {
    title: `${village?.name ?? ''}${q.period.length === 4 ? `${q.period}年度` : `${q.period.replace('-', '年')}月`}积分红榜`,
    items: rows.map((r, i) => ({
      rank: i + 1,
      householdId: Number(r.owner_id),
      householdName: `${names.get(Number(r.owner_id))?.headName ?? ''}户`,
      points: Number(r.earned),
    })),
  };
}

/** Households with an award in the period over all active households, per village. */
export async function participation({ db }: PointsDeps, actor: Actor, period: string) {
  if (actor.scope.kind !== 'org' || !can(actor, 'points.read')) throw new AppError('FORBIDDEN');
  const root = actor.scope.code;
  const from = period.length === 4 ? `${period}-01-01` : `${period}-01`;
  const to = period.length === 4 ? `${period}-12-31` : `${period}-31`;
  const rows = await db.q
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
    .select(['a.org_code', 'a.owner_id'])
    .distinct()
    .where('t.kind', '=', 'award')
    .where('a.kind', '=', 'household')
    .where('a.org_code', '>=', root)
    .where('a.org_code', '<', `${root}:`)
    .where('e.effective_date', '>=', from)
    .where('e.effective_date', '<=', to)
    .execute();
  const withAward = new Map<string, number>();
  for (const r of rows)
    withAward.set(r.org_code.slice(0, 12), (withAward.get(r.org_code.slice(0, 12)) ?? 0) + 1);
  const all = await countActiveHouseholds(db.q, root);
  const names = await db.q
    .selectFrom('org_nodes')
    .select(['code', 'name'])
    .where('level', '=', 'village')
    .where('code', '>=', root.slice(0, 12))
    .where('code', '<', `${root.slice(0, 12)}:`)
    .orderBy('code')
    .execute();
  return names
    .filter((v) => v.code.startsWith(root) || root.startsWith(v.code))
    .map((v) => {
      const households = all.get(v.code) ?? 0;
      const awarded = withAward.get(v.code) ?? 0;
      return {
        village: v.code,
        name: v.name,
        households,
        awarded,
        rate: households ? Math.round((awarded / households) * 1000) / 10 : 0,
      };
    });
}

/**
 * Year-end expiry for one town: for every household account, the points older than the town's
 * expiry age that are still unspent (first in, first out) move to the expiry account, dated
 * 31 December. Once per town and year, whoever runs it.
 */
export async function runExpiry(db: Db, clock: Clock, town: string, year: number): Promise<string | null> {
  const settings = await getSettings(db.q, town);
  if (!settings.expiryYears) return null;
  const expiryYears = settings.expiryYears;
  return once(db, clock, `points-expiry:${town}:${year}`, 'points-expiry', async () =>
    db.transaction(async (tx) => {
      const accounts = await tx
        .selectFrom('ledger_accounts')
        .select(['id', 'owner_id', 'org_code', 'balance'])
        .where('book', '=', 'points')
        .where('kind', '=', 'household')
        .where('org_code', '>=', town)
        .where('org_code', '<', `${town}:`)
        .where('balance', '>', 0)
        .execute();
      const sink = await expiryAccount(tx, clock, town);
      const cutoff = `${year - expiryYears + 1}-12-31`;
      const sums = await tx
        .selectFrom('ledger_entries as e')
        .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
        .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
        .select([
          'e.account_id',
          (eb) =>
            eb.fn
              .sum<number>(
                eb
                  .case()
                  .when(eb.and([eb('t.kind', '=', 'award'), eb('e.effective_date', '<=', cutoff)]))
                  .then(eb.ref('e.amount'))
                  .else(0)
                  .end(),
              )
              .as('old'),
          (eb) =>
            eb.fn
              .sum<number>(eb.case().when('t.kind', '!=', 'award').then(eb.ref('e.amount')).else(0).end())
              .as('other'),
        ])
        .where('a.book', '=', 'points')
        .where('a.kind', '=', 'household')
        .where('a.org_code', '>=', town)
        .where('a.org_code', '<', `${town}:`)
        .groupBy('e.account_id')
        .execute();
      const byAcc = new Map(sums.map((s) => [Number(s.account_id), s]));
      const inputs = [];
      for (const a of accounts) {
        const s = byAcc.get(Number(a.id));
        const amount = Math.max(0, Math.min(Number(a.balance), Number(s?.old ?? 0) + Number(s?.other ?? 0)));
        if (amount === 0) continue;
        inputs.push({
          book: 'points' as const,
          key: `expiry:${town}:${year}:${a.id}`,
          kind: 'expiry',
          orgCode: a.org_code,
          entries: [
            { accountId: Number(a.id), amount: -amount },
            { accountId: sink, amount },
          ],
          memo: `${year} 年底清零（${year - expiryYears + 1} 年及以前获得、尚未使用的积分）`,
          refType: 'expiry',
          refId: year,
          effectiveDate: `${year}-12-31`,
          createdBy: 'expiry-job',
        });
      }
      await postBatch(tx, inputs, clock);
      const total = inputs.reduce((s, i) => s + i.entries[1].amount, 0);
      await recordAudit(tx, systemActor('expiry-job', town), clock, {
        entity: 'points',
        entityId: town,
        action: 'expiry',
        orgCode: town,
        summary: `${year} 年积分清零：${inputs.length} 户共 ${total} 分`,
      });
      return `${inputs.length} households, ${total} points`;
    }),
  );
}

/** The scheduled job: on or after 1 January, expire the previous year for every town that expires. */
export async function expiryJob(db: Db, clock: Clock): Promise<string | undefined> {
  const year = Number(shanghaiDate(clock.now()).slice(0, 4)) - 1;
  const towns = await db.q
    .selectFrom('points_settings')
    .select('town_code')
    .where('expiry_years', 'is not', null)
    .execute();
  const done: string[] = [];
  for (const t of towns) {
    const r = await runExpiry(db, clock, t.town_code, year);
    if (r) done.push(`${t.town_code}: ${r}`);
  }
  return done.length ? done.join('; ') : undefined;
}
