import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseOption,
  DESKTOP,
  E2E_PASSWORD,
  e2eEnabled,
  horizontalOverflow,
  launch,
  loginAs,
  newPage,
  PHONE,
} from './browser';

/** The path of the page's address, e.g. `/login`. */
const pathOf = (page: Page) => new URL(page.url()).pathname;

describe.skipIf(!e2eEnabled())('web shell', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('desktop: the administrator sees 马镇 and its 19 villages, creates a cadre, finds it in the list and the audit trail, logs out', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    try {
      await loginAs(page, 'admin');
      const home = page.getByTestId('home-page');
      await home.waitFor();
      expect(await page.getByTestId('scope-name').textContent()).toContain('马镇');
      const villages = home.getByTestId('village-row').filter({ hasText: '村委会' });
      await expect.poll(() => villages.count()).toBe(19);
      await villages.filter({ hasText: '焦家坬村委会' }).waitFor();
      expect(await page.getByTestId('stat-villages').textContent()).toContain('19');

      const menu = page.getByTestId('side-menu');
      await menu.getByText('用户管理', { exact: true }).waitFor();
      await menu.getByText('审计日志', { exact: true }).waitFor();

      // A cadre of 焦家坬村委会, with a password the server makes and shows once.
      await menu.getByText('用户管理', { exact: true }).click();
      await page.getByTestId('users-page').waitFor();
      await page.getByTestId('user-create-open').click();
      const username = `e2e.cadre.${Date.now().toString(36)}`;
      await page.getByTestId('user-create-username').fill(username);
      await page.getByTestId('user-create-name').fill('测试村干部');
      await chooseOption(page, page.getByTestId('user-create-org'), '焦家坬村委会', '焦家坬');
      await chooseOption(page, page.getByTestId('user-create-roles'), '村干部');
      await page.getByTestId('user-create-submit').click();
      const secret = page.getByTestId('user-initial-password');
      await secret.waitFor();
      const initialPassword = (await secret.textContent())?.trim() ?? '';
      expect(initialPassword.length).toBeGreaterThanOrEqual(8);
      await page.getByTestId('user-create-done').click();
      await secret.waitFor({ state: 'detached' });

      const row = page.getByTestId('user-row').filter({ hasText: username });
      await row.waitFor();
      expect(await row.textContent()).toContain('焦家坬村委会');
      expect(await row.textContent()).toContain('村干部');

      await menu.getByText('审计日志', { exact: true }).click();
      await page.getByTestId('audit-page').waitFor();
      await page
        .getByTestId('audit-list')
        .getByText(`新建账号 ${username}`, { exact: false })
        .first()
        .waitFor();

      await page.getByTestId('logout').click();
      await page.getByTestId('login-username').waitFor();
      expect(pathOf(page)).toBe('/login');
      await page.goto('/');
      await page.getByTestId('login-username').waitFor();
      expect(pathOf(page)).toBe('/login');
      await page.reload();
      await page.getByTestId('login-username').waitFor();
      expect(pathOf(page)).toBe('/login');
      expect(await page.getByTestId('app-shell').count()).toBe(0);

      // The new account must set its own password before anything else opens.
      await loginAs(page, username, initialPassword);
      await page.getByTestId('password-forced').waitFor();
      expect(pathOf(page)).toBe('/account/password');
      await page.goto('/users');
      await page.getByTestId('password-forced').waitFor();
      await page.getByTestId('password-current').fill(initialPassword);
      await page.getByTestId('password-new').fill('NewPass2026');
      await page.getByTestId('password-confirm').fill('NewPass2026');
      await page.getByTestId('password-submit').click();
      await page.getByTestId('home-page').waitFor();
      expect(await page.getByTestId('scope-name').textContent()).toContain('焦家坬村委会');
    } finally {
      await context.close();
    }
  });

  it('phone: a village cadre uses the drawer menu, sees their village, adds a group, with no sideways scrolling', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await loginAs(page, 'cadre');
      const home = page.getByTestId('home-page');
      await home.waitFor();
      expect(await page.getByTestId('scope-name').textContent()).toContain('马镇村委会');
      await home.getByTestId('village-groups').getByText('马镇村委会', { exact: false }).first().waitFor();
      await home.getByTestId('group-list').getByText('一组', { exact: true }).waitFor();

      // The menu lives in a drawer on phones; a cadre reads accounts but not the audit trail.
      expect(await page.getByTestId('side-menu').count()).toBe(0);
      await page.getByTestId('menu-toggle').click();
      const drawer = page.getByTestId('nav-drawer');
      await drawer.getByText('首页', { exact: true }).waitFor();
      await drawer.getByText('用户管理', { exact: true }).waitFor();
      expect(await drawer.getByText('审计日志', { exact: true }).count()).toBe(0);
      await drawer.getByText('首页', { exact: true }).click();
      await drawer.waitFor({ state: 'hidden' });

      const group = `测试${Date.now() % 100000}组`;
      await page.getByTestId('group-name').fill(group);
      await page.getByTestId('group-submit').click();
      await home.getByTestId('group-list').getByText(group, { exact: true }).waitFor();

      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      expect(innerWidth).toBe(390);
      expect(scrollWidth).toBeLessThanOrEqual(390);

      await page.goto('/no-such-page');
      await page.getByTestId('not-found-page').waitFor();
      await page.getByTestId('not-found-page').getByRole('button').click();
      await home.waitFor();

      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('logout').click();
      await page.getByTestId('login-username').waitFor();
      expect(pathOf(page)).toBe('/login');
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });

  it('phone: the administrator pages through the audit trail as cards, the total under them', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await loginAs(page, 'admin');
      await page.goto('/audit');
      const cards = page.getByTestId('audit-list').locator('.ant-card');
      await cards.first().waitFor();
      const total = page.getByText(/^共 [\d,]+ 条$/);
      await total.waitFor();
      const n = Number((await total.textContent())?.replace(/[^\d]/g, ''));
      expect(await cards.count()).toBe(50);
      expect(n).toBeGreaterThan(50);
      const firstOnPage1 = await cards.first().textContent();
      await page.locator('.ant-pagination-next').click();
      await expect.poll(() => cards.first().textContent()).not.toBe(firstOnPage1);
      expect(new URL(page.url()).searchParams.get('page')).toBe('2');
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });

  it('a wrong password shows the server’s Chinese message inline and stays on the login page', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    try {
      await page.goto('/login');
      await page.getByTestId('login-username').fill('leader');
      await page.getByTestId('login-password').fill('not-the-password-1');
      await page.getByTestId('login-password').press('Enter');
      const error = page.getByTestId('login-error');
      await error.waitFor();
      expect(await error.textContent()).toContain('用户名或密码不正确');
      expect(pathOf(page)).toBe('/login');
      expect(await page.getByTestId('app-shell').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('English: chosen on the login page, sent as Accept-Language, saved on the account and kept on another device', async () => {
    const first = await newPage(browser, DESKTOP);
    try {
      const page = first.page;
      await page.goto('/login');
      await page.getByTestId('lang-switch').getByText('English', { exact: true }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.getByTestId('login-username').fill('staff');
      await page.getByTestId('login-password').fill('not-the-password-1');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('login-error').getByText('Wrong username or password.').waitFor();

      await loginAs(page, 'staff');
      await page.getByTestId('home-page').waitFor();
      await page.getByTestId('side-menu').getByText('Users', { exact: true }).waitFor();
      await page.getByTestId('logout').getByText('Log out').waitFor();
    } finally {
      await first.context.close();
    }

    // A fresh browser (no local choice) follows the language saved on the account.
    const second = await newPage(browser, DESKTOP);
    try {
      const page = second.page;
      await loginAs(page, 'staff');
      await page.getByTestId('side-menu').getByText('Home', { exact: true }).waitFor();
      await page.getByTestId('lang-switch').getByText('中文', { exact: true }).click();
      await page.getByTestId('side-menu').getByText('首页', { exact: true }).waitFor();
      await page.reload();
      await page.getByTestId('side-menu').getByText('首页', { exact: true }).waitFor();
    } finally {
      await second.context.close();
    }
  });

  it('server trouble shows as a Chinese notification, never raw JSON; an expired session goes to login and back', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    try {
      await loginAs(page, 'leader');
      await page.getByTestId('home-page').waitFor();

      // The database is down: the figures cannot be read.
      await page.route('**/api/v1/org/summary', (route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'DB_UNAVAILABLE', message: '数据库暂时不可用，本次操作没有保存，请稍后重试。' },
          }),
        }),
      );
      await page.reload();
      const notice = page.locator('.ant-notification-notice');
      await notice.getByText('数据库暂时不可用', { exact: false }).waitFor();
      expect(await notice.textContent()).toContain('服务器暂时不可用');
      expect(await page.locator('body').textContent()).not.toContain('DB_UNAVAILABLE');
      await page.unroute('**/api/v1/org/summary');

      // The session ends on the server while the person works: the next call says so.
      await page.route('**/api/v1/users?*', (route) =>
        route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: JSON.stringify({
            error: { code: 'AUTH_SESSION_EXPIRED', message: '登录已过期，请重新登录。' },
          }),
        }),
      );
      await page.getByTestId('side-menu').getByText('用户管理', { exact: true }).click();
      await page.getByTestId('login-username').waitFor();
      expect(pathOf(page)).toBe('/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/users');
      await page.getByText('登录已过期，请重新登录。').waitFor();
      await page.unroute('**/api/v1/users?*');

      await page.getByTestId('login-username').fill('leader');
      await page.getByTestId('login-password').fill(E2E_PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('users-page').waitFor();
      expect(pathOf(page)).toBe('/users');
    } finally {
      await context.close();
    }
  });
});
