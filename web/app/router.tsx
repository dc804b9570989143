import { createBrowserRouter, Outlet } from 'react-router';
import { HomePage } from '../modules/home/HomePage';
import { AuthGate, PASSWORD_PATH, RequirePermission } from './auth/AuthGate';
import { LoginPage } from './auth/LoginPage';
import { FullPageSpin } from './components/FullPageSpin';
import { ErrorPage } from './pages/ErrorPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { AppShell } from './shell/AppShell';

/*
 * Home and login are in the first download; the admin pages load when first opened, so a
 * village cadre on a cheap phone never downloads the users table or the audit viewer.
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
