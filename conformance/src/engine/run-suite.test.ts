import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downOrigin, sendJson, startStubServer } from '../__fixtures__/stub-server';
import type { StubServer } from '../__fixtures__/stub-server';
import { miniBlueprint } from '../__fixtures__/test-blueprint';
import type { ConformanceSuite, ConformanceTest, TestContext } from './conformance-test';
import { ConformanceError } from './errors';
import { defineFact } from './fact';
import { runSuite } from './run-suite';
import type { ProgressEvent } from './run-suite';

const blueprint = miniBlueprint([
  { id: 'R-1', level: 'MUST' },
  { id: 'R-2', level: 'SHOULD' },
  { id: 'R-3', level: 'MAY', category: 'search' },
]);

let stub: StubServer;

beforeAll(async () => {
  stub = await startStubServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const delay = Number(url.searchParams.get('delay') ?? '0');
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    switch (url.pathname) {
      case '/fhir/metadata':
        sendJson(response, 200, {
          resourceType: 'CapabilityStatement',
          status: 'active',
          kind: 'instance',
          fhirVersion: '4.0.1',
          format: ['json'],
          date: '2026-01-01',
        });
        return;
      case '/fhir/Patient/garbage':
        response.writeHead(200, { 'content-type': 'application/fhir+json' });
        response.end('\u0000not json{{{');
        return;
      case '/fhir/Patient/close':
        request.socket.destroy();
        return;
      case '/fhir/error':
      case '/fhir/Patient/error':
        sendJson(response, 500, {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'exception' }],
        });
        return;
      default:
        sendJson(response, 200, { resourceType: 'Bundle', type: 'searchset', total: 0 });
    }
  });
});

afterAll(async () => {
  await stub.close();
});

function test(
  id: string,
  run: (context: TestContext) => Promise<void>,
  extra: Partial<ConformanceTest> = {},
): ConformanceTest {
  return { id, title: id, requirements: ['R-1'], run, ...extra };
}

function suite(...tests: ConformanceTest[]): ConformanceSuite {
  return {
    id: 'engine-test',
    title: 'Engine test',
    version: '0.0.0',
    groups: [{ id: 'group', title: 'Group', tests }],
  };
}

async function fetchMetadata(context: TestContext, path = 'metadata'): Promise<void> {
  const reply = await context
    .fhir({ anonymous: true })
    .raw({ method: 'GET', path, authenticate: false });
  context.check(reply.status === 200, `answered ${String(reply.status)}`);
}

describe('runSuite', () => {
  it('runs tests in parallel up to the concurrency, and reports them in suite order', async () => {
    let running = 0;
    let most = 0;
    const finished: string[] = [];
    const delays = [120, 10, 80, 5, 60, 30];
    const tests = delays.map((delay, index) =>
      test(`group.t${String(index)}`, async (context) => {
        running += 1;
        most = Math.max(most, running);
        await fetchMetadata(context, `metadata?delay=${String(delay)}`);
        running -= 1;
        finished.push(context.testId);
      }),
    );
    const events: ProgressEvent[] = [];
    const run = await runSuite(suite(...tests), {
      blueprint,
      target: { baseUrl: `${stub.origin}/fhir` },
      concurrency: 3,
      onProgress: (event) => events.push(event),
    });
    expect(run.results.map((result) => result.id)).toEqual(tests.map((t) => t.id));
    expect(finished).not.toEqual(tests.map((t) => t.id));
    expect(most).toBe(3);
    expect(run.results.every((result) => result.outcome === 'pass')).toBe(true);
    expect(events.filter((event) => event.type === 'test-end')).toHaveLength(6);
    expect(run.groups[0]?.outcome).toBe('pass');
  });

  it('takes facts from earlier tests and reports a dependent test as not demonstrated when a fact is missing', async () => {
    const value = defineFact<string>('value', 'the value from the first test');
    const lost = defineFact<string>('lost', 'a value the failing test should have found');
    const run = await runSuite(
      suite(
        test(
          'group.provides',
          async (context) => {
            await fetchMetadata(context);
            context.provide(value, 'from the server');
          },
          { provides: [value] },
        ),
        test(
          'group.fails',
          async (context) => {
            await fetchMetadata(context, 'error');
          },
          { provides: [lost] },
        ),
        test(
          'group.uses',
          (context) => {
            context.check(context.need(value) === 'from the server', 'the value arrived');
            return Promise.resolve();
          },
          { needs: [value] },
        ),
        test(
          'group.needs-lost',
          (context) => {
            context.check(context.need(lost) !== '', 'never reached');
            return Promise.resolve();
          },
          { needs: [lost] },
        ),
      ),
      { blueprint, target: { baseUrl: `${stub.origin}/fhir` }, concurrency: 4 },
    );
    const byId = new Map(run.results.map((result) => [result.id, result]));
    expect(byId.get('group.uses')?.outcome).toBe('pass');
    expect(byId.get('group.fails')?.outcome).toBe('fail');
    expect(byId.get('group.needs-lost')?.outcome).toBe('skip');
    expect(byId.get('group.needs-lost')?.reason).toContain(
      'a value the failing test should have found is missing (group.fails ended fail',
    );
  });

  it('turns what the server does into outcomes with clear reasons, never into exceptions', async () => {
    const down = await downOrigin();
    const started = Date.now();
    const run = await runSuite(
      suite(
        test('group.garbage', (context) =>
          context
            .fhir({ anonymous: true })
            .read('Patient', 'garbage')
            .then(() => undefined)),
        test('group.closed', (context) =>
          context
            .fhir({ anonymous: true })
            .read('Patient', 'close')
            .then(() => undefined)),
        test('group.slow', (context) => fetchMetadata(context, 'metadata?delay=2000')),
        test('group.server-error', (context) =>
          context
            .fhir({ anonymous: true })
            .read('Patient', 'error')
            .then(() => undefined)),
        test('group.down', async (context) => {
          await context.http({ method: 'GET', url: `${down}/fhir/metadata` });
        }),
        test('group.nothing-checked', () => Promise.resolve()),
        test('group.thrown', () => Promise.reject(new TypeError('boom'))),
        test('group.deadline', (context) =>
          fetchMetadata(context, 'metadata?delay=50').then(
            () => new Promise((resolve) => setTimeout(resolve, 2000)),
          )),
      ),
      {
        blueprint,
        target: { baseUrl: `${stub.origin}/fhir` },
        concurrency: 8,
        timeoutMs: 300,
        testTimeoutMs: 900,
      },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    const byId = new Map(run.results.map((result) => [result.id, result]));
    expect(byId.get('group.garbage')).toMatchObject({ outcome: 'fail' });
    expect(byId.get('group.garbage')?.reason).toMatch(/GET .*Patient\/garbage/);
    expect(byId.get('group.closed')?.outcome).toBe('error');
    expect(byId.get('group.closed')?.reason).toMatch(/could not be reached/);
    expect(byId.get('group.slow')).toMatchObject({ outcome: 'error' });
    expect(byId.get('group.slow')?.reason).toMatch(/did not answer in time.*300 ms/);
    expect(byId.get('group.server-error')).toMatchObject({ outcome: 'fail' });
    expect(byId.get('group.server-error')?.reason).toMatch(/500/);
    expect(byId.get('group.down')?.outcome).toBe('error');
    expect(byId.get('group.down')?.reason).toMatch(/could not be reached/);
    expect(byId.get('group.nothing-checked')).toMatchObject({
      outcome: 'error',
      reason: 'the tester failed: the test recorded no pass or fail check',
    });
    expect(byId.get('group.thrown')).toMatchObject({
      outcome: 'error',
      reason: 'the tester failed: boom',
    });
    expect(byId.get('group.deadline')).toMatchObject({
      outcome: 'error',
      reason: 'the test did not finish within 900 ms',
    });
  });

  it('selects with --only (pulling in the tests whose facts are needed) and --skip', async () => {
    const fact = defineFact<number>('n', 'the number');
    const tests = [
      test(
        'group.a',
        async (context) => {
          await fetchMetadata(context);
          context.provide(fact, 1);
        },
        { provides: [fact] },
      ),
      test(
        'group.b',
        (context) => {
          context.check(context.need(fact) === 1, 'one');
          return Promise.resolve();
        },
        { needs: [fact], requirements: ['R-2'] },
      ),
      test('group.c', (context) => fetchMetadata(context), { requirements: ['R-3'] }),
    ];
    const options = { blueprint, target: { baseUrl: `${stub.origin}/fhir` } };
    const only = await runSuite(suite(...tests), { ...options, only: ['R-2'] });
    expect(only.results.map((result) => [result.id, result.outcome])).toEqual([
      ['group.a', 'pass'],
      ['group.b', 'pass'],
    ]);
    const skipped = await runSuite(suite(...tests), { ...options, skip: ['group.a'] });
    expect(skipped.results.map((result) => result.id)).toEqual(['group.b', 'group.c']);
    expect(skipped.results[0]?.reason).toContain('group.a was not run (left out with --skip)');
    const glob = await runSuite(suite(...tests), {
      ...options,
      only: ['group.*'],
      skip: ['group.c'],
    });
    expect(glob.results).toHaveLength(2);
    await expect(runSuite(suite(...tests), { ...options, only: ['nothing'] })).rejects.toThrow(
      '--only nothing matches no test, group or requirement',
    );
  });

  it('omits tests of requirements the blueprint does not have, and levels tests by their requirements', async () => {
    const run = await runSuite(
      suite(
        test('group.unknown', (context) => fetchMetadata(context), { requirements: ['OTHER-1'] }),
        test('group.should', (context) => fetchMetadata(context), { requirements: ['R-2', 'R-3'] }),
        test('group.setup', (context) => fetchMetadata(context), { requirements: [] }),
      ),
      { blueprint, target: { baseUrl: `${stub.origin}/fhir` } },
    );
    expect(run.results.map((result) => [result.outcome, result.level])).toEqual([
      ['omit', 'MAY'],
      ['pass', 'SHOULD'],
      ['pass', undefined],
    ]);
    expect(run.results[0]?.reason).toBe('the blueprint mini has no requirement OTHER-1');
  });

  it('refuses inconsistent suites and unusable options', async () => {
    const fact = defineFact<number>('n', 'the number');
    const options = { blueprint, target: { baseUrl: `${stub.origin}/fhir` } };
    const noop = (): Promise<void> => Promise.resolve();
    await expect(
      runSuite(suite(test('group.a', noop), test('group.a', noop)), options),
    ).rejects.toThrow('two tests have the id group.a');
    await expect(
      runSuite(suite(test('group.a', noop, { needs: [fact] })), options),
    ).rejects.toThrow('needs "n", which no test provides');
    await expect(
      runSuite(
        suite(
          test('group.a', noop, { after: ['group.b'] }),
          test('group.b', noop, { after: ['group.a'] }),
        ),
        options,
      ),
    ).rejects.toThrow(/cycle: group.a → group.b → group.a/);
    await expect(
      runSuite(suite(test('group.a', noop)), { ...options, concurrency: 0 }),
    ).rejects.toThrow(ConformanceError);
    await expect(
      runSuite(suite(test('group.a', noop)), {
        ...options,
        target: { baseUrl: 'ftp://example.org' },
      }),
    ).rejects.toThrow('the target must be an http or https URL');
  });

  it('keeps every exchange with its test, with credentials redacted', async () => {
    const run = await runSuite(
      suite(
        test('group.raw', async (context) => {
          const reply = await context.http({
            method: 'GET',
            url: 'metadata',
            headers: { authorization: 'Bearer secret-token-value' },
          });
          context.check(reply.status === 200, 'ok');
        }),
      ),
      { blueprint, target: { baseUrl: `${stub.origin}/fhir` } },
    );
    const exchange = run.results[0]?.exchanges[0];
    expect(exchange).toMatchObject({ seq: 1, method: 'GET', status: 200, kind: 'fhir' });
    expect(exchange?.requestHeaders['authorization']).toBe('[redacted]');
    expect(JSON.stringify(run)).not.toContain('secret-token-value');
    expect(stub.requests.at(-1)?.headers.authorization).toBe('Bearer secret-token-value');
  });
});
