import type { ZxModule } from '../../modules';
import { shopRoutes } from './shop.routes';

/** 爱心超市: shops, goods, stock ledger, redemptions at the counter. */
export const shopModule: ZxModule = {
  name: 'shop',
  routes: shopRoutes,
};
