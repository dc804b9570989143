import type { ZxModule } from '../../modules';
import { billingJob } from './billing.service';
import { sanitationDemo } from './sanitation.demo';
import { sanitationRoutes } from './sanitation.routes';

/** 一元治理: the sanitation fee and its public fund, door-front pledges, inspections, clean-ups. */
export const sanitationModule: ZxModule = {
  name: 'sanitation',
  routes: sanitationRoutes,
  demo: sanitationDemo,
  jobs: [{ name: 'sanitation-billing', everyMs: 3600_000, run: (deps) => billingJob(deps) }],
};
