import type { RouteObject } from 'react-router';
import { RequireAny } from '../../app/auth/AuthGate';

/* Public notices (公示): the list, one notice, its print view; spread into app/router.tsx. */
const READERS = ['self.read', 'points.read'] as const;

export const noticesRoutes: RouteObject[] = [
  {
    path: 'notices',
    lazy: async () => {
      const { NoticesPage } = await import('./NoticesPage');
      return {
        element: (
          <RequireAny permissions={READERS}>
            <NoticesPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'notices/:id',
    lazy: async () => {
      const { NoticePage } = await import('./NoticePage');
      return {
        element: (
          <RequireAny permissions={READERS}>
            <NoticePage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'notices/:id/print',
    lazy: async () => {
      const { NoticePrintPage } = await import('./NoticePrintPage');
      return {
        element: (
          <RequireAny permissions={READERS}>
            <NoticePrintPage />
          </RequireAny>
        ),
      };
    },
  },
];
