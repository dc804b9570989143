import { postDueNotices } from '../../core/notices/notices';
import type { ZxModule } from '../../modules';
import { expiryJob } from './accounts.service';
import { registerPointsNotice } from './declarations.service';
import { pointsDemo } from './points.demo';
import { pointsRoutes } from './points.routes';

// The points notice kind must exist before any notice takes effect (the demo seed posts some).
registerPointsNotice();

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
