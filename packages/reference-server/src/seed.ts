import type { Blueprint } from '@lhcr/blueprint';
import { parseNhsNumber } from '@lhcr/models';
import { todayDate } from './fhir/dates';
import { isRecord } from './internal/json';
import type { JsonObject } from './internal/json';
import type { Repository } from './repository';

/**
 * The id of the Group the seed adds: every fixture patient, for `Group/[id]/$export`.
 *
 * @example
 * ```ts
 * await client.startBulkExport({ level: { group: FIXTURE_GROUP_ID } });
 * ```
 */
export const FIXTURE_GROUP_ID = 'lhcr-fixture-patients';

/**
 * What seeding loaded.
 *
 * @example
 * ```ts
 * const { resources, patients } = server.seeded ?? { resources: 0, patients: 0 };
 * ```
 */
export interface SeedSummary {
  /** Resources written (unchanged ones already stored are not written again). */
  readonly resources: number;
  readonly patients: number;
  /** National data opt-out register entries (from the fixtures' registers). */
  readonly registerEntries: number;
}

function withoutServerMeta(resource: JsonObject): string {
  const meta = isRecord(resource['meta']) ? { ...resource['meta'] } : undefined;
  if (meta !== undefined) {
    delete meta['versionId'];
    delete meta['lastUpdated'];
  }
  return JSON.stringify({ ...resource, meta: meta ?? {} });
}

/**
 * Loads the blueprint's fixtures (their ids kept), a Group of the fixture patients, and the
 * national data opt-out register the fixtures describe (as of today), in one transaction. A
 * resource already stored with the same content is left as it is, so seeding twice is harmless.
 */
export function seedFixtures(
  repository: Repository,
  blueprint: Blueprint,
  now: number = Date.now(),
): SeedSummary {
  return repository.write((operations) => {
    let resources = 0;
    const patients: string[] = [];
    const register: { nhsNumber: string; optedOut: boolean }[] = [];
    const put = (resource: JsonObject): void => {
      const current = operations.current(
        resource['resourceType'] as string,
        resource['id'] as string,
      );
      if (
        current?.json != null &&
        withoutServerMeta(JSON.parse(current.json) as JsonObject) === withoutServerMeta(resource)
      ) {
        return;
      }
      operations.put(resource);
      resources += 1;
    };
    for (const fixture of blueprint.fixtures) {
      for (const resource of fixture.resources) {
        const json = structuredClone(resource) as unknown as JsonObject;
        put(json);
        if (json['resourceType'] === 'Patient' && typeof json['id'] === 'string')
          patients.push(json['id']);
      }
      const nhsNumber =
        fixture.patient === undefined ? undefined : parseNhsNumber(fixture.patient.nhsNumber);
      const optedOut = fixture.registers?.nationalDataOptOut;
      if (nhsNumber?.ok === true && optedOut !== undefined) {
        register.push({ nhsNumber: nhsNumber.value, optedOut });
      }
    }
    put({
      resourceType: 'Group',
      id: FIXTURE_GROUP_ID,
      meta: {
        tag: [{ system: 'https://lhcr.github.io/fhir/core/CodeSystem/fixture', code: 'fixture' }],
      },
      type: 'person',
      actual: true,
      name: `Fixture patients of ${blueprint.title} ${blueprint.version}`,
      quantity: patients.length,
      member: patients.map((id) => ({ entity: { reference: `Patient/${id}` } })),
    });
    if (register.length > 0) operations.setNationalOptOut(register, todayDate(now));
    return { resources, patients: patients.length, registerEntries: register.length };
  }, now);
}
