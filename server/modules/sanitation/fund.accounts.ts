import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock';
import type { Schema } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { ensureAccount } from '../../core/ledger/ledger';

/**
 * The sanitation fund on the yuan book: the fund's own account (never negative: it cannot spend
 * money it does not hold) and the accounts money comes from or goes to.
 */
type Tx = Kysely<Schema>;
export const fundAccount = (tx: Tx, clock: Clock, town: string) =>
  ensureAccount(
    tx,
    {
      book: 'yuan',
      code: `sanitation-fund:${town}`,
      kind: 'fund',
      orgCode: town,
      name: '公共卫生基金',
      noNegative: true,
    },
    clock,
  );

export const SOURCE = { fee: '卫生费收入', subsidy: '上级补助', donation: '社会捐赠' } as const;
export const sourceAccount = (tx: Tx, clock: Clock, town: string, kind: keyof typeof SOURCE) =>
  ensureAccount(
    tx,
    {
      book: 'yuan',
      code: `sanitation-${kind}:${town}`,
      kind: `income-${kind}`,
      orgCode: town,
      name: SOURCE[kind],
      noNegative: false,
    },
    clock,
  );

export const expenseAccount = (tx: Tx, clock: Clock, town: string, category: string) =>
  ensureAccount(
    tx,
    {
      book: 'yuan',
      code: `sanitation-expense:${town}:${category}`,
      kind: 'expense',
      orgCode: town,
      name: `支出：${category}`,
      noNegative: false,
    },
    clock,
  );

/** The error for a spending (or a reversal) the fund cannot cover, with what it holds. */
export async function fundShortfall(tx: Tx, fundId: number, amountFen: number): Promise<AppError> {
  const bal = await tx
    .selectFrom('ledger_accounts')
    .select('balance')
    .where('id', '=', fundId)
    .executeTakeFirstOrThrow();
  return new AppError('SANITATION_FUND_INSUFFICIENT', {
    balance: (Number(bal.balance) / 100).toFixed(2),
    amount: (amountFen / 100).toFixed(2),
  });
}
