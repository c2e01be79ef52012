import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finished } from './run-example';
import { ROOT, exampleEnv, freePort, runCommand, stopGroup } from './run-example';

const CHROMIUM = process.env['LHCR_CHROMIUM'] ?? '/usr/bin/chromium';
const WORKSPACE = '@lhcr/example-browser-validator';
const INVALID_PATIENT = JSON.stringify(
  { resourceType: 'Patient', gender: 'F', birthDate: '1970-02-30' },
  null,
  2,
);
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

let outDir = '';
let build: Finished;
let server: Server | undefined;
let origin = '';
let browser: Browser | undefined;
const requests: string[] = [];
const pageErrors: string[] = [];

/** Serves the built page from `root` on 127.0.0.1, on a port the system picks. */
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
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    response.end(readFileSync(path));
  });
  await new Promise<void>((done) => httpServer.listen(0, '127.0.0.1', done));
  return httpServer;
}

async function openPage(address: string): Promise<Page> {
  if (browser === undefined) throw new Error('the browser did not start');
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(address);
  return page;
}

/** Pastes text into the page, validates it and returns the issues as the list shows them. */
async function validate(page: Page, text: string): Promise<{ summary: string; items: string[] }> {
  await page.getByLabel('FHIR JSON').fill(text);
  await page.getByRole('button', { name: 'Validate' }).click();
  await page.locator('#issues li').first().waitFor();
  return {
    summary: (await page.getByRole('status').textContent()) ?? '',
    items: await page.locator('#issues li').allTextContents(),
  };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install -y chromium) or set LHCR_CHROMIUM`,
    );
  }
  outDir = mkdtempSync(join(tmpdir(), 'lhcr-browser-validator-'));
  build = await runCommand('npm', [
    'run',
    'build',
    '-w',
    WORKSPACE,
    '--',
    '--outDir',
    outDir,
    '--emptyOutDir',
  ]);
  server = await serve(outDir);
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
  if (outDir !== '') rmSync(outDir, { recursive: true, force: true });
});

describe('examples/browser-validator, built (npm run build -w @lhcr/example-browser-validator)', () => {
  it('bundles @lhcr/validator for the browser with no Node built-ins', () => {
    expect(build.code).toBe(0);
    expect(`${build.stdout}${build.stderr}`).not.toMatch(/externalized for browser compatibility/);
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).toMatch(
      /<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/,
    );
  });

  it('lists the issues of a pasted invalid Patient with their FHIRPath', async () => {
    const page = await openPage(`${origin}/`);
    const { summary, items } = await validate(page, INVALID_PATIENT);
    expect(summary).toBe('Not valid: 2 error(s).');
    expect(items.find((item) => item.includes('Patient.gender'))).toMatch(
      /^error\s*Patient\.gender: .*\(line 3, column \d+\)$/,
    );
    expect(items.find((item) => item.includes('Patient.birthDate'))).toMatch(
      /^error\s*Patient\.birthDate: .+\(line 4, column \d+\)$/,
    );
    await expect(page.locator('#issues li code.expression').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['Patient.gender', 'Patient.birthDate']),
    );
    const outcome = JSON.parse((await page.locator('#outcome-json').textContent()) ?? '') as {
      resourceType: string;
      issue: { severity: string; expression?: string[] }[];
    };
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(
      outcome.issue.filter((issue) => issue.severity === 'error').map((issue) => issue.expression),
    ).toEqual(expect.arrayContaining([['Patient.gender'], ['Patient.birthDate']]));
    await page.close();
  });

  it('accepts a valid Patient and points to the line of malformed JSON', async () => {
    const page = await openPage(`${origin}/`);
    const valid = await validate(
      page,
      '{ "resourceType": "Patient", "gender": "female", "birthDate": "1970-02-28" }',
    );
    expect(valid.summary).toMatch(/^Valid FHIR R4/);
    const malformed = await validate(page, '{\n  "resourceType": "Patient",\n  "gender": \n}');
    expect(malformed.summary).toBe('Not valid: 1 error(s).');
    expect(malformed.items[0]).toMatch(/^fatal.*\(line 4, column \d+\)$/);
    await page.close();
  });

  it('validates in the page: no request leaves the page’s origin and no script error', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(origin))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

describe('examples/browser-validator, served by Vite (npm start -w @lhcr/example-browser-validator)', () => {
  it('serves the page that finds the issues of an invalid Patient', async () => {
    const port = await freePort();
    const dev = spawn(
      'npm',
      ['start', '-w', WORKSPACE, '--', '--port', String(port), '--strictPort'],
      {
        cwd: ROOT,
        env: exampleEnv(),
        detached: true,
      },
    );
    try {
      let output = '';
      dev.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
      dev.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
      const address = `http://127.0.0.1:${String(port)}/`;
      for (let waited = 0; !output.includes(address); waited += 100) {
        if (waited > 60_000 || dev.exitCode !== null)
          throw new Error(`Vite did not start:\n${output}`);
        await new Promise((done) => setTimeout(done, 100));
      }
      const page = await openPage(address);
      const { summary, items } = await validate(page, INVALID_PATIENT);
      expect(summary).toBe('Not valid: 2 error(s).');
      expect(
        items.some((item) => item.startsWith('error') && item.includes('Patient.gender')),
      ).toBe(true);
      await page.close();
    } finally {
      stopGroup(dev.pid);
    }
  });
});
