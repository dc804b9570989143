import type { ZxModule } from '../../modules';
import { onHouseholdMoved } from '../registry/registry.api';
import { billingJob } from './billing.service';
import { sanitationDemo } from './sanitation.demo';
import { sanitationRoutes } from './sanitation.routes';

// What a moved household still owes is collected in its new village.
onHouseholdMoved(async (tx, m) => {
  await tx
    .updateTable('sanitation_bills')
    .set({ org_code: m.to })
    .where('household_id', '=', m.householdId)
    .whereRef('paid_fen', '<', 'amount_fen')
    .execute();
});

/** 一元治理: the sanitation fee and its public fund, door-front pledges, inspections, clean-ups. */
export const sanitationModule: ZxModule = {
  name: 'sanitation',
  routes: sanitationRoutes,
  demo: sanitationDemo,
  jobs: [{ name: 'sanitation-billing', everyMs: 3600_000, run: (deps) => billingJob(deps) }],
};
