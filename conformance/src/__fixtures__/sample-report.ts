import type { ConformanceSuite, ConformanceTest } from '../engine/conformance-test';
import { runSuite } from '../engine/run-suite';
import { buildConformanceReport } from '../report/conformance-report';
import type { ConformanceReport } from '../report/conformance-report';
import { sendJson, startStubServer } from './stub-server';
import { miniBlueprint } from './test-blueprint';

/** A synthetic NHS number (test range) that the sample's server returns. */
export const SAMPLE_NHS_NUMBER = '9992197625';
/** A JWT-shaped token the sample's exchanges carry, which no report may show. */
export const SAMPLE_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0ZXN0ZXIifQ.c2lnbmF0dXJl';

/**
 * A report with one test of each outcome, from a real run against a local stub server: a token
 * request, a search by NHS number with a bearer token, a failing SHOULD, a skip, an omit and an
 * error. `withBodies` keeps patient data.
 */
export async function sampleReports(): Promise<{
  report: ConformanceReport;
  withBodies: ConformanceReport;
}> {
  const blueprint = miniBlueprint([
    { id: 'R-1', level: 'MUST' },
    { id: 'R-2', level: 'SHOULD' },
    { id: 'R-3', level: 'MAY', category: 'search' },
  ]);
  const stub = await startStubServer((request, response) => {
    if ((request.url ?? '').startsWith('/token')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ access_token: SAMPLE_TOKEN, token_type: 'Bearer', expires_in: 300 }),
      );
      return;
    }
    sendJson(response, 200, {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        {
          resource: {
            resourceType: 'Patient',
            id: 'p1',
            identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: SAMPLE_NHS_NUMBER }],
            name: [{ family: 'Zzsynthetic' }],
          },
        },
      ],
    });
  });
  try {
    const tests: ConformanceTest[] = [
      {
        id: 'checks.pass',
        title: 'A passing test <with markup & "quotes">',
        requirements: ['R-1'],
        run: async (context) => {
          await context.http({
            method: 'POST',
            url: `${stub.origin}/token`,
            form: { client_assertion: SAMPLE_TOKEN },
            accept: 'application/json',
          });
          const reply = await context.http({
            method: 'GET',
            url: `Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${SAMPLE_NHS_NUMBER}`,
            headers: { authorization: `Bearer ${SAMPLE_TOKEN}` },
          });
          context.check(reply.status === 200, 'the search answered 200');
        },
      },
      {
        id: 'checks.fail',
        title: 'A failing SHOULD test',
        requirements: ['R-2'],
        run: (context) => {
          context.fail('expected <b>bold</b> & found \u0001 nothing');
          return Promise.resolve();
        },
      },
      {
        id: 'checks.skip',
        title: 'Not demonstrated',
        requirements: ['R-1'],
        run: (context) => Promise.resolve(context.skip('no fixtures')),
      },
      {
        id: 'checks.omit',
        title: 'Not applicable',
        requirements: ['R-3'],
        run: (context) => Promise.resolve(context.omit('optional and not declared')),
      },
      {
        id: 'checks.error',
        title: 'Could not run',
        requirements: ['R-3'],
        run: () => Promise.reject(new Error('boom')),
      },
    ];
    const suite: ConformanceSuite = {
      id: 's',
      title: 'Reports',
      version: '1',
      groups: [{ id: 'checks', title: 'Checks', tests }],
    };
    const run = await runSuite(suite, {
      blueprint,
      target: { baseUrl: `${stub.origin}/fhir` },
      fixtures: 'none',
      concurrency: 2,
    });
    const build = (includeBodies: boolean): ConformanceReport =>
      buildConformanceReport(run, {
        blueprint,
        coverage: blueprint.requirements.map((requirement) => ({
          id: requirement.id,
          level: requirement.level,
          category: requirement.category,
          title: requirement.title,
          status: 'tested',
          tests: ['checks.pass'],
        })),
        settings: {
          fixtures: 'none',
          concurrency: 2,
          timeoutMs: 1000,
          only: [],
          skip: [],
          includeBodies,
        },
        tool: {
          name: '@lhcr/conformance',
          version: '0.0.0',
          node: process.version,
          platform: 'test',
        },
        packages: [{ name: '@lhcr/conformance', version: '0.0.0' }],
        validator: { name: '@lhcr/validator', version: '0.0.0', profiles: [], validated: false },
        target: { baseUrl: `${stub.origin}/fhir` },
      });
    return { report: build(false), withBodies: build(true) };
  } finally {
    await stub.close();
  }
}
