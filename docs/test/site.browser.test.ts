import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocsSite } from '../src/build-site';

const CHROMIUM = process.env['LHCR_CHROMIUM'] ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts', 'docs');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

let siteDir = '';
let server: Server | undefined;
let origin = '';
let browser: Browser | undefined;
let page: Page | undefined;

/** A static file server for the built site on 127.0.0.1, port chosen by the system. */
async function serve(root: string): Promise<Server> {
  const httpServer = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root + sep) && path !== root) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    response.end(readFileSync(path));
  });
  await new Promise<void>((done) => httpServer.listen(0, '127.0.0.1', done));
  return httpServer;
}

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
  siteDir = mkdtempSync(join(tmpdir(), 'lhcr-docs-'));
  await buildDocsSite({ outDir: siteDir });
  server = await serve(siteDir);
  origin = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
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
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => {
    if (server === undefined) done();
    else
      server.close(() => {
        done();
      });
  });
  if (siteDir !== '') rmSync(siteDir, { recursive: true, force: true });
});

describe('the docs site in headless Chromium', () => {
  it('renders the index with its landmarks, skip link and search form', async () => {
    const tab = usePage();
    const response = await tab.goto(`${origin}/index.html`);
    expect(response?.status()).toBe(200);
    expect(await tab.title()).toBe('lhcr');
    await tab.screenshot({ path: join(ARTIFACTS, 'index.png'), fullPage: true });
    expect(await tab.locator('h1').allTextContents()).toEqual(['lhcr']);
    expect(await tab.getAttribute('html', 'lang')).toBe('en-GB');
    await tab.keyboard.press('Tab');
    expect(await tab.evaluate(() => document.activeElement?.textContent)).toBe(
      'Skip to main content',
    );
    expect(await tab.locator('main#main').count()).toBe(1);
    expect(await tab.getByRole('search').count()).toBe(1);
    await expect(
      tab.getByRole('link', { name: /LHCR Shared Care Record Core 1\.0\.0/ }).count(),
    ).resolves.toBe(1);
  });

  it('resolves every internal link on every page, and every page has one h1 and headed tables', async () => {
    if (browser === undefined) throw new Error('the browser did not start');
    const context = await browser.newContext();
    const queue = [`${origin}/index.html`];
    const status = new Map<string, number>();
    const ids = new Map<string, Set<string>>();
    const links = new Map<string, string[]>();
    const problems: string[] = [];
    const visit = async (tab: Page, address: string): Promise<void> => {
      {
        if (status.has(address)) return;
        status.set(address, 0);
        const response = await tab.goto(address, { waitUntil: 'domcontentloaded' });
        status.set(address, response?.status() ?? 0);
        if (response?.status() !== 200 || !address.endsWith('.html')) return;
        const found = await tab.evaluate(() => ({
          h1: document.querySelectorAll('h1').length,
          headless: document.querySelectorAll('table:not(:has(th))').length,
          ids: [...document.querySelectorAll('[id]')].map((element) => element.id),
          links: [...document.querySelectorAll('a[href]')].map(
            (anchor) => (anchor as HTMLAnchorElement).href,
          ),
          assets: [
            ...[...document.querySelectorAll('link[href]')].map(
              (link) => (link as HTMLLinkElement).href,
            ),
            ...[...document.querySelectorAll('script[src]')].map(
              (script) => (script as HTMLScriptElement).src,
            ),
          ],
        }));
        if (found.h1 !== 1) problems.push(`${address}: ${String(found.h1)} h1 elements`);
        if (found.headless !== 0) problems.push(`${address}: a table without header cells`);
        ids.set(address, new Set(found.ids));
        const internal = [...found.links, ...found.assets].filter((link) =>
          link.startsWith(origin),
        );
        links.set(address, internal);
        for (const link of internal) {
          const target = link.split('#')[0] ?? '';
          if (!status.has(target)) queue.push(target);
        }
      }
    };
    const crawl = async (tab: Page): Promise<void> => {
      for (let address = queue.shift(); address !== undefined; address = queue.shift()) {
        await visit(tab, address);
      }
    };
    const tabs = await Promise.all([0, 1, 2, 3].map(() => context.newPage()));
    // The index first, then four tabs take the next unvisited address from the shared queue.
    await visit(tabs[0] ?? usePage(), queue.shift() ?? '');
    await Promise.all(tabs.map((tab) => crawl(tab)));
    await context.close();
    expect(problems).toEqual([]);
    const broken: string[] = [];
    for (const [from, targets] of links) {
      for (const link of targets) {
        const [target = '', fragment] = link.split('#');
        if (status.get(target) !== 200)
          broken.push(`${from} -> ${link} (HTTP ${String(status.get(target))})`);
        else if (
          fragment !== undefined &&
          fragment !== '' &&
          ids.get(target)?.has(decodeURIComponent(fragment)) !== true
        ) {
          broken.push(`${from} -> ${link} (no element with that id)`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect([...status.keys()].filter((url) => url.endsWith('.html')).length).toBeGreaterThan(100);
  });

  it('finds a requirement by id with the client-side search', async () => {
    const tab = usePage();
    await tab.goto(`${origin}/index.html`);
    await tab.getByLabel('Search', { exact: true }).fill('LHCR-OPT-04');
    await tab.getByRole('button', { name: 'Search' }).click();
    await tab.waitForURL(/search\.html\?q=LHCR-OPT-04/);
    const first = tab.locator('#search-results li a').first();
    await expect(first.textContent()).resolves.toContain('LHCR-OPT-04');
    await expect(tab.locator('#search-status').textContent()).resolves.toMatch(
      /results? for "LHCR-OPT-04"/,
    );
    await first.click();
    await expect(tab.locator('h1').textContent()).resolves.toBe(
      'LHCR-OPT-04: Local dissent blocks sharing',
    );
  });

  it('shows a profile page with its element table and example', async () => {
    const tab = usePage();
    await tab.goto(`${origin}/blueprints/lhcr-core/profiles/LHCR-Patient.html`);
    expect(await tab.locator('h1').textContent()).toBe('LHCR Patient');
    const headers = await tab.locator('table').first().locator('thead th').allTextContents();
    expect(headers).toEqual([
      'Path',
      'Cardinality',
      'Type',
      'Binding',
      'Must support',
      'Fixed or pattern value',
      'Description',
    ]);
    await expect(
      tab.getByText('Patient.identifier:nhsNumber', { exact: true }).count(),
    ).resolves.toBeGreaterThan(0);
    await expect(tab.locator('pre code').first().textContent()).resolves.toContain(
      '"resourceType": "Patient"',
    );
    await tab.screenshot({ path: join(ARTIFACTS, 'profile-lhcr-patient.png'), fullPage: false });
    expect(statSync(join(ARTIFACTS, 'profile-lhcr-patient.png')).size).toBeGreaterThan(1000);
  });
});
