import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../common/registry/id-card';
import { nameInitials } from '../server/modules/registry/pinyin';
import { DESKTOP, e2eEnabled, horizontalOverflow, launch, loginAs, newPage, PHONE } from './browser';

/** The digits of a figure as the page shows it ("共 9,926 人" → 9926). */
const figure = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

/** The names of the residents listed now. */
const listedNames = (page: Page) =>
  page.getByTestId('resident-row').getByTestId('resident-name').allTextContents();

async function search(page: Page, q: string) {
  const box = page.getByTestId('resident-search').locator('input');
  await box.fill(q);
  await box.press('Enter');
}

describe.skipIf(!e2eEnabled())('registry', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('desktop: staff find people by pinyin initials, reveal an ID number with a reason, and register a birth in the household', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    try {
      await loginAs(page, 'staff');
      await page.getByTestId('side-menu').getByText('人员', { exact: true }).click();
      await page.getByTestId('residents-page').waitFor();
      const total = page.getByTestId('resident-total');
      await expect.poll(async () => figure(await total.textContent())).toBeGreaterThanOrEqual(5000);
      const everyone = figure(await total.textContent());
      expect(everyone).toBeLessThan(100_000);
      // The desktop list is a dense table (loaded after the count) with masked ID numbers.
      await page.locator('tr[data-testid="resident-row"]').first().waitFor();
      expect(await page.locator('tr[data-testid="resident-row"]').count()).toBeGreaterThan(10);
      expect(await page.getByTestId('resident-row').first().textContent()).toMatch(/610881\*+\d{3}[\dX]/);

      await search(page, 'zw');
      await expect.poll(async () => figure(await total.textContent())).toBeLessThan(everyone);
      const names = await listedNames(page);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(nameInitials(name).startsWith('zw'), name).toBe(true);
      expect(new URL(page.url()).searchParams.get('q')).toBe('zw');
      expect(await page.getByTestId('registry-export').getAttribute('href')).toContain('q=zw');

      await page.getByTestId('resident-row').first().getByTestId('resident-name').click();
      await page.getByTestId('resident-page').waitFor();
      expect(await page.getByTestId('resident-id').textContent()).toContain('*');
      await page.getByTestId('resident-reveal').click();
      await page.getByTestId('reveal-reason').fill('核对身份信息（浏览器测试）');
      await page.getByTestId('reveal-submit').click();
      await expect
        .poll(async () => (await page.getByTestId('resident-id').textContent())?.trim())
        .toMatch(/^\d{17}[\dX]$/);

      await page.getByTestId('resident-household').click();
      await page.getByTestId('household-page').waitFor();
      const timeline = page.getByTestId('household-timeline');
      await timeline.getByTestId('timeline-item').first().waitFor();
      const count = page.getByTestId('household-member-count');
      const before = figure(await count.textContent());
      const events = await timeline.getByTestId('timeline-item').count();

      await page.getByTestId('household-action-birth').click();
      await page.getByTestId('person-name').fill('尤小宝');
      await page.getByTestId('person-id').fill(makeIdNumber('610881', '20240101', 123));
      // The birth date comes from the number.
      await expect.poll(() => page.getByTestId('action-date').inputValue()).toBe('2024-01-01');
      await page.getByTestId('action-submit').click();
      await expect.poll(async () => figure(await count.textContent())).toBe(before + 1);
      await expect.poll(() => timeline.getByTestId('timeline-item').count()).toBe(events + 1);
      const birth = timeline.locator('[data-testid="timeline-item"][data-kind="birth"]');
      expect(await birth.first().textContent()).toContain('尤小宝');
      expect(await birth.first().textContent()).toContain('staff');
      await page.getByTestId('member-row').filter({ hasText: '尤小宝' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('phone: a village cadre gets cards for their own village only, searches by pinyin initials, with no sideways scrolling', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await loginAs(page, 'cadre');
      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('nav-drawer').getByText('人员', { exact: true }).click();
      await page.getByTestId('residents-page').waitFor();
      await page.getByTestId('resident-row').first().waitFor();
      // Cards, not a table.
      expect(await page.locator('.ant-card[data-testid="resident-row"]').count()).toBeGreaterThan(0);
      expect(await page.locator('table').count()).toBe(0);
      const villages = await page.getByTestId('resident-village').allTextContents();
      expect(villages.length).toBeGreaterThan(0);
      for (const v of villages) expect(v).toContain('马镇村委会');
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);

      const someone = (await listedNames(page))[2];
      const initials = nameInitials(someone);
      await search(page, initials);
      await expect
        .poll(async () => {
          const names = await listedNames(page);
          return names.length > 0 && names.every((n) => nameInitials(n).startsWith(initials));
        })
        .toBe(true);
      const found = await listedNames(page);
      expect(found).toContain(someone);
      for (const v of await page.getByTestId('resident-village').allTextContents())
        expect(v).toContain('马镇村委会');

      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      expect(innerWidth).toBe(390);
      expect(scrollWidth).toBeLessThanOrEqual(390);

      // The filters open from the bottom and fit too.
      await page.getByTestId('resident-filter-open').click();
      await page.getByTestId('resident-filter-drawer').getByTestId('resident-tags').waitFor();
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });

  it('phone: a villager sees 我的家庭 with the household’s members, masked, and no registry menu', async () => {
    const { context, page } = await newPage(browser, PHONE);
    try {
      await loginAs(page, 'villager');
      await page.getByTestId('home-page').waitFor();
      await page.getByTestId('my-household-open').click();
      const mine = page.getByTestId('my-household-page');
      await mine.waitFor();
      await mine.getByTestId('member-row').first().waitFor();
      const members = mine.getByTestId('member-row');
      const registered = figure(await mine.getByTestId('household-member-count').textContent());
      expect(registered).toBeGreaterThan(0);
      expect(await members.count()).toBeGreaterThanOrEqual(registered);
      expect(await members.first().textContent()).toContain('户主');
      expect(await members.first().textContent()).toMatch(/610881\*+\d{3}[\dX]/);
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(390);

      await page.getByTestId('menu-toggle').click();
      const drawer = page.getByTestId('nav-drawer');
      await drawer.getByText('我的家庭', { exact: true }).waitFor();
      expect(await drawer.getByText('户籍台账', { exact: true }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('desktop: the import page takes an .xlsx file through a real file input and refuses other files before sending', async () => {
    const { context, page } = await newPage(browser, DESKTOP);
    try {
      await loginAs(page, 'staff');
      await page.goto('/registry/import');
      await page.getByTestId('import-page').waitFor();
      expect(await page.getByTestId('import-dryrun').isDisabled()).toBe(true);
      const input = page.getByTestId('import-upload');
      expect(await input.getAttribute('type')).toBe('file');
      await input.setInputFiles({
        name: '台账.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4'),
      });
      await page.getByTestId('import-file-error').getByText('.xlsx', { exact: false }).waitFor();
      expect(await page.getByTestId('import-dryrun').isDisabled()).toBe(true);
      await input.setInputFiles({
        name: '马镇村台账.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from('PK\u0003\u0004'),
      });
      await page.getByTestId('import-file').getByText('马镇村台账.xlsx', { exact: false }).waitFor();
      expect(await page.getByTestId('import-dryrun').isDisabled()).toBe(false);
    } finally {
      await context.close();
    }
  });
});
