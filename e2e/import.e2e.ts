import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMessySheet } from '../server/modules/registry/import/fixtures';
import { nameInitials } from '../server/modules/registry/pinyin';
import { DESKTOP, e2eEnabled, horizontalOverflow, launch, loginAs, newPage, PHONE } from './browser';

/**
 * A clerk's real afternoon: upload a messy township sheet, read what is wrong (row, column,
 * how to fix), download the error report (their own rows with an error column), fix the sheet,
 * import it, then find one of the new people by pinyin initials on a phone.
 */
describe.skipIf(!e2eEnabled())('registry import in the browser', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await launch();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-e2e-import-'));
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('upload a messy sheet, read the errors, download the report, fix, import, find by initials at phone size', async () => {
    const bad = await buildMessySheet(path.join(dir, '马镇村户籍台账.xlsx'), {
      households: 6,
      seed: 20261128,
      errors: ['ID_CHECKSUM', 'DATE_INVALID', 'ID_NUMERIC_CORRUPTED'],
    });
    const { context, page } = await newPage(browser, { ...DESKTOP, acceptDownloads: true } as typeof DESKTOP);
    try {
      await loginAs(page, 'staff');
      await page.goto('/registry/import');
      await page.getByTestId('import-page').waitFor();
      await page.locator('input[type="file"]').first().setInputFiles(bad.path);
      await page.getByTestId('import-dryrun').click();
      await page.getByTestId('import-result').waitFor();
      const errors = page.getByTestId('import-errors');
      await errors.waitFor();
      const text = (await errors.textContent()) ?? '';
      for (const e of bad.expected) expect(text).toContain(String(e.row));
      expect(text).toContain('校验位');
      expect(text).toContain('文本');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('import-report-link').click(),
      ]);
      const reportPath = path.join(dir, 'report.xlsx');
      await download.saveAs(reportPath);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(reportPath);
      const ws = wb.worksheets.find((w) => w.name === bad.sheetName) ?? wb.worksheets[0];
      let found = false;
      ws.eachRow((row) => {
        row.eachCell((c) => {
          if (String(c.value ?? '').includes('校验位')) found = true;
        });
      });
      expect(found).toBe(true);

      // The clerk fixes the sheet (the same people, typed correctly) and imports it.
      const fixed = await buildMessySheet(path.join(dir, '马镇村户籍台账-改.xlsx'), {
        households: 6,
        seed: 20261128,
      });
      await page.locator('input[type="file"]').first().setInputFiles(fixed.path);
      await page.getByTestId('import-dryrun').click();
      await expect
        .poll(async () => (await page.getByTestId('import-result').textContent()) ?? '')
        .toMatch(/预检/);
      await page.getByTestId('import-commit').click();
      await expect
        .poll(async () => (await page.getByTestId('import-result').textContent()) ?? '', { timeout: 60_000 })
        .toMatch(/导入完成/);
      expect(await page.getByTestId('import-counts').textContent()).toContain(String(fixed.dataRows));
    } finally {
      await context.close();
    }

    // On a phone, the new people are found by the initials of their names.
    const someone = fixed_first_name(
      await buildMessySheet(path.join(dir, 'again.xlsx'), { households: 6, seed: 20261128 }),
    );
    const phone = await newPage(browser, PHONE);
    try {
      await loginAs(phone.page, 'staff');
      await phone.page.goto(`/registry/residents?q=${nameInitials(someone)}`);
      await phone.page.getByTestId('residents-page').waitFor();
      await expect
        .poll(async () =>
          (
            await phone.page.getByTestId('resident-row').getByTestId('resident-name').allTextContents()
          ).includes(someone),
        )
        .toBe(true);
      const o = await horizontalOverflow(phone.page);
      expect(o.scrollWidth).toBeLessThanOrEqual(o.innerWidth);
    } finally {
      await phone.context.close();
    }
  });
});

function fixed_first_name(sheet: Awaited<ReturnType<typeof buildMessySheet>>): string {
  return sheet.rows[0].name;
}
