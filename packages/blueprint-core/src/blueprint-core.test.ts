import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadBlueprint, formatBlueprintIssue } from '@lhcr/blueprint';
import { parseSnomedCtId } from '@lhcr/models';
import type { Blueprint } from '@lhcr/blueprint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const UK_CORE_ID = 'fhir.r4.ukcore.stu2#2.0.0';

/** UK Core's package folder: LHCR_FHIR_PACKAGES, or shared/fhir-packages beside the repository. */
function ukCoreDir(): string {
  const base = process.env['LHCR_FHIR_PACKAGES'] ?? resolve(ROOT, '../../../shared/fhir-packages');
  const dir = join(base, UK_CORE_ID, 'package');
  if (!existsSync(dir)) {
    throw new Error(
      `UK Core not found at ${dir}: these tests need shared/fhir-packages beside the repository, or LHCR_FHIR_PACKAGES`,
    );
  }
  return dir;
}

interface Definition {
  resourceType: string;
  url?: string;
  differential?: { element: { id: string }[] };
}

function ukCoreDefinitions(): Map<string, Definition> {
  const dir = ukCoreDir();
  const out = new Map<string, Definition>();
  for (const file of readdirSync(dir).filter(
    (name) => name.endsWith('.json') && name !== 'package.json',
  )) {
    const resource = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Definition;
    if (resource.url !== undefined) out.set(resource.url, resource);
  }
  return out;
}

let blueprint: Blueprint;
let ukCore: Map<string, Definition>;

beforeAll(async () => {
  const result = await loadBlueprint(ROOT);
  const problems = result.issues.filter((issue) => issue.severity !== 'information');
  if (!result.ok || problems.length > 0) {
    throw new Error(result.issues.map(formatBlueprintIssue).join('\n'));
  }
  blueprint = result.blueprint;
  ukCore = ukCoreDefinitions();
});

function extensionUrls(value: unknown, urls: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) extensionUrls(item, urls);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const extensions = record['extension'];
    if (Array.isArray(extensions)) {
      for (const extension of extensions as { url?: unknown }[]) {
        if (typeof extension.url === 'string') urls.add(extension.url);
      }
    }
    for (const child of Object.values(record)) extensionUrls(child, urls);
  }
}

describe('LHCR Shared Care Record Core', () => {
  it('is version 1.0.0 of lhcr-core, taken from package.json, built on UK Core STU2 2.0.0', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(blueprint).toMatchObject({
      id: 'lhcr-core',
      title: 'LHCR Shared Care Record Core',
      version: pkg.version,
      status: 'active',
    });
    expect(blueprint.version).toBe('1.0.0');
    expect(blueprint.dependencies).toEqual([
      { id: 'fhir.r4.ukcore.stu2', version: '2.0.0', title: 'UK Core R4 (STU2)' },
    ]);
  });

  it('has 40 to 80 requirements, each category used, with stable ids numbered per area', () => {
    expect(blueprint.requirements.length).toBeGreaterThanOrEqual(40);
    expect(blueprint.requirements.length).toBeLessThanOrEqual(80);
    const unused = blueprint.categories.filter(
      (category) =>
        !blueprint.requirements.some((requirement) => requirement.category === category.id),
    );
    expect(unused).toEqual([]);
    const byArea = new Map<string, number[]>();
    for (const requirement of blueprint.requirements) {
      const [, area = '', number = ''] = requirement.id.split('-');
      byArea.set(area, [...(byArea.get(area) ?? []), Number(number)]);
    }
    for (const numbers of byArea.values()) {
      expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    }
    const unexplained = blueprint.requirements.filter(
      (requirement) =>
        requirement.verification.method === 'untestable' &&
        (requirement.verification.reason ?? '') === '',
    );
    expect(unexplained).toEqual([]);
    expect(
      blueprint.requirements.map(
        (requirement) => `${requirement.id} ${requirement.level} ${requirement.category}`,
      ),
    ).toMatchSnapshot();
  });

  it('profiles the resources a shared care record exchanges, each on its UK Core profile, each with an example', () => {
    const types = new Set(blueprint.profiles.map((profile) => profile.type));
    expect([...types].sort()).toEqual([
      'AllergyIntolerance',
      'AuditEvent',
      'Condition',
      'Consent',
      'DocumentReference',
      'Encounter',
      'Flag',
      'Immunization',
      'MedicationRequest',
      'MedicationStatement',
      'Observation',
      'Organization',
      'Patient',
      'Practitioner',
      'PractitionerRole',
      'Procedure',
    ]);
    const notOnUkCore = blueprint.profiles.filter((profile) => {
      const base = profile.resource.baseDefinition ?? '';
      return (
        !base.startsWith('https://fhir.hl7.org.uk/StructureDefinition/UKCore-') || !ukCore.has(base)
      );
    });
    expect(notOnUkCore.map((profile) => profile.url)).toEqual([]);
    const withoutExample = blueprint.profiles.filter(
      (profile) => !blueprint.examples.some((example) => example.profiles.includes(profile.url)),
    );
    expect(withoutExample.map((profile) => profile.url)).toEqual([]);
  });

  it('constrains only slices that UK Core defines', () => {
    const unknown: string[] = [];
    for (const profile of blueprint.profiles) {
      const base = ukCore.get(profile.resource.baseDefinition ?? '');
      const baseIds = new Set(base?.differential?.element.map((element) => element.id) ?? []);
      for (const element of profile.resource.differential?.element ?? []) {
        const parts = (element.id ?? '').split('.');
        parts.forEach((part, index) => {
          const slice = parts.slice(0, index + 1).join('.');
          if (part.includes(':') && !baseIds.has(slice)) unknown.push(`${profile.url}: ${slice}`);
        });
      }
    }
    expect(unknown).toEqual([]);
  });

  it('uses only UK Core extensions that exist', () => {
    const urls = new Set<string>();
    extensionUrls(
      blueprint.fixtures.map((fixture) => fixture.resources),
      urls,
    );
    extensionUrls(
      blueprint.examples.map((example) => example.resource),
      urls,
    );
    expect(urls.size).toBeGreaterThan(0);
    expect(
      [...urls].filter((url) => ukCore.get(url)?.resourceType !== 'StructureDefinition'),
    ).toEqual([]);
  });

  it('uses only well-formed SNOMED CT and dm+d identifiers (Verhoeff check digit, partition)', () => {
    const codes: { system: string; code: string }[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const item of value) collect(item);
      } else if (typeof value === 'object' && value !== null) {
        const record = value as Record<string, unknown>;
        if (typeof record['system'] === 'string' && typeof record['code'] === 'string') {
          codes.push({ system: record['system'], code: record['code'] });
        }
        for (const child of Object.values(record)) collect(child);
      }
    };
    collect(blueprint.fixtures.map((fixture) => fixture.resources));
    collect(blueprint.examples.map((example) => example.resource));
    collect(blueprint.codeLists);
    collect(blueprint.valueSets.map((valueSet) => valueSet.resource));
    const snomed = codes.filter(
      (coding) =>
        coding.system === 'http://snomed.info/sct' || coding.system === 'https://dmd.nhs.uk',
    );
    expect(snomed.length).toBeGreaterThan(50);
    expect(snomed.filter((coding) => !parseSnomedCtId(coding.code).ok)).toEqual([]);
  });

  it('has the fixtures the conformance suite needs, with test-range NHS numbers and expectations', () => {
    expect(blueprint.fixtures.map((fixture) => fixture.scenario)).toEqual([
      'shared',
      'baseline',
      'national-opt-out',
      'type-1-objection',
      'local-dissent',
      'restricted-data',
      'deceased-opted-out',
      'sensitive-patient',
      'other',
    ]);
    const patients = blueprint.fixtures.filter((fixture) => fixture.patient !== undefined);
    expect(patients).toHaveLength(8);
    // The unlisted patient has no register entry on purpose: an unknown status fails closed.
    const unlisted = blueprint.fixtures.find((fixture) => fixture.id === 'unlisted-patient');
    expect(unlisted?.registers).toBeUndefined();
    expect(unlisted?.expectations.map((expectation) => expectation.outcome)).toEqual([
      'permit',
      'filter',
      'filter',
      'exclude-patient',
    ]);
    expect(
      patients.filter((fixture) => !(fixture.patient?.nhsNumber.startsWith('999') ?? false)),
    ).toEqual([]);
    expect(patients.filter((fixture) => fixture.expectations.length === 0)).toEqual([]);
    const dissent = blueprint.fixtures.find((fixture) => fixture.scenario === 'local-dissent');
    expect(
      dissent?.resources.find((resource) => resource.resourceType === 'Consent'),
    ).toMatchObject({
      status: 'active',
      provision: { type: 'deny' },
    });
    expect(dissent?.expectations[0]).toMatchObject({
      outcome: 'deny',
      httpStatus: 403,
      operationOutcome: { code: 'forbidden', detailsCode: 'NO_PATIENT_CONSENT' },
    });
    const deceased = blueprint.fixtures.find(
      (fixture) => fixture.scenario === 'deceased-opted-out',
    );
    expect(deceased?.registers?.nationalDataOptOut).toBe(true);
    expect(deceased?.resources[0]).toHaveProperty('deceasedDateTime');
  });

  it('ties the opt-out policy, the anonymisation policy and the security requirements together', () => {
    expect(blueprint.optOutPolicy?.file).toBe('optout-policy.yaml');
    expect(blueprint.security?.purposeOfUse.codes.map((code) => code.code)).toEqual([
      'TREAT',
      'ETREAT',
      'HOPERAT',
      'POPHLTH',
      'HRESCH',
      'PUBHLTH',
      'HQUALIMP',
      'HSYSADMIN',
    ]);
    expect(blueprint.security?.purposeOfUse).toMatchObject({
      assertionClaim: 'purpose_of_use',
      header: 'X-Purpose-Of-Use',
      whenMissing: 'reject',
    });
    expect(blueprint.anonymisationPolicy?.pseudonymisation.algorithm).toBe('HMAC-SHA-256');
    const restricted = blueprint.codeLists
      .filter((list) => list.purpose === 'restricted-data')
      .map((list) => list.restrictedCategory ?? '');
    expect(restricted.sort()).toEqual([
      'assisted-conception',
      'gender-reassignment',
      'sexual-health',
      'termination-of-pregnancy',
    ]);
  });
});
