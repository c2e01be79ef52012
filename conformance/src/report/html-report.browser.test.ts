import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_NHS_NUMBER, SAMPLE_TOKEN, sampleReports } from '../__fixtures__/sample-report';
import { renderHtmlReport } from './html-report';

const CHROMIUM = process.env['LHCR_CHROMIUM'] ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '..', '..', '..', 'test-artifacts', 'conformance');

let dir = '';
let address = '';
let browser: Browser | undefined;
let page: Page | undefined;
const consoleErrors: string[] = [];

function usePage(): Page {
  if (page === undefined) throw new Error('the browser did not start');
  return page;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install -y chromium) or set LHCR_CHROMIUM`,
    );
  }
  const { report } = await sampleReports();
  dir = mkdtempSync(join(tmpdir(), 'lhcr-conformance-html-'));
  const file = join(dir, 'conformance-report.html');
  writeFileSync(file, renderHtmlReport(report));
  address = pathToFileURL(file).href;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

async function visibleTests(tab: Page): Promise<string[]> {
  return tab.locator('details.test:not([hidden]) > summary > code').allTextContents();
}

describe('the HTML report in headless Chromium', () => {
  it('shows the verdict, the summary chart and what each outcome means', async () => {
    const tab = usePage();
    await tab.goto(address);
    expect(await tab.title()).toBe('Conformance report: Mini blueprint 0.0.1');
    expect(await tab.locator('#verdict').textContent()).toContain(
      'A MUST test was not demonstrated',
    );
    const bars = tab.locator('#summary-chart svg[role="img"]');
    expect(await bars.count()).toBeGreaterThanOrEqual(3);
    expect(await bars.first().getAttribute('aria-label')).toBe(
      'All tests: 1 error, 1 fail, 1 not demonstrated, 1 pass, 1 not applicable',
    );
    expect(await tab.locator('dl.meanings dt').count()).toBe(5);
    expect(await tab.locator('dl.meanings').textContent()).toContain(
      'The tester could not run the test',
    );
    expect(await tab.locator('#filter-status').textContent()).toBe('Showing 5 of 5 tests');
    await tab.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
  });

  it('filters by outcome, category, level and text', async () => {
    const tab = usePage();
    await tab.goto(address);
    await tab.locator('input[name=outcome][value=pass]').uncheck();
    expect(await visibleTests(tab)).toEqual([
      'checks.fail',
      'checks.skip',
      'checks.omit',
      'checks.error',
    ]);
    expect(await tab.locator('#filter-status').textContent()).toBe('Showing 4 of 5 tests');
    await tab.locator('input[name=outcome][value=pass]').check();
    await tab.getByLabel('Category', { exact: true }).selectOption('search');
    expect(await visibleTests(tab)).toEqual(['checks.omit', 'checks.error']);
    await tab.getByLabel('Category', { exact: true }).selectOption({ value: '' });
    await tab.getByLabel('Level', { exact: true }).selectOption('SHOULD');
    expect(await visibleTests(tab)).toEqual(['checks.fail']);
    await tab.getByLabel('Level', { exact: true }).selectOption({ value: '' });
    await tab.getByLabel('Search', { exact: true }).fill('R-1');
    expect(await visibleTests(tab)).toEqual(['checks.pass', 'checks.skip']);
    await tab.getByLabel('Search', { exact: true }).fill('no such test');
    expect(await tab.locator('section.group:not([hidden])').count()).toBe(0);
  });

  it('opens a test to show its checks and its redacted request log', async () => {
    const tab = usePage();
    await tab.goto(address);
    const test = tab.locator('details#test-checks\\.pass');
    await test.locator('summary').first().click();
    expect(await test.locator('ul.checks').textContent()).toContain('the search answered 200');
    await test.locator('details.log > summary').click();
    const exchanges = test.locator('details.exchange');
    expect(await exchanges.count()).toBe(2);
    await exchanges.nth(1).locator('summary').click();
    const log = (await exchanges.nth(1).textContent()) ?? '';
    expect(log).toContain('identifier=[redacted]');
    expect(log).toContain('[redacted]');
    expect(log).not.toContain(SAMPLE_NHS_NUMBER);
    expect(log).not.toContain('Zzsynthetic');
    expect(await tab.content()).not.toContain(SAMPLE_TOKEN);
    expect(await tab.locator('table.requirements tbody tr').count()).toBe(3);
    expect(consoleErrors).toEqual([]);
  });
});
