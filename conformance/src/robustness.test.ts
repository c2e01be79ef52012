import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downOrigin, startStubServer } from './__fixtures__/stub-server';
import type { StubHandler, StubServer } from './__fixtures__/stub-server';
import { coreBlueprint } from './__fixtures__/test-blueprint';
import { conformanceExitCode } from './report/conformance-report';
import type { ConformanceReport } from './report/conformance-report';
import type { ConformanceBlueprint } from './run-conformance';
import { runConformance } from './run-conformance';

/** The whole core suite against servers that misbehave: never a crash or a hang. */

let loaded: ConformanceBlueprint;
let stub: StubServer | undefined;
const privateKey = generateKeyPairSync('ec', { namedCurve: 'P-384' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

beforeAll(async () => {
  loaded = await coreBlueprint();
});

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function runAgainst(origin: string): Promise<{ report: ConformanceReport; ms: number }> {
  const started = Date.now();
  const report = await runConformance({
    ...loaded,
    target: {
      baseUrl: `${origin}/fhir`,
      credentials: { clientId: 'tester', privateKey, keyId: 'k1', tokenUrl: `${origin}/token` },
    },
    fixtures: 'preloaded',
    concurrency: 8,
    timeoutMs: 300,
    testTimeoutMs: 3000,
  });
  return { report, ms: Date.now() - started };
}

async function against(handler: StubHandler): Promise<{ report: ConformanceReport; ms: number }> {
  stub = await startStubServer(handler);
  return runAgainst(stub.origin);
}

function metadata(report: ConformanceReport): ConformanceReport['tests'][number] | undefined {
  return report.tests.find((test) => test.id === 'capability.metadata');
}

function expectNoPass(report: ConformanceReport): void {
  expect(
    report.tests
      .filter((test) => test.level === 'MUST' && test.outcome === 'pass')
      .map((test) => test.id),
  ).toEqual([]);
  expect(conformanceExitCode(report)).not.toBe(0);
  expect(
    report.tests
      .filter((test) => test.outcome !== 'pass' && (test.reason ?? '') === '')
      .map((test) => test.id),
  ).toEqual([]);
}

describe('the core suite against misbehaving servers', () => {
  it('fails, with a clear reason, a server that answers garbage', async () => {
    const { report, ms } = await against((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/fhir+json' });
      response.end('\u0000\u00ff{"resourceType": garbage ]]');
    });
    expectNoPass(report);
    expect(metadata(report)).toMatchObject({
      outcome: 'fail',
      reason: 'GET metadata returned a CapabilityStatement',
    });
    expect(report.verdict).toBe('fail');
    expect(ms).toBeLessThan(20_000);
  });

  it('reports an error, with a clear reason, for a server that closes every connection', async () => {
    const { report, ms } = await against((request) => {
      request.socket.destroy();
    });
    expectNoPass(report);
    expect(metadata(report)?.outcome).toBe('error');
    expect(metadata(report)?.reason).toMatch(/could not be reached: GET .*\/fhir\/metadata/);
    expect(report.verdict).toBe('error');
    expect(ms).toBeLessThan(20_000);
  });

  it('reports an error, without hanging, for a server slower than the timeout', async () => {
    const { report, ms } = await against(async (_request, response) => {
      await new Promise((resolve) => setTimeout(resolve, 5000));
      response.end();
    });
    expectNoPass(report);
    expect(metadata(report)?.reason).toMatch(/did not answer in time.*within 300 ms/);
    expect(ms).toBeLessThan(20_000);
  });

  it('reports an error for a server that is down', async () => {
    const { report, ms } = await runAgainst(await downOrigin());
    expectNoPass(report);
    expect(metadata(report)?.outcome).toBe('error');
    expect(report.verdict).toBe('error');
    expect(conformanceExitCode(report)).toBe(3);
    expect(ms).toBeLessThan(20_000);
  });

  it('fails, and never crashes, on a server whose FHIR answers are malformed past the first requests', async () => {
    let n = 0;
    const { report, ms } = await against((request, response, body) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      response.setHeader('content-type', 'application/fhir+json');
      if (url.pathname === '/fhir/metadata') {
        response.end(
          JSON.stringify({
            resourceType: 'CapabilityStatement',
            status: 'active',
            kind: 'instance',
            date: '2026-01-01',
            fhirVersion: '4.0.1',
            format: ['json'],
            rest: [{ mode: 'server', resource: 'nope' }],
          }),
        );
        return;
      }
      if (url.pathname === '/token') {
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            access_token: `t${String(body.length)}`,
            token_type: 'Bearer',
            expires_in: 300,
          }),
        );
        return;
      }
      n += 1;
      const shapes: unknown[] = [
        { resourceType: 'Bundle', type: 'searchset', entry: 'not-an-array' },
        {
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            null,
            7,
            { resource: { resourceType: 'Patient', id: 'x', identifier: 'nope', name: 5 } },
          ],
        },
        {
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: `${url.origin}${url.pathname}${url.search}` }],
          entry: [],
        },
        {
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: 'http://elsewhere.example/fhir/Patient' }],
        },
        {
          resourceType: 'Patient',
          id: 'p',
          meta: { security: 'R' },
          generalPractitioner: 'Organization/x',
        },
        { resourceType: 'OperationOutcome' },
        [],
        'a string',
      ];
      response.end(JSON.stringify(shapes[n % shapes.length]));
    });
    expect(
      report.tests
        .filter((test) => test.reason?.startsWith('the tester failed') === true)
        .map((test) => `${test.id}: ${test.reason ?? ''}`),
    ).toEqual([]);
    expect(conformanceExitCode(report)).not.toBe(0);
    expect(ms).toBeLessThan(30_000);
  });

  it('fails a server that answers every request with an HTML error page', async () => {
    const { report } = await against((_request, response) => {
      response.writeHead(500, { 'content-type': 'text/html' });
      response.end('<html><body>Internal error</body></html>');
    });
    expectNoPass(report);
    expect(metadata(report)).toMatchObject({
      outcome: 'fail',
      reason: 'GET metadata answered 500; expected 200',
    });
  });
});
