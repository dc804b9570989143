import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { png } from '../server/demo/pictures';
import {
  baseUrl,
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

/** The digits of a figure as the page shows it ("1,234" → 1234). */
const figure = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

/** A real (tiny) PNG photo: 16×16, one colour, built here so the test needs no file. */
const tinyPng = (): Buffer => png(16, 16, () => [200, 16, 46]);

/**
 * Asks the server to run its notice job now, as an administrator (POST /api/v1/jobs/notices/run).
 * Where the endpoint or the permission is missing the answer is simply ignored: the job also runs
 * by itself every 60 seconds, and the caller polls for its effect.
 */
async function runNoticeJobNow(): Promise<void> {
  try {
    const login = await fetch(`${baseUrl()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: E2E_PASSWORD }),
    });
    if (!login.ok) return;
    const { csrfToken } = (await login.json()) as { csrfToken?: string };
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    await fetch(`${baseUrl()}/api/v1/jobs/notices/run`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken ?? '' },
    });
  } catch {
    // Not there (yet): the scheduled run does it.
  }
}

/** The balance on the villager's 我的积分 page, read afresh. */
async function villagerBalance(page: Page): Promise<number> {
  await page.goto('/points/mine');
  const balance = page.getByTestId('villager-balance');
  await balance.waitFor();
  return figure(await balance.textContent());
}

interface Declared {
  id: number;
  householdId: number;
  points: number;
  evidence: string[];
}

describe.skipIf(!e2eEnabled())('points bank and love supermarket', () => {
  let browser: Browser;
  let villager: { context: BrowserContext; page: Page };
  let before = 0;
  let declared: Declared;
  let noticeId = 0;

  beforeAll(async () => {
    browser = await launch();
    villager = await newPage(browser, PHONE);
    await loginAs(villager.page, 'villager');
  });

  afterAll(async () => {
    await villager?.context.close();
    await browser?.close();
  });

  it('phone: a villager declares a deed with a photo', async () => {
    const { page } = villager;
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('nav-drawer').getByText('我的积分', { exact: true }).click();
    await page.getByTestId('my-points-page').waitFor();
    await page.getByTestId('villager-balance').waitFor();
    before = figure(await page.getByTestId('villager-balance').textContent());
    // The figures add up: earned − spent − (expired or deducted, shown when there is any).
    const [earned, spent, gone = '0'] = await page.locator('.zx-balance-pair strong').allTextContents();
    expect(figure(earned) - figure(spent) - figure(gone)).toBe(before);

    await page.getByTestId('my-declare-open').click();
    const form = page.getByTestId('declare-page');
    await form.waitFor();
    // Nothing chosen yet: the form says what is missing, in Chinese, and sends nothing.
    await page.getByTestId('declare-submit').click();
    await form.getByText('请选择申报事项').waitFor();
    await form.getByText('请简单写一下事情经过（至少 2 个字）').waitFor();

    await chooseOption(page, page.getByTestId('declare-rule'), '照顾孤寡、患病老人');
    await page.getByTestId('declare-rule-terms').getByText('每月最多 4 次', { exact: false }).waitFor();
    await page.getByTestId('declare-description').fill('帮同组独居的王大爷收拾院子、送饭（浏览器测试）');
    await page.getByTestId('declare-photos').setInputFiles({
      name: '现场.png',
      mimeType: 'image/png',
      buffer: tinyPng(),
    });
    await form.locator('.ant-upload-list-item-done').waitFor();

    const answer = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/points/declarations') && r.request().method() === 'POST',
    );
    await page.getByTestId('declare-submit').click();
    const res = await answer;
    expect(res.status()).toBe(201);
    declared = (await res.json()) as Declared;
    expect(declared.points).toBe(10);
    expect(declared.evidence).toHaveLength(1);
    await page.getByTestId('declare-done').waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);

    // The villager follows it: 待审核.
    await page.getByTestId('declare-view').getByText('我的申报', { exact: true }).click();
    const row = page.locator(`[data-testid="declaration-row"][data-id="${declared.id}"]`);
    await row.getByText('待审核', { exact: true }).waitFor();
  });

  it('desktop: the village cadre approves it (with its photo) and publishes the village notice', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    try {
      await loginAs(page, 'cadre');
      await page.getByTestId('side-menu').getByText('申报审核', { exact: true }).click();
      await page.getByTestId('review-page').waitFor();
      const row = page.locator(`[data-testid="review-row"][data-id="${declared.id}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-own')).toBe('0');
      // The villager's photo is there and loads for the cadre.
      const photo = row.locator('img').first();
      await expect
        .poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth))
        .toBeGreaterThan(0);
      await row.getByTestId('review-approve').click();
      await row.waitFor({ state: 'detached' });

      await page.getByTestId('side-menu').getByText('发布公示', { exact: true }).click();
      await page.getByTestId('publish-page').waitFor();
      const village = page.locator('[data-testid="publish-village"][data-village="610881111200"]');
      await village.waitFor();
      const published = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/points/notices') && r.request().method() === 'POST',
      );
      await village.getByTestId('publish-notice').click();
      await page.getByTestId('publish-confirm').click();
      const res = await published;
      expect(res.status()).toBe(201);
      noticeId = ((await res.json()) as { noticeId: number }).noticeId;

      // Straight to the notice: the villager's household is on it, with the points.
      const notice = page.getByTestId('notice-page');
      await notice.waitFor();
      expect(await notice.getAttribute('data-id')).toBe(String(noticeId));
      const entries = notice.getByTestId('notice-entry');
      await entries.first().waitFor();
      expect(await notice.getByTestId('notice-entries').textContent()).toContain('照顾孤寡、患病老人');
      await notice.getByTestId('notice-countdown').waitFor();

      // The print view for the village board: names and points, no personal data, no app around it.
      await page.getByTestId('notice-print-open').click();
      const sheet = page.getByTestId('notice-print');
      await sheet.getByTestId('notice-print-row').first().waitFor();
      const text = (await sheet.textContent()) ?? '';
      expect(text).not.toMatch(/\d{6}\*{4,}|\d{17}[\dXx]|1[3-9]\d\*{4}\d{4}/);
      await page.emulateMedia({ media: 'print' });
      expect(await sheet.isVisible()).toBe(true);
      expect(await page.locator('.zx-header').isVisible()).toBe(false);
      expect(await page.getByTestId('notice-print-button').isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });
    } finally {
      await context.close();
    }
  });

  it('phone: the villager reads the notice and objects to an entry; the cadre keeps it with a reason', async () => {
    const { page } = villager;
    await page.goto('/notices');
    await page.getByTestId('notices-page').waitFor();
    await page.locator(`[data-testid="notice-row"][data-id="${noticeId}"]`).click();
    const notice = page.getByTestId('notice-page');
    await notice.waitFor();
    expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);
    await notice.getByTestId('object-open').first().click();
    await page.getByTestId('objection-submit').click();
    await page.getByText('请写明异议理由（至少 2 个字）').waitFor();
    await page.getByTestId('objection-reason').fill('请核实：王大爷家这个月是否另有人照顾（浏览器测试）');
    await page.getByTestId('objection-submit').click();
    await notice.getByTestId('objection-row').getByText('待处理', { exact: true }).waitFor();

    // While an objection is open the notice cannot take effect: the cadre decides it.
    const cadre = await newPage(browser, DESKTOP);
    try {
      await loginAs(cadre.page, 'cadre');
      await cadre.page.goto(`/notices/${noticeId}`);
      await cadre.page.getByTestId('notice-page').waitFor();
      await cadre.page.getByTestId('decide-open').click();
      await cadre.page.getByTestId('decide-reason').fill('已核实，属实，维持公示');
      await cadre.page.getByTestId('decide-submit').click();
      await cadre.page.getByTestId('objection-row').getByText('已处理：维持', { exact: true }).waitFor();
    } finally {
      await cadre.context.close();
    }
    await page.reload();
    await notice.getByTestId('objection-row').getByText('已处理：维持', { exact: true }).waitFor();
  });

  it('the notice period ends (moved in the database) and the job posts the points, once', async () => {
    // The test cannot move the server's clock; it moves the notice's end into the past instead.
    const db = new Database(inject('e2eDbPath'));
    try {
      db.pragma('busy_timeout = 10000');
      const moved = db
        .prepare('UPDATE notices SET closes_at = ? WHERE id = ?')
        .run('2000-01-01T00:00:00.000Z', noticeId);
      expect(moved.changes).toBe(1);
    } finally {
      db.close();
    }
    await runNoticeJobNow();
    // The job runs every 60 s: wait for its effect on the villager's balance.
    await expect
      .poll(() => villagerBalance(villager.page), { timeout: 80_000, interval: 2_000 })
      .toBe(before + declared.points);
    // Running the job again changes nothing: the notice took effect once.
    await runNoticeJobNow();
    expect(await villagerBalance(villager.page)).toBe(before + declared.points);
    await villager.page.goto('/points/declare');
    await villager.page.getByTestId('declare-view').getByText('我的申报', { exact: true }).click();
    await villager.page
      .locator(`[data-testid="declaration-row"][data-id="${declared.id}"]`)
      .getByText('已入账', { exact: true })
      .waitFor();
  }, 120_000);

  it('desktop: the clerk finds the household by name, redeems goods, prints the receipt, and can cancel the same day', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    try {
      await loginAs(page, 'clerk');
      await page.getByTestId('side-menu').getByText('兑换台', { exact: true }).click();
      await page.getByTestId('counter-page').waitFor();
      const balance = before + declared.points;

      await page.getByTestId('counter-search').fill('尤国庆');
      await page.locator(`[data-testid="counter-household"][data-id="${declared.householdId}"]`).click();
      await expect
        .poll(async () => figure(await page.getByTestId('counter-balance').textContent()))
        .toBe(balance);

      const book = page.locator('[data-testid="counter-item"][data-name="作业本"]');
      const stockOf = async () => Number(await book.getByTestId('good-stock').getAttribute('data-stock'));
      const stock = await stockOf();
      await book.getByTestId('counter-add').click();
      await book.getByTestId('counter-add').click();
      expect(await book.getByTestId('counter-qty').textContent()).toBe('2');
      expect(figure(await page.getByTestId('counter-total').textContent())).toBe(4);

      // More than the balance: the counter says so and will not submit.
      const oil = page.locator('[data-testid="counter-item"][data-name="食用油（5L）"]');
      await oil.getByTestId('counter-add').click();
      await page.getByTestId('counter-over').waitFor();
      expect(await page.getByTestId('counter-submit').isDisabled()).toBe(true);
      await oil.getByTestId('counter-remove').click();
      expect(await page.getByTestId('counter-submit').isDisabled()).toBe(false);

      const redeemed = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/shop/redemptions') && r.request().method() === 'POST',
      );
      await page.getByTestId('counter-submit').click();
      const res = await redeemed;
      expect(res.status()).toBe(201);
      expect(res.request().headers()['idempotency-key']).toMatch(/^[A-Za-z0-9_\-:.]{8,128}$/);

      const receipt = page.getByTestId('receipt');
      await receipt.waitFor();
      expect(await receipt.getByTestId('receipt-household').textContent()).toBe('尤国庆户');
      expect(figure(await receipt.getByTestId('receipt-total').textContent())).toBe(4);
      expect(figure(await receipt.getByTestId('receipt-balance').textContent())).toBe(balance - 4);
      expect(await receipt.textContent()).toContain('作业本');

      // 打印 calls the browser's print; printed, only the receipt shows.
      await page.evaluate(() => {
        (window as unknown as { printed: number }).printed = 0;
        window.print = () => {
          (window as unknown as { printed: number }).printed += 1;
        };
      });
      await page.getByTestId('receipt-print').click();
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
      await page.emulateMedia({ media: 'print' });
      expect(await receipt.isVisible()).toBe(true);
      expect(await page.getByTestId('counter-page').isVisible()).toBe(false);
      expect(await page.getByTestId('receipt-print').isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });
      await page.getByTestId('receipt-close').click();

      // Balance and stock moved.
      await expect
        .poll(async () => figure(await page.getByTestId('counter-balance').textContent()))
        .toBe(balance - 4);
      await expect.poll(stockOf).toBe(stock - 2);

      // Same-day cancel: points and stock come back.
      const row = page.getByTestId('counter-today-row').first();
      await row.getByText('尤国庆户', { exact: false }).waitFor();
      await row.getByTestId('counter-cancel').click();
      await page.getByTestId('counter-cancel-confirm').click();
      await row.getByText('已撤销', { exact: true }).waitFor();
      await expect
        .poll(async () => figure(await page.getByTestId('counter-balance').textContent()))
        .toBe(balance);
      await expect.poll(stockOf).toBe(stock);
    } finally {
      await context.close();
    }
  });

  it('phone: the villager’s points pages never scroll sideways', async () => {
    const { page } = villager;
    const pages: Array<[string, string]> = [
      ['/points/mine', 'my-points-page'],
      ['/points/mine/statement', 'statement-page'],
      ['/points/mine/card', 'card-page'],
      ['/shop', 'shop-goods-page'],
      ['/points/declare', 'declare-page'],
      ['/notices', 'notices-page'],
      [`/notices/${noticeId}`, 'notice-page'],
      ['/points/policies', 'policies-page'],
      ['/points/honour', 'honour-page'],
    ];
    for (const [path, testId] of pages) {
      await page.goto(path);
      await page.getByTestId(testId).waitFor();
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      expect(innerWidth, path).toBe(390);
      expect(scrollWidth, path).toBeLessThanOrEqual(390);
    }
    // The card is big enough to scan, and its code is written out.
    await page.goto('/points/mine/card');
    const qr = page.getByTestId('card-qr');
    await qr.waitFor();
    expect((await qr.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(240);
    expect(await page.getByTestId('card-code').textContent()).toMatch(/^ZXH-\d+-\d{2}$/);
    // The statement shows the award that the notice posted.
    await page.goto('/points/mine/statement');
    await page
      .getByTestId('statement-lines')
      .getByText('照顾孤寡、患病老人', { exact: false })
      .first()
      .waitFor();
  });

  it('phone: town staff read the policy applications waiting for them, each time on one line', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await loginAs(page, 'staff');
      await page.goto('/points/policies');
      const pending = page.getByTestId('policy-application');
      await pending.first().waitFor();
      // 张志强 代为申报 · 2026-11-29 08:32 — the time is not broken at its hyphen.
      const times = await pending
        .locator('time')
        .evaluateAll((els) =>
          els.map((el) => ({ text: el.textContent ?? '', lines: el.getClientRects().length })),
        );
      expect(times.length).toBeGreaterThanOrEqual(1);
      for (const t of times) {
        expect(t.text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
        expect(t.lines, t.text).toBe(1);
      }
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });
});
