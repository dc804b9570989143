import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, e2eEnabled, launch, loginAs, newPage, PHONE } from './browser';

/** A cadre opens a villager account on the household page and gives a one-time sign-in code. */
describe.skipIf(!e2eEnabled())('villager accounts', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('cadre opens an account, issues a one-time code, the villager signs in with it on a phone', async () => {
    const username = `cm${Date.now().toString(36)}`;
    const { context, page } = await newPage(browser, DESKTOP);
    let code = '';
    try {
      await loginAs(page, 'cadre');
      await page.goto('/registry/households');
      await page.getByTestId('household-row').first().getByRole('link').first().click();
      await page.getByTestId('household-page').waitFor();
      await page.getByTestId('villager-account-open').click();
      await page.getByLabel('登录名').fill(username);
      await page
        .locator('.ant-modal:visible')
        .getByRole('button', { name: /^开\s?通$/ })
        .click();
      await expect
        .poll(async () => (await page.getByTestId('villager-secret').textContent()) ?? '')
        .toMatch(/^\S{8,}$/);
      await page
        .locator('.ant-modal:visible')
        .getByRole('button', { name: /^完\s?成$/ })
        .click();
      // The household may already have accounts: take the code for the new one.
      await page
        .getByTestId('villager-accounts')
        .locator('.ant-list-item', { hasText: username })
        .getByTestId('villager-login-code')
        .click();
      await expect
        .poll(async () => (await page.getByTestId('villager-secret').textContent()) ?? '')
        .toMatch(/^\d{6}$/);
      code = ((await page.getByTestId('villager-secret').textContent()) ?? '').trim();
    } finally {
      await context.close();
    }
    const phone = await newPage(browser, PHONE);
    try {
      await loginAs(phone.page, username, code).catch(() => {
        // A first sign-in lands on the password page, not the shell.
      });
      // A first sign-in leads to setting one's own password.
      await expect.poll(() => phone.page.url()).toMatch(/password/);
      // The code proved who this is: no old password is asked, only the new one, twice.
      await expect
        .poll(() => phone.page.getByTestId('password-forced').textContent())
        .toContain('一次性登录码');
      expect(await phone.page.getByTestId('password-current').count()).toBe(0);
      await phone.page.getByTestId('password-new').fill('Cunmin2026');
      await phone.page.getByTestId('password-confirm').fill('Cunmin2026');
      await phone.page.getByTestId('password-submit').click();
      await expect.poll(() => phone.page.url()).not.toMatch(/password/);
    } finally {
      await phone.context.close();
    }
  });
});
