import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM, E2E_PASSWORD } from './global-setup';

export { E2E_PASSWORD };

export const baseUrl = (): string => inject('e2eBaseUrl');
/** True when the browser tests can run (Chromium present and the server started). */
export const e2eEnabled = (): boolean => Boolean(inject('e2eBaseUrl'));

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export const DESKTOP = { viewport: { width: 1366, height: 860 } };
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 12; M2007J3SC) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.40',
};

export async function newPage(
  browser: Browser,
  device: typeof DESKTOP | typeof PHONE = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...device, baseURL: baseUrl(), locale: 'zh-CN' });
  const page = await context.newPage();
  return { context, page };
}

/** Logs in through the real login page and waits for the shell. */
export async function loginAs(page: Page, username: string, password = E2E_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('app-shell').waitFor();
}

/**
 * Picks an option in an antd Select, TreeSelect or Cascader: opens it by its trigger, types
 * `search` when given (for long or lazily loaded lists), and clicks the option's exact text in
 * the open dropdown.
 */
export async function chooseOption(
  page: Page,
  trigger: Locator,
  option: string,
  search?: string,
): Promise<void> {
  await trigger.click();
  if (search) await page.keyboard.type(search);
  const dropdown = page.locator('.ant-select-dropdown:visible');
  await dropdown.getByText(option, { exact: true }).first().click();
}

/** Whether the page scrolls sideways: on a phone it must not. */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}
