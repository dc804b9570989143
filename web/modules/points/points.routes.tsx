import type { RouteObject } from 'react-router';
import type { Permission } from '../../../common/auth/roles';
import { RequireAny } from '../../app/auth/AuthGate';

/*
 * The points pages, each a lazy chunk behind the permission(s) it needs. Kept here and spread
 * into app/router.tsx, so the module's routes live with the module and the shared router file
 * only gains one line per module.
 */
const VILLAGER: Permission[] = ['self.read'];
const VILLAGER_OR_STAFF: Permission[] = ['self.read', 'points.read'];

export const pointsRoutes: RouteObject[] = [
  {
    path: 'points/mine',
    lazy: async () => {
      const { MyPointsPage } = await import('./MyPointsPage');
      return {
        element: (
          <RequireAny permissions={VILLAGER}>
            <MyPointsPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/mine/statement',
    lazy: async () => {
      const { StatementPage } = await import('./StatementPage');
      return {
        element: (
          <RequireAny permissions={VILLAGER}>
            <StatementPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/mine/card',
    lazy: async () => {
      const { CardPage } = await import('./CardPage');
      return {
        element: (
          <RequireAny permissions={VILLAGER}>
            <CardPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/declare',
    lazy: async () => {
      const { DeclarePage } = await import('./DeclarePage');
      return {
        element: (
          <RequireAny permissions={VILLAGER}>
            <DeclarePage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/honour',
    lazy: async () => {
      const { HonourPage } = await import('./HonourPage');
      return {
        element: (
          <RequireAny permissions={VILLAGER_OR_STAFF}>
            <HonourPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/policies',
    lazy: async () => {
      const { PoliciesPage } = await import('./PoliciesPage');
      return {
        element: (
          <RequireAny permissions={VILLAGER_OR_STAFF}>
            <PoliciesPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/review',
    lazy: async () => {
      const { ReviewPage } = await import('./ReviewPage');
      return {
        element: (
          <RequireAny permissions={['points.review']}>
            <ReviewPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/assist',
    lazy: async () => {
      const { AssistPage } = await import('./AssistPage');
      return {
        element: (
          <RequireAny permissions={['points.declare']}>
            <AssistPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/evaluation',
    lazy: async () => {
      const { EvaluationPage } = await import('./EvaluationPage');
      return {
        element: (
          <RequireAny permissions={['points.declare']}>
            <EvaluationPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/publish',
    lazy: async () => {
      const { PublishPage } = await import('./PublishPage');
      return {
        element: (
          <RequireAny permissions={['points.review']}>
            <PublishPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/rules',
    lazy: async () => {
      const { RulesPage } = await import('./RulesPage');
      return {
        element: (
          <RequireAny permissions={['points.admin']}>
            <RulesPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/reports',
    lazy: async () => {
      const { ReportsPage } = await import('./ReportsPage');
      return {
        element: (
          <RequireAny permissions={['points.read']}>
            <ReportsPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/accounts/:id',
    lazy: async () => {
      const { StatementPage } = await import('./StatementPage');
      return {
        element: (
          <RequireAny permissions={['points.read']}>
            <StatementPage />
          </RequireAny>
        ),
      };
    },
  },
  {
    path: 'points/accounts/:id/card',
    lazy: async () => {
      const { CardPage } = await import('./CardPage');
      return {
        element: (
          <RequireAny permissions={['points.read']}>
            <CardPage />
          </RequireAny>
        ),
      };
    },
  },
];
