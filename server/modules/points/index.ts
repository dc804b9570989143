import { postDueNotices } from '../../core/notices/notices';
import type { ZxModule } from '../../modules';
import { onHouseholdMoved } from '../registry/registry.api';
import { expiryJob } from './accounts.service';
import { registerPointsNotice } from './declarations.service';
import { householdCode } from './points.accounts';
import { pointsDemo } from './points.demo';
import { pointsRoutes } from './points.routes';

// The points notice kind must exist before any notice takes effect (the demo seed posts some).
registerPointsNotice();

// A household that moves takes its account and its open items to the new village.
onHouseholdMoved(async (tx, m) => {
  await tx
    .updateTable('ledger_accounts')
    .set({ org_code: m.to })
    .where('book', '=', 'points')
    .where('code', '=', householdCode(m.householdId))
    .execute();
  await tx
    .updateTable('declarations')
    .set({ org_code: m.to })
    .where('household_id', '=', m.householdId)
    .where('status', 'in', ['pending', 'approved'])
    .execute();
  await tx
    .updateTable('policy_applications')
    .set({ org_code: m.to })
    .where('household_id', '=', m.householdId)
    .where('status', '=', 'pending')
    .execute();
});

/** 公益银行: point rules, declarations, review, public notice, accounts, policies, expiry. */
export const pointsModule: ZxModule = {
  name: 'points',
  routes: pointsRoutes,
  demo: pointsDemo,
  jobs: [
    {
      name: 'notices',
      everyMs: 60_000,
      run: ({ db, clock }) =>
        postDueNotices(db, clock).then((n) => (n ? `${n} notices took effect` : undefined)),
    },
    { name: 'points-expiry', everyMs: 3600_000, run: ({ db, clock }) => expiryJob(db, clock) },
  ],
};
