import type { ZxModule } from '../../modules';
import { importRoutes } from './import.routes';
import { purgeImportFiles, recoverInterruptedImports } from './import.service';
import { registryDemo } from './registry.demo';
import { registryRoutes } from './registry.routes';
import { householdDirectory } from './resident.service';

/** 户籍台账: households, residents, tags, events, imports and exports. */
export const registryModule: ZxModule = {
  name: 'registry',
  routes: async (app) => {
    // The accounts core links villager accounts to households through this.
    app.deps.households ??= householdDirectory(app.deps);
    await registryRoutes(app);
    await importRoutes(app);
    // An import that was running when the process stopped wrote nothing (one transaction).
    await recoverInterruptedImports(app.deps.db, app.deps.clock);
  },
  demo: registryDemo,
  // Uploaded sheets and error reports hold ID numbers: kept 90 days, then deleted.
  jobs: [
    {
      name: 'registry-import-files',
      everyMs: 24 * 3600_000,
      run: ({ db, clock }) => purgeImportFiles(db, clock),
    },
  ],
};
