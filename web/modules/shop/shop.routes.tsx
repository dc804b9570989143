import type { RouteObject } from 'react-router';
import { RequireAny } from '../../app/auth/AuthGate';

/* The love supermarket's pages (lazy chunks), spread into app/router.tsx. */
export const shopRoutes: RouteObject[] = [
  {
    path: 'shop',
    lazy: async () => {
      const { ShopGoodsPage } = await import('./ShopGoodsPage');
      return {
        element: (
          <RequireAny permissions={['self.read', 'shop.read']}>
            <ShopGoodsPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'shop/counter',
    lazy: async () => {
      const { CounterPage } = await import('./CounterPage');
      return {
        element: (
          <RequireAny permissions={['shop.sell']}>
            <CounterPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'shop/manage',
    lazy: async () => {
      const { ShopManagePage } = await import('./ShopManagePage');
      return {
        element: (
          <RequireAny permissions={['shop.stock']}>
            <ShopManagePage />
          </RequireAny>
        ),
      };
    },
  },
];
