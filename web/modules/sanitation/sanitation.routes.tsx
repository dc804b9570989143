import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import type { Permission } from '../../../common/auth/roles';
import { RequireAny } from '../../app/auth/AuthGate';

/*
 * The sanitation (一元治理) pages, each a lazy chunk behind the permission(s) it needs, spread
 * into app/router.tsx: a group leader's phone loads the collection page, never the settings.
 */
const READ: Permission[] = ['sanitation.read'];
const VILLAGER: Permission[] = ['self.read'];
// Staff who read the module, or a villager for their own household (the server scopes both).
const READ_OR_VILLAGER: Permission[] = ['sanitation.read', 'self.read'];

function page(path: string, permissions: Permission[], load: () => Promise<ComponentType>): RouteObject {
  return {
    path,
    lazy: async () => {
      const Page = await load();
      return {
        element: (
          <RequireAny permissions={permissions}>
            <Page />
          </RequireAny>
        ),
      };
    },
  };
}

export const sanitationRoutes: RouteObject[] = [
  page('sanitation/collect', ['sanitation.collect'], async () => (await import('./CollectPage')).CollectPage),
  page('sanitation/receipts/:id', READ_OR_VILLAGER, async () => (await import('./ReceiptPage')).ReceiptPage),
  page('sanitation/arrears', READ, async () => (await import('./ArrearsPage')).ArrearsPage),
  page('sanitation/arrears/print', READ, async () => (await import('./ArrearsPrintPage')).ArrearsPrintPage),
  page('sanitation/billing', ['sanitation.bill'], async () => (await import('./BillingPage')).BillingPage),
  page('sanitation/fund', READ, async () => (await import('./FundPage')).FundPage),
  page(
    'sanitation/disclosure',
    READ_OR_VILLAGER,
    async () => (await import('./DisclosurePage')).DisclosurePage,
  ),
  page('sanitation/pledges', READ, async () => (await import('./PledgesPage')).PledgesPage),
  page(
    'sanitation/pledges/:householdId',
    READ,
    async () => (await import('./PledgesPage')).PledgeHouseholdPage,
  ),
  page('sanitation/inspections', READ, async () => (await import('./InspectionsPage')).InspectionsPage),
  page(
    'sanitation/inspections/:id/score',
    ['sanitation.inspect'],
    async () => (await import('./ScorePage')).ScorePage,
  ),
  page('sanitation/inspections/:id/lists', READ, async () => (await import('./RedBlackPage')).RedBlackPage),
  page('sanitation/cleanups', READ, async () => (await import('./CleanupsPage')).CleanupsPage),
  page(
    'sanitation/settings',
    ['sanitation.admin'],
    async () => (await import('./SettingsPage')).SettingsPage,
  ),
  page('sanitation/my/bills', VILLAGER, async () => (await import('./MyPages')).MyBillsPage),
  page('sanitation/my/disclosure', VILLAGER, async () => (await import('./DisclosurePage')).DisclosurePage),
  page('sanitation/my/pledge', VILLAGER, async () => (await import('./PledgesPage')).MyPledgePage),
  page('sanitation/my/inspections', VILLAGER, async () => (await import('./MyPages')).MyInspectionsPage),
];
