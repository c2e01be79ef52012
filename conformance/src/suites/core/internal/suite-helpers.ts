import type { Blueprint, Fixture } from '@lhcr/blueprint';
import { FhirResponseError } from '@lhcr/client';
import type { FhirClient, SearchParams } from '@lhcr/client';
import type { Bundle, Resource } from '@lhcr/models';
import type { SeenResource, TestContext } from '../../../engine/conformance-test';
import type { ServerPatient } from '../facts';
import {
  codingsOf,
  entriesOf,
  field,
  isObject,
  matchesOf,
  referenceTarget,
  stringField,
  strings,
} from './fhir-values';
import type { Json } from './fhir-values';

/** The NHS number identifier system. */
export const NHS_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
/** The ODS organisation code system, spelt with a z as UK Core fixes it. */
export const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
/** The spelling that must never appear. */
export const ODS_SYSTEM_WRONG = 'https://fhir.nhs.uk/Id/ods-organisation-code';
export const SDS_USER_SYSTEM = 'https://fhir.nhs.uk/Id/sds-user-id';
export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const DMD = 'https://dmd.nhs.uk';
export const CONFIDENTIALITY = 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality';
export const VERIFICATION_STATUS_EXTENSION =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';
export const VERIFICATION_STATUS_SYSTEM =
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland';
export const WITHHELD_TEXT = 'Items excluded due to confidentiality and/or patient preferences.';

/** A search's pages and the resources that matched, across every page. */
export interface SearchResult {
  readonly pages: readonly Bundle[];
  readonly matches: readonly Resource[];
  /** Every entry of every page, whatever its mode. */
  readonly entries: readonly Resource[];
}

/**
 * A Bundle page whose `link` and `entry` are lists (or absent), so that following its links is
 * safe; anything else fails the test as a malformed reply.
 */
export function checkedPage(page: Bundle): Bundle {
  const json = page as unknown as Json;
  for (const name of ['link', 'entry']) {
    const value = json[name];
    if (value !== undefined && (!Array.isArray(value) || !value.every(isObject))) {
      throw new FhirResponseError(`a Bundle's ${name} is not a list of objects`);
    }
  }
  return page;
}

/** Runs a search and follows its `next` links to the end. */
export async function searchAll(
  client: FhirClient,
  type: Parameters<FhirClient['search']>[0],
  params: SearchParams,
  options: { readonly usePost?: boolean } = {},
): Promise<SearchResult> {
  const pages: Bundle[] = [];
  for await (const page of client.searchPages(type, params, options)) pages.push(checkedPage(page));
  return {
    pages,
    matches: pages.flatMap((page) => matchesOf(page)),
    entries: pages.flatMap((page) => entriesOf(page)),
  };
}

/** Follows a Bundle's `next` links to the end (for `$everything`). */
export async function allPages(client: FhirClient, first: Bundle): Promise<SearchResult> {
  const pages: Bundle[] = [];
  for await (const page of client.pages(checkedPage(first))) pages.push(checkedPage(page));
  return {
    pages,
    matches: pages.flatMap((page) => matchesOf(page)),
    entries: pages.flatMap((page) => entriesOf(page)),
  };
}

/** The fixtures with a patient, in the blueprint's order. */
export function patientFixtures(
  blueprint: Blueprint,
): readonly (Fixture & { readonly patient: NonNullable<Fixture['patient']> })[] {
  return blueprint.fixtures.filter(
    (fixture): fixture is Fixture & { readonly patient: NonNullable<Fixture['patient']> } =>
      fixture.patient !== undefined,
  );
}

/** The first fixture of a scenario. */
export function fixtureOf(
  blueprint: Blueprint,
  scenario: Fixture['scenario'],
): Fixture | undefined {
  return blueprint.fixtures.find((fixture) => fixture.scenario === scenario);
}

/** A fixture patient as the server knows it, or a skip when it was not found. */
export function serverPatient(
  context: TestContext,
  patients: ReadonlyMap<string, ServerPatient>,
  scenario: Fixture['scenario'],
): { readonly fixture: Fixture; readonly patient: ServerPatient } {
  const fixture = fixtureOf(context.blueprint, scenario);
  if (fixture === undefined) {
    return context.omit(`the blueprint has no ${scenario} fixture`);
  }
  const patient = patients.get(fixture.id);
  if (patient === undefined) {
    return context.skip(`the ${fixture.id} fixture's patient was not found on the server`);
  }
  return { fixture, patient };
}

/** The seen resources of the given types, one per distinct content. */
export function seenOfType(context: TestContext, ...types: string[]): readonly SeenResource[] {
  return context.seenResources().filter((seen) => types.includes(seen.resource.resourceType));
}

/** The FHIR R4 `id` rule: 1 to 64 letters, digits, "-" or ".". */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Whether a value the server gave is a FHIR id (a string, 1 to 64 letters, digits, "-" or "."). */
export function isFhirId(value: unknown): value is string {
  return typeof value === 'string' && FHIR_ID.test(value);
}

/**
 * An id the server gave (in a resource or a reference) that a test is about to follow. A value
 * that is not a FHIR id fails the test with what was found and where, rather than being sent.
 */
export function followableId(context: TestContext, value: unknown, where: string): string {
  if (isFhirId(value)) return value;
  context.fail(
    `${where} is ${(JSON.stringify(value) as string | undefined) ?? 'undefined'}, which is not a FHIR id`,
  );
  return context.skip(`${where} cannot be followed`);
}

/** The clinical resource types of the blueprint's capability with a `patient` search parameter at `level`. */
export function patientSearchTypes(
  blueprint: Blueprint,
  levels: readonly string[] = ['MUST'],
): readonly string[] {
  return (blueprint.capability?.resources ?? [])
    .filter((resource) => resource.type !== 'AuditEvent')
    .filter((resource) =>
      (resource.searchParams ?? []).some(
        (param) => param.name === 'patient' && levels.includes(param.level),
      ),
    )
    .map((resource) => resource.type);
}

/** The blueprint profile a resource is checked against: its declared blueprint profile, else the capability profile of its type. */
export function profilesFor(blueprint: Blueprint, resource: Resource): readonly string[] {
  const own = new Set(blueprint.profiles.map((profile) => profile.url));
  const declared = strings(field((resource as unknown as Json)['meta'], 'profile')).map(
    (url) => url.split('|')[0] ?? url,
  );
  const claimed = declared.filter((url) => own.has(url));
  if (claimed.length > 0) return claimed;
  const capability = blueprint.capability?.resources.find(
    (r) => r.type === resource.resourceType,
  )?.profile;
  return capability === undefined ? [] : [capability];
}

/** The main code of a resource, by type, for matching fixtures and picking search values. */
export function mainCodeOf(resource: Json): unknown {
  switch (resource['resourceType']) {
    case 'MedicationRequest':
    case 'MedicationStatement':
      return resource['medicationCodeableConcept'];
    case 'Immunization':
      return resource['vaccineCode'];
    case 'DocumentReference':
    case 'Encounter':
      return resource['type'];
    case 'Consent':
      return field(resource['provision'], 'code');
    default:
      return resource['code'];
  }
}

const MAIN_DATES = [
  'effectiveDateTime',
  'effectivePeriod',
  'onsetDateTime',
  'recordedDate',
  'performedDateTime',
  'occurrenceDateTime',
  'authoredOn',
  'date',
  'dateTime',
  'period',
  'recorded',
];

/** The first clinical date of a resource, as written. */
export function mainDateOf(resource: Json): string | undefined {
  for (const name of MAIN_DATES) {
    const value = resource[name];
    if (typeof value === 'string') return value;
    const start = stringField(value, 'start');
    if (start !== undefined) return start;
  }
  return undefined;
}

/** A fingerprint of a resource's content that survives a change of id: type, codes and date. */
export function fingerprint(resource: Json, dateLength = 10): string {
  const codes = codingsOf(mainCodeOf(resource))
    .map((coding) => `${coding.system ?? ''}|${coding.code ?? ''}`)
    .sort()
    .join(',');
  return `${String(resource['resourceType'])}#${codes}#${(mainDateOf(resource) ?? '').slice(0, dateLength)}`;
}

/**
 * Whether `candidate` (from the server) is the fixture resource `fixture`: the same `type/id`, or
 * (for a region that loaded the fixtures with its own ids) the same patient and fingerprint.
 */
export function isSameRecord(
  candidate: Resource,
  fixture: Resource,
  patientId: string | undefined,
): boolean {
  if (candidate.resourceType !== fixture.resourceType) return false;
  if (candidate.id !== undefined && candidate.id === fixture.id) return true;
  const candidateJson = candidate as unknown as Json;
  const patient = referenceTarget(candidateJson['subject'] ?? candidateJson['patient']);
  if (patientId !== undefined && patient !== undefined && patient !== `Patient/${patientId}`)
    return false;
  return fingerprint(candidateJson) === fingerprint(fixture as unknown as Json);
}

/** The fixture resource a `type/id` reference of an expectation names. */
export function fixtureResource(fixture: Fixture, ref: string): Resource | undefined {
  return fixture.resources.find(
    (resource) => `${resource.resourceType}/${resource.id ?? ''}` === ref,
  );
}

/** The blueprint's purpose-of-use code for a kind of use, or `fallback`. */
export function purposeFor(
  blueprint: Blueprint,
  use: 'direct-care' | 'planning' | 'research' | 'public-health' | 'audit',
  fallback: string,
): string {
  return blueprint.security?.purposeOfUse.codes.find((code) => code.use === use)?.code ?? fallback;
}

/** Every purpose-of-use code of the blueprint for a kind of use. */
export function purposesFor(
  blueprint: Blueprint,
  use: 'direct-care' | 'planning' | 'research' | 'public-health' | 'audit',
): readonly string[] {
  return (blueprint.security?.purposeOfUse.codes ?? [])
    .filter((code) => code.use === use)
    .map((code) => code.code);
}

/** Waits, unless the test is stopped. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** A random id that no server holds. */
export function unknownId(): string {
  return `lhcr-conformance-missing-${globalThis.crypto.randomUUID().slice(0, 8)}`;
}
