import { createBrowserRouter, Outlet } from 'react-router';
import { HomePage } from '../modules/home/HomePage';
import { noticesRoutes } from '../modules/notices/notices.routes';
import { pointsRoutes } from '../modules/points/points.routes';
import { sanitationRoutes } from '../modules/sanitation/sanitation.routes';
import { shopRoutes } from '../modules/shop/shop.routes';
import { AuthGate, PASSWORD_PATH, RequirePermission } from './auth/AuthGate';
import { LoginPage } from './auth/LoginPage';
import { FullPageSpin } from './components/FullPageSpin';
import { ErrorPage } from './pages/ErrorPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { AppShell } from './shell/AppShell';

/*
 * Home and login are in the first download; every other page loads when first opened, so a
 * village cadre on a cheap phone never downloads the users table, the audit viewer or the
 * registry's desktop tables.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <ErrorPage /> },
  {
    path: '/',
    element: (
      <AuthGate>
        <AppShell />
      </AuthGate>
    ),
    errorElement: <ErrorPage />,
    // Shown while a lazily loaded page is fetched on a first visit straight to its address.
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      {
        // Errors inside a page show inside the shell, with the menu still there.
        errorElement: <ErrorPage />,
        element: <Outlet />,
        children: [
          { index: true, element: <HomePage /> },
          {
            path: 'registry/residents',
            lazy: async () => {
              const { ResidentsPage } = await import('../modules/registry/ResidentsPage');
              return {
                element: (
                  <RequirePermission permission="registry.read">
                    <ResidentsPage />
                  </RequirePermission>
                ),
              };
            },
          },
          {
            path: 'registry/residents/:id',
            lazy: async () => {
              const { ResidentPage } = await import('../modules/registry/ResidentPage');
              return {
                element: (
                  <RequirePermission permission="registry.read">
                    <ResidentPage />
                  </RequirePermission>
                ),
              };
            },
          },
          {
            path: 'registry/households',
            lazy: async () => {
              const { HouseholdsPage } = await import('../modules/registry/HouseholdsPage');
              return {
                element: (
                  <RequirePermission permission="registry.read">
                    <HouseholdsPage />
                  </RequirePermission>
                ),
              };
            },
          },
          {
            path: 'registry/households/:id',
            lazy: async () => {
              const { HouseholdPage } = await import('../modules/registry/HouseholdPage');
              return {
                element: (
                  <RequirePermission permission="registry.read">
                    <HouseholdPage />
                  </RequirePermission>
                ),
              };
            },
          },
          {
            path: 'registry/import',
            lazy: async () => {
              const { ImportPage } = await import('../modules/registry/ImportPage');
              return {
                element: (
                  <RequirePermission permission="registry.import">
                    <ImportPage />
                  </RequirePermission>
                ),
              };
            },
          },
          {
            path: 'registry/stats',
            lazy: async () => {
              const { StatsPage } = await import('../modules/registry/StatsPage');
              return {
                element: (
                  <RequirePermission permission="registry.read">
                    <StatsPage />
                  </RequirePermission>
                ),
              };
            },
          },
          {
            path: 'my-household',
            lazy: async () => {
              const { MyHouseholdPage } = await import('../modules/registry/MyHouseholdPage');
              return {
                element: (
                  <RequirePermission permission="self.read">
                    <MyHouseholdPage />
                  </RequirePermission>
                ),
              };
            },
          },
          // 积分与超市: each module lists its own lazy routes (modules/<name>/<name>.routes.tsx).
          ...pointsRoutes,
          ...shopRoutes,
          ...noticesRoutes,
          // 一元治理: the sanitation pages (modules/sanitation/sanitation.routes.tsx).
          ...sanitationRoutes,
          {
            path: 'users',
            lazy: async () => {
              const { UsersPage } = await import('../modules/users/UsersPage');
              return {
                element: (
                  <RequirePermission permission="user.read">
                    <UsersPage />
                  </RequirePermission>
                ),
              };
            },
          },
          {
            path: 'audit',
            lazy: async () => {
              const { AuditPage } = await import('../modules/audit/AuditPage');
              return {
                element: (
                  <RequirePermission permission="audit.read">
                    <AuditPage />
                  </RequirePermission>
                ),
              };
            },
          },
          {
            path: PASSWORD_PATH.slice(1),
            lazy: async () => {
              const { ChangePasswordPage } = await import('../modules/account/ChangePasswordPage');
              return { Component: ChangePasswordPage };
            },
          },
          {
            path: 'account/tokens',
            lazy: async () => {
              const { TokensPage } = await import('../modules/account/TokensPage');
              return {
                element: (
                  <RequirePermission permission="token.write">
                    <TokensPage />
                  </RequirePermission>
                ),
              };
            },
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
