import type { ZxModule } from '../../modules';
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
  },
  demo: registryDemo,
};
