import type { FixtureExpectation } from '@lhcr/blueprint';
import { FhirServerError } from '@lhcr/client';
import type { Bundle, Resource } from '@lhcr/models';
import { CONFIDENTIAL_ITEMS_NOTE } from '@lhcr/optout';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFor, startRegion, testBlueprint } from '../__fixtures__/region';
import type { ReferenceServer } from '../start-reference-server';

/** The value at a FHIRPath-like element path (`Patient.address.line`), flattened. */
function valuesAt(resource: Resource, path: string): unknown[] {
  const [, ...steps] = path.split('.');
  let current: unknown[] = [resource];
  for (const step of steps) {
    current = current.flatMap((value) => {
      if (typeof value !== 'object' || value === null) return [];
      const inner = (value as Record<string, unknown>)[step];
      if (inner === undefined) return [];
      return Array.isArray(inner) ? (inner as unknown[]) : [inner];
    });
  }
  return current;
}

interface Outcome {
  readonly status: number;
  readonly resources: Resource[];
  readonly bundles: Bundle[];
  readonly outcomeCode?: string;
  readonly detailsCode?: string;
}

async function perform(
  server: ReferenceServer,
  patientId: string,
  nhsNumber: string,
  expectation: FixtureExpectation,
): Promise<Outcome> {
  const client = clientFor(server, { purpose: expectation.purposeOfUse });
  try {
    switch (expectation.access) {
      case 'read': {
        const resource = await client.read('Patient', patientId);
        return { status: 200, resources: [resource], bundles: [] };
      }
      case 'search': {
        const type = expectation.resourceType ?? 'Patient';
        const params =
          type === 'Patient'
            ? { identifier: `https://fhir.nhs.uk/Id/nhs-number|${nhsNumber}` }
            : { patient: patientId };
        const bundles: Bundle[] = [];
        for await (const page of client.searchPages(type as 'Condition', params))
          bundles.push(page);
        return {
          status: 200,
          resources: bundles.flatMap((bundle) =>
            (bundle.entry ?? []).flatMap((entry) =>
              entry.resource === undefined ? [] : [entry.resource],
            ),
          ),
          bundles,
        };
      }
      case 'everything': {
        const bundles: Bundle[] = [];
        for await (const page of client.pages(await client.everything(patientId)))
          bundles.push(page);
        return {
          status: 200,
          resources: bundles.flatMap((bundle) =>
            (bundle.entry ?? []).flatMap((entry) =>
              entry.resource === undefined ? [] : [entry.resource],
            ),
          ),
          bundles,
        };
      }
      case 'export': {
        const job = await client.startBulkExport({ level: 'system' });
        const manifest = await job.waitForCompletion({ pollIntervalMs: 50 });
        const resources: Resource[] = [];
        for (const file of manifest.output) {
          for await (const resource of job.download(manifest, file)) resources.push(resource);
        }
        return { status: 202, resources, bundles: [] };
      }
    }
  } catch (error) {
    if (error instanceof FhirServerError) {
      const issue = error.outcome?.issue[0];
      return {
        status: error.status,
        resources: [],
        bundles: [],
        ...(issue?.code === undefined ? {} : { outcomeCode: issue.code }),
        ...(error.spineErrorCode === undefined ? {} : { detailsCode: error.spineErrorCode }),
      };
    }
    throw error;
  }
}

describe("the blueprint fixtures' expected behaviour", async () => {
  let server: ReferenceServer;
  beforeAll(async () => {
    server = await startRegion();
  });
  afterAll(async () => {
    await server.close();
  });
  const { blueprint } = await testBlueprint();
  const cases = blueprint.fixtures.flatMap((fixture) =>
    fixture.expectations.map((expectation) => ({ fixture, expectation })),
  );

  it('has expectations for every scenario', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases.map(({ fixture, expectation }) => [expectation.id, fixture, expectation] as const))(
    '%s',
    async (_id, fixture, expectation) => {
      const patient = fixture.patient;
      if (patient === undefined) throw new Error('fixture without a patient');
      const outcome = await perform(server, patient.resourceId, patient.nhsNumber, expectation);
      const keys = new Set(
        outcome.resources.map((resource) => `${resource.resourceType}/${resource.id ?? ''}`),
      );
      const denied = expectation.outcome === 'deny';
      const suppressed = expectation.operationOutcome?.code === 'suppressed';
      const text = JSON.stringify(outcome.resources);
      const actual = {
        status: outcome.status,
        outcomeCode: denied ? outcome.outcomeCode : undefined,
        detailsCode: denied ? outcome.detailsCode : undefined,
        // Exports are pseudonymised: their ids are not the fixture's, so only exclusions are checked.
        missing: (expectation.access === 'export' ? [] : (expectation.include ?? [])).filter(
          (key) => !keys.has(key),
        ),
        leaked: (expectation.exclude ?? []).filter((key) => keys.has(key)),
        withheldNotes: suppressed
          ? outcome.bundles.flatMap((bundle) =>
              (bundle.entry ?? [])
                .filter((entry) => entry.search?.mode === 'outcome')
                .map((entry) => JSON.stringify(entry.resource).includes(CONFIDENTIAL_ITEMS_NOTE)),
            )
          : [],
        masked: (expectation.maskedElements ?? []).map((element) => {
          const type = element.split('.')[0];
          const resources = outcome.resources.filter((resource) => resource.resourceType === type);
          return {
            element,
            returned: resources.length > 0,
            values: resources.flatMap((resource) => valuesAt(resource, element)),
          };
        }),
        patientInResponse:
          expectation.outcome === 'exclude-patient' &&
          (text.includes(patient.nhsNumber) || text.includes(patient.resourceId)),
        totalsMatch:
          expectation.access !== 'search' ||
          outcome.bundles.length === 0 ||
          outcome.bundles[0]?.total ===
            outcome.bundles.flatMap((bundle) =>
              (bundle.entry ?? []).filter((entry) => entry.search?.mode === 'match'),
            ).length,
      };
      expect(actual).toEqual({
        status: expectation.httpStatus ?? outcome.status,
        outcomeCode: denied ? expectation.operationOutcome?.code : undefined,
        detailsCode: denied ? expectation.operationOutcome?.detailsCode : undefined,
        missing: [],
        leaked: [],
        withheldNotes: suppressed ? [true] : [],
        masked: (expectation.maskedElements ?? []).map((element) => ({
          element,
          returned: true,
          values: [],
        })),
        patientInResponse: false,
        totalsMatch: true,
      });
    },
  );
});
