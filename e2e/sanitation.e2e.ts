import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiMonth } from '../common/dates';
import { fenToChineseUpper, fenToYuan } from '../common/money';
import { chooseOption, e2eEnabled, horizontalOverflow, launch, loginAs, newPage, PHONE } from './browser';

/** Opens a page from the phone's menu drawer by its label. */
async function openFromMenu(page: Page, label: string): Promise<void> {
  await page.getByTestId('menu-toggle').click();
  await page.getByTestId('nav-drawer').getByText(label, { exact: true }).click();
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  expect(innerWidth).toBe(390);
  expect(scrollWidth).toBeLessThanOrEqual(390);
}

/** An amount as the page keeps it exactly, in fen (`data-fen`). */
const fenOf = async (page: Page, testId: string) =>
  Number(await page.getByTestId(testId).first().getAttribute('data-fen'));

describe.skipIf(!e2eEnabled())('sanitation (一元治理)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('phone: a group leader collects a household’s arrears in cash, gets a receipt in capitals, the arrears list shrinks, and the fund disclosure shows this month', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await loginAs(page, 'grid');

      // 欠费: the total owed in the group leader's group, household by household, as cards.
      await openFromMenu(page, '欠费');
      await page.getByTestId('arrears-page').waitFor();
      const rows = page.getByTestId('arrears-household');
      await rows.first().waitFor();
      const totalBefore = await fenOf(page, 'arrears-total');
      expect(totalBefore).toBeGreaterThan(0);
      expect(await page.locator('table').count()).toBe(0);
      const owing = await rows.evaluateAll((els) =>
        els.map((e) => ({
          id: e.getAttribute('data-household-id') ?? '',
          owedFen: Number(e.getAttribute('data-owed-fen')),
          name: e.querySelector('[data-testid="arrears-household-name"]')?.textContent?.trim() ?? '',
        })),
      );
      // A group leader sees every owing household of the group: the cards add up to the total.
      expect(owing.reduce((s, h) => s + h.owedFen, 0)).toBe(totalBefore);
      // Not the demo villager's own household (1), which other tests read.
      const target = owing.filter((h) => h.id !== '1' && h.owedFen > 0).at(-1);
      if (!target) throw new Error('no household owes in the demo group');
      expect(target.name).toMatch(/户$/);
      await expectNoSidewaysScroll(page);

      // 收费: find the household by its head's name, see what it owes, take all of it in cash.
      await openFromMenu(page, '收费');
      await page.getByTestId('collect-page').waitFor();
      const search = page.getByTestId('collect-search').locator('input');
      await search.fill(target.name.replace(/户$/, ''));
      await search.press('Enter');
      await page.locator(`[data-testid="collect-household"][data-household-id="${target.id}"]`).click();
      await page.getByTestId('collect-owed').waitFor();
      expect(await fenOf(page, 'collect-owed')).toBe(target.owedFen);
      expect(await page.getByTestId('collect-household-name').textContent()).toBe(target.name);
      await page.getByTestId('collect-amount').fill(fenToYuan(target.owedFen));
      await expectNoSidewaysScroll(page);
      await page.getByTestId('collect-submit').click();

      // The receipt: number, household, amount in figures and in capitals, nothing left as credit.
      await page.getByTestId('receipt').waitFor();
      expect(await page.getByTestId('receipt-upper').textContent()).toBe(fenToChineseUpper(target.owedFen));
      expect(await fenOf(page, 'receipt-amount')).toBe(target.owedFen);
      expect(await fenOf(page, 'receipt-credit')).toBe(0);
      expect(await page.getByTestId('receipt-household').textContent()).toBe(target.name);
      expect(await page.getByTestId('receipt-no').textContent()).toMatch(/^WS\d{14}$/);
      await page.getByTestId('receipt-months').waitFor();
      await expectNoSidewaysScroll(page);

      // 欠费 again: the household is gone and the total is lower by what was paid.
      await openFromMenu(page, '欠费');
      await page.getByTestId('arrears-page').waitFor();
      await expect.poll(() => fenOf(page, 'arrears-total')).toBe(totalBefore - target.owedFen);
      await rows.first().waitFor();
      expect(
        await page.locator(`[data-testid="arrears-household"][data-household-id="${target.id}"]`).count(),
      ).toBe(0);
      expect(await rows.count()).toBe(owing.length - 1);
      await expectNoSidewaysScroll(page);

      // 收支公开: this month's poster with its closing balance, which adds up.
      await openFromMenu(page, '收支公开');
      await page.getByTestId('disclosure-page').waitFor();
      const month = page.getByTestId('disclosure-month');
      await month.waitFor();
      const thisMonth = shanghaiMonth(new Date());
      expect(await month.getAttribute('data-month')).toBe(thisMonth);
      expect(await month.textContent()).toContain(
        `${thisMonth.slice(0, 4)}年${Number(thisMonth.slice(5))}月`,
      );
      const closing = page.getByTestId('disclosure-closing');
      expect(await closing.textContent()).toMatch(/^-?[\d,]+\.\d{2}$/);
      const [opening, income, spending, closingFen] = await Promise.all([
        fenOf(page, 'disclosure-opening'),
        fenOf(page, 'disclosure-income'),
        fenOf(page, 'disclosure-spending'),
        fenOf(page, 'disclosure-closing'),
      ]);
      expect(income).toBeGreaterThanOrEqual(target.owedFen);
      expect(closingFen).toBe(opening + income - spending);
      await expectNoSidewaysScroll(page);
    } finally {
      await context.close();
    }
  });

  it('phone: a villager sees the household’s bills with who was counted, and the fund disclosure, without the staff pages', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await loginAs(page, 'villager');
      await openFromMenu(page, '我的卫生费');
      await page.getByTestId('my-bills-page').waitFor();
      const bill = page.getByTestId('bill-row').first();
      await bill.waitFor();
      await bill.locator('summary').click();
      expect(await bill.textContent()).toContain('计费');
      expect(await page.getByTestId('my-owed').getAttribute('data-fen')).toMatch(/^\d+$/);
      await expectNoSidewaysScroll(page);

      await openFromMenu(page, '基金公开');
      await page.getByTestId('disclosure-page').waitFor();
      await page.getByTestId('disclosure-closing').waitFor();
      expect(await page.getByTestId('disclosure-month').getAttribute('data-month')).toBe(
        shanghaiMonth(new Date()),
      );
      await expectNoSidewaysScroll(page);

      await page.getByTestId('menu-toggle').click();
      const drawer = page.getByTestId('nav-drawer');
      await drawer.getByText('我的承诺书', { exact: true }).waitFor();
      expect(await drawer.getByText('收费', { exact: true }).count()).toBe(0);
      expect(await drawer.getByText('欠费', { exact: true }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('phone: an inspector who picks a household already scored in the campaign is told at once', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await loginAs(page, 'grid');
      const me = await (await page.request.get('/api/v1/me')).json();
      const campaign = (await (await page.request.get('/api/v1/sanitation/campaigns')).json()).items[0];
      // The leader's own group (the scope is a group code); not the demo villager's household 1.
      const households = await (await page.request.get('/api/v1/registry/households?limit=5')).json();
      const h = households.items.find((x: { id: number }) => x.id !== 1);
      // Score it once (through the API), then come to score it again on the page.
      const first = await page.request.post(`/api/v1/sanitation/campaigns/${campaign.id}/results`, {
        headers: { 'x-csrf-token': me.csrfToken },
        data: { householdId: h.id, scores: campaign.items.map((i: { max: number }) => i.max) },
      });
      expect([201, 409]).toContain(first.status());
      await page.goto(`/sanitation/inspections/${campaign.id}/score`);
      await chooseOption(page, page.getByTestId('score-household'), h.number, h.number);
      await page.getByTestId('score-already').waitFor();
      expect(await page.getByTestId('score-already').textContent()).toContain('已经评过分');
      expect(await page.getByTestId('score-submit').isDisabled()).toBe(true);
      await expectNoSidewaysScroll(page);
    } finally {
      await context.close();
    }
  });
});
