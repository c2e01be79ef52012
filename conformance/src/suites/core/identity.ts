import { parseNhsNumber } from '@lhcr/models';
import type { Patient, Resource } from '@lhcr/models';
import type {
  ConformanceTest,
  SeenResource,
  TestContext,
  TestGroup,
} from '../../engine/conformance-test';
import { ACCESS, FIXTURES, PATIENTS } from './facts';
import type { ServerPatient } from './facts';
import {
  asArray,
  codingsOf,
  entriesOf,
  field,
  isObject,
  listed,
  nhsNumberIdentifiers,
  refOf,
  referenceTarget,
  stringField,
  stringsIn,
} from './internal/fhir-values';
import type { Json } from './internal/fhir-values';
import { scan } from './internal/scan';
import {
  NHS_SYSTEM,
  ODS_SYSTEM,
  ODS_SYSTEM_WRONG,
  SDS_USER_SYSTEM,
  VERIFICATION_STATUS_EXTENSION,
  VERIFICATION_STATUS_SYSTEM,
  followableId,
  isFhirId,
  patientFixtures,
  purposeFor,
  searchAll,
  seenOfType,
  serverPatient,
} from './internal/suite-helpers';
import { isFhirServerError } from './internal/errors';

/** The verification status code of a Patient's NHS number identifier. */
export function verificationStatusOf(patient: Resource): string | undefined {
  for (const identifier of nhsNumberIdentifiers(patient)) {
    for (const extension of asArray(identifier['extension'])) {
      if (stringField(extension, 'url') !== VERIFICATION_STATUS_EXTENSION) continue;
      const coding = codingsOf(field(extension, 'valueCodeableConcept')).find(
        (candidate) => candidate.system === VERIFICATION_STATUS_SYSTEM,
      );
      if (coding?.code !== undefined) return coding.code;
    }
  }
  return undefined;
}

const lookup: ConformanceTest = {
  id: 'identity.patient-by-nhs-number',
  title: 'Each fixture patient is found by NHS number, and only that patient',
  requirements: ['LHCR-SRCH-01'],
  inputs:
    "GET Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|<n> for each fixture's NHS number, and for a test-range number no fixture uses",
  needs: [ACCESS, FIXTURES],
  provides: [PATIENTS],
  run: async (context) => {
    const treat = purposeFor(context.blueprint, 'direct-care', 'TREAT');
    const client = context.fhir({ purpose: treat });
    const found = new Map<string, ServerPatient>();
    for (const fixture of patientFixtures(context.blueprint)) {
      const nhsNumber = fixture.patient.nhsNumber;
      let matches: readonly Resource[];
      try {
        matches = (await searchAll(client, 'Patient', { identifier: `${NHS_SYSTEM}|${nhsNumber}` }))
          .matches;
      } catch (thrown) {
        if (
          isFhirServerError(thrown) &&
          thrown.status === 403 &&
          fixture.scenario === 'local-dissent'
        ) {
          context.note(
            `the search for the ${fixture.id} fixture's patient was refused (403), as dissent allows; its id is taken from the fixture`,
          );
          found.set(fixture.id, {
            fixtureId: fixture.id,
            id: fixture.patient.resourceId,
            nhsNumber,
            resource: undefined,
          });
          continue;
        }
        throw thrown;
      }
      const patients = matches.filter((resource) => resource.resourceType === 'Patient');
      const exact = patients.filter((patient) =>
        nhsNumberIdentifiers(patient).some((identifier) => identifier['value'] === nhsNumber),
      );
      context.check(
        patients.length === 1 && exact.length === 1,
        patients.length === 1 && exact.length === 1
          ? `the ${fixture.id} fixture's NHS number finds exactly its Patient`
          : `the ${fixture.id} fixture's NHS number found ${String(patients.length)} Patient(s), ${String(exact.length)} with that NHS number under ${NHS_SYSTEM}; expected exactly 1`,
      );
      const chosen =
        exact.length === 1 ? exact[0] : patients.length === 1 ? patients[0] : undefined;
      if (chosen?.id !== undefined && !isFhirId(chosen.id)) {
        context.fail(
          `the ${fixture.id} fixture's Patient has the id ${JSON.stringify(chosen.id)}, which is not a FHIR id`,
        );
      } else if (chosen?.id !== undefined) {
        found.set(fixture.id, {
          fixtureId: fixture.id,
          id: chosen.id,
          nhsNumber,
          resource: chosen,
        });
      } else if (patients.length === 0) {
        // The tests of this fixture still run, with the id the fixture was loaded with, so that a
        // server that hides the patient fails them rather than leaving them not demonstrated.
        found.set(fixture.id, {
          fixtureId: fixture.id,
          id: fixture.patient.resourceId,
          nhsNumber,
          resource: undefined,
        });
      }
    }
    context.provide(PATIENTS, found);
    const unused = unusedFixtureNumber(context);
    const none = await searchAll(client, 'Patient', { identifier: `${NHS_SYSTEM}|${unused}` });
    context.check(
      none.matches.length === 0,
      `a test-range NHS number no fixture uses found ${String(none.matches.length)} Patient(s); expected none`,
    );
  },
};

/** A valid test-range NHS number that no fixture uses (deterministic). */
function unusedFixtureNumber(context: TestContext): string {
  const used = new Set(
    patientFixtures(context.blueprint).map((fixture) => fixture.patient.nhsNumber),
  );
  for (let n = 999_000_0000; ; n += 10) {
    const base = String(n).slice(0, 9);
    for (let check = 0; check <= 9; check += 1) {
      const candidate = `${base}${String(check)}`;
      if (parseNhsNumber(candidate).ok && !used.has(candidate)) return candidate;
    }
  }
}

function needPatients(context: TestContext, seen: readonly SeenResource[]): void {
  if (seen.length === 0) context.skip('no Patient was returned during the run');
}

const oneNhsNumber = scan({
  id: 'identity.one-nhs-number',
  title: 'Every Patient returned carries exactly one NHS number, with the system spelt exactly',
  requirements: ['LHCR-PAT-01'],
  inputs: 'Every Patient any test received',
  run: (context) => {
    const seen = seenOfType(context, 'Patient');
    needPatients(context, seen);
    const problems: string[] = [];
    for (const { resource } of seen) {
      const identifiers = asArray((resource as unknown as Json)['identifier']).filter(isObject);
      const exact = identifiers.filter((identifier) => identifier['system'] === NHS_SYSTEM);
      const nearMiss = identifiers
        .map((identifier) => stringField(identifier, 'system') ?? '')
        .filter((system) => system !== NHS_SYSTEM && /nhs[-_ ]?number/i.test(system));
      if (exact.length !== 1 || nearMiss.length > 0) {
        problems.push(
          `${refOf(resource)} has ${String(exact.length)} identifier(s) with ${NHS_SYSTEM}${nearMiss.length > 0 ? ` and ${String(nearMiss.length)} with a differently spelt system (${listed([...new Set(nearMiss)])})` : ''}`,
        );
      }
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? `${String(seen.length)} Patient(s) each carry exactly one NHS number under ${NHS_SYSTEM}`
        : listed(problems, 3),
    );
    return Promise.resolve();
  },
});

const validNhsNumber = scan({
  id: 'identity.nhs-number-valid',
  title: 'NHS numbers pass the modulus 11 check and carry a verification status',
  requirements: ['LHCR-PAT-02'],
  inputs: 'Every Patient any test received',
  run: (context) => {
    const seen = seenOfType(context, 'Patient');
    needPatients(context, seen);
    const problems: string[] = [];
    for (const { resource } of seen) {
      const identifiers = nhsNumberIdentifiers(resource);
      for (const identifier of identifiers) {
        const value = stringField(identifier, 'value') ?? '';
        if (!/^\d{10}$/.test(value) || !parseNhsNumber(value).ok) {
          problems.push(
            `${refOf(resource)}: the NHS number is not ten digits that pass the modulus 11 check`,
          );
        }
      }
      if (identifiers.length > 0 && verificationStatusOf(resource) === undefined) {
        problems.push(
          `${refOf(resource)}: the NHS number has no verification status extension with a code from ${VERIFICATION_STATUS_SYSTEM}`,
        );
      }
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? `${String(seen.length)} Patient(s) have valid NHS numbers with a verification status`
        : listed(problems, 3),
    );
    return Promise.resolve();
  },
});

const statusKept: ConformanceTest = {
  id: 'identity.verification-status-kept',
  title: 'The NHS number verification status is returned as loaded, never raised',
  requirements: ['LHCR-PAT-03'],
  inputs: "Each fixture patient's Patient as found by NHS number, against the fixture",
  needs: [PATIENTS],
  run: (context) => {
    const patients = context.need(PATIENTS);
    let compared = 0;
    for (const fixture of patientFixtures(context.blueprint)) {
      const server = patients.get(fixture.id);
      const loaded = fixture.resources.find((resource) => resource.resourceType === 'Patient');
      if (server?.resource === undefined || loaded === undefined) continue;
      const expected = verificationStatusOf(loaded);
      const actual = verificationStatusOf(server.resource);
      if (expected === undefined) continue;
      compared += 1;
      context.check(
        actual === expected,
        actual === expected
          ? `the ${fixture.id} fixture's verification status is ${expected}, as loaded`
          : `the ${fixture.id} fixture's verification status is ${actual ?? '(none)'}; it was loaded as ${expected}`,
      );
    }
    if (compared === 0) context.skip('no fixture patient with a verification status was found');
    return Promise.resolve();
  },
};

const demographics = scan({
  id: 'identity.patient-demographics',
  title: 'Every Patient has a name, a gender and a birth date',
  requirements: ['LHCR-PAT-04'],
  inputs: 'Every Patient any test received',
  run: (context) => {
    const seen = seenOfType(context, 'Patient');
    needPatients(context, seen);
    const problems: string[] = [];
    for (const { resource } of seen) {
      const patient = resource as unknown as Patient;
      const missing = [
        asArray(patient.name).length === 0 ? 'name' : undefined,
        patient.gender === undefined ? 'gender' : undefined,
        patient.birthDate === undefined ? 'birthDate' : undefined,
      ].filter((item) => item !== undefined);
      if (missing.length > 0) problems.push(`${refOf(resource)} has no ${missing.join(', ')}`);
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? `${String(seen.length)} Patient(s) have a name, gender and birth date`
        : listed(problems, 3),
    );
    return Promise.resolve();
  },
});

const odsSystem = scan({
  id: 'identity.ods-system',
  title: 'Organisations carry ODS codes under the z spelling, and the s spelling never appears',
  requirements: ['LHCR-PAT-05'],
  inputs: 'Every Organization any test received, and every response body of the run',
  run: (context) => {
    const organisations = seenOfType(context, 'Organization');
    if (organisations.length === 0) context.skip('no Organization was returned during the run');
    const problems: string[] = [];
    for (const { resource } of organisations) {
      const systems = asArray((resource as unknown as Json)['identifier']).map((identifier) =>
        stringField(identifier, 'system'),
      );
      if (!systems.includes(ODS_SYSTEM))
        problems.push(`${refOf(resource)} has no identifier under ${ODS_SYSTEM}`);
    }
    const wrong = context
      .seenExchanges()
      .filter(({ exchange }) =>
        stringsIn(exchange.responseBody).some((text) => text.includes(ODS_SYSTEM_WRONG)),
      );
    if (wrong.length > 0) {
      problems.push(
        `${String(wrong.length)} response(s) hold ${ODS_SYSTEM_WRONG} (first in ${wrong[0]?.testId ?? ''}: ${wrong[0]?.exchange.method ?? ''} ${wrong[0]?.exchange.url ?? ''})`,
      );
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? `${String(organisations.length)} Organization(s) carry ODS codes under ${ODS_SYSTEM}`
        : listed(problems, 3),
    );
    return Promise.resolve();
  },
});

const gpPractice: ConformanceTest = {
  id: 'identity.gp-practice',
  title: "The baseline patient's GP practice is referenced and carries its ODS code",
  requirements: ['LHCR-PAT-06'],
  inputs: "The baseline Patient's generalPractitioner, read",
  needs: [PATIENTS],
  run: async (context) => {
    const { patient } = serverPatient(context, context.need(PATIENTS), 'baseline');
    const references = asArray(field(patient.resource, 'generalPractitioner'));
    const target = references
      .map((reference) => referenceTarget(reference))
      .find((ref) => ref?.startsWith('Organization/'));
    if (
      !context.check(target !== undefined, 'Patient.generalPractitioner references an Organization')
    )
      return;
    const id = followableId(
      context,
      (target ?? '').slice('Organization/'.length),
      `the id in Patient.generalPractitioner (${target ?? ''})`,
    );
    const organisation = await context.fhir().read('Organization', id);
    context.check(
      asArray((organisation as unknown as Json)['identifier']).some(
        (identifier) => stringField(identifier, 'system') === ODS_SYSTEM,
      ),
      `the GP practice ${target ?? ''} carries an ODS code under ${ODS_SYSTEM}`,
    );
  },
};

const deceased: ConformanceTest = {
  id: 'identity.deceased-marked',
  title: 'A deceased patient is marked deceased and their record stays available for direct care',
  requirements: ['LHCR-PAT-07'],
  inputs: "The deceased fixture's Patient (read) and $everything, for direct care",
  needs: [PATIENTS],
  run: async (context) => {
    const { fixture, patient } = serverPatient(
      context,
      context.need(PATIENTS),
      'deceased-opted-out',
    );
    const loaded = fixture.resources.find(
      (resource) => resource.resourceType === 'Patient',
    ) as unknown as Json | undefined;
    const treat = purposeFor(context.blueprint, 'direct-care', 'TREAT');
    const client = context.fhir({ purpose: treat });
    const read = (await client.read('Patient', patient.id)) as unknown as Json;
    const expected = loaded?.['deceasedDateTime'] ?? loaded?.['deceasedBoolean'];
    const actual = read['deceasedDateTime'] ?? read['deceasedBoolean'];
    context.check(
      actual !== undefined && actual !== false,
      actual !== undefined && actual !== false
        ? `the ${fixture.id} fixture's Patient is marked deceased`
        : `the ${fixture.id} fixture's Patient has no deceasedDateTime or deceasedBoolean`,
    );
    if (typeof expected === 'string' && typeof actual === 'string') {
      context.check(
        actual === expected,
        `deceasedDateTime is ${actual}; it was loaded as ${expected}`,
      );
    }
    const everything = await client.everything(patient.id);
    context.check(
      entriesOf(everything).some(
        (resource) => resource.resourceType === 'Patient' && resource.id === patient.id,
      ),
      `$everything of the ${fixture.id} fixture is served for direct care, with the Patient`,
    );
  },
};

const professionals = scan({
  id: 'identity.professional-identifiers',
  title: 'Practitioners carry their SDS user id or professional number when held',
  requirements: ['LHCR-PAT-08'],
  inputs: 'Every Practitioner any test received, against the fixtures',
  run: (context) => {
    const seen = seenOfType(context, 'Practitioner');
    if (seen.length === 0) context.skip('no Practitioner was returned during the run');
    const fixtures = new Map(
      context.blueprint.fixtures
        .flatMap((fixture) => fixture.resources)
        .filter((r) => r.resourceType === 'Practitioner')
        .map((r) => [r.id, r]),
    );
    const problems: string[] = [];
    for (const { resource } of seen) {
      const held = fixtures.get(resource.id);
      const systems = asArray((resource as unknown as Json)['identifier']).map((identifier) =>
        stringField(identifier, 'system'),
      );
      const heldSystems = asArray((held as unknown as Json | undefined)?.['identifier']).map(
        (identifier) => stringField(identifier, 'system'),
      );
      const missing = heldSystems.filter(
        (system) => system !== undefined && !systems.includes(system),
      );
      if (missing.length > 0)
        problems.push(`${refOf(resource)} lacks ${listed(missing.map(String))}`);
      else if (
        !systems.some(
          (system) => system === SDS_USER_SYSTEM || /gmc|nmc|gphc|hcpc/i.test(system ?? ''),
        )
      ) {
        problems.push(`${refOf(resource)} has no SDS user id or professional number`);
      }
    }
    context.check(
      problems.length === 0,
      problems.length === 0
        ? `${String(seen.length)} Practitioner(s) are identified`
        : listed(problems, 3),
    );
    return Promise.resolve();
  },
});

const ETHNIC_EXTENSION =
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory';
const ETHNIC_SYSTEM = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland';

const ethnicCategory = scan({
  id: 'identity.ethnic-category',
  title: 'An ethnic category, when given, is coded from the England ethnic category system',
  requirements: ['LHCR-PAT-09'],
  inputs: 'Every Patient any test received',
  run: (context) => {
    const carrying = seenOfType(context, 'Patient').filter(({ resource }) =>
      asArray((resource as unknown as Json)['extension']).some(
        (extension) => stringField(extension, 'url') === ETHNIC_EXTENSION,
      ),
    );
    if (carrying.length === 0)
      context.omit('no Patient carries the ethnic category extension (optional)');
    const wrong = carrying.filter(({ resource }) => {
      const extension = asArray((resource as unknown as Json)['extension']).find(
        (item) => stringField(item, 'url') === ETHNIC_EXTENSION,
      );
      return !codingsOf(field(extension, 'valueCodeableConcept')).some(
        (coding) => coding.system === ETHNIC_SYSTEM,
      );
    });
    context.check(
      wrong.length === 0,
      wrong.length === 0
        ? `${String(carrying.length)} Patient(s) code their ethnic category under ${ETHNIC_SYSTEM}`
        : `${listed(wrong.map(({ resource }) => refOf(resource)))} code their ethnic category outside ${ETHNIC_SYSTEM}`,
    );
    return Promise.resolve();
  },
});

/**
 * The identity group: finding patients by NHS number, NHS numbers and their verification status,
 * demographics, ODS codes, deceased patients and professionals.
 *
 * @example
 * ```ts
 * identityGroup().tests[0]?.id; // 'identity.patient-by-nhs-number'
 * ```
 */
export function identityGroup(): TestGroup {
  return {
    id: 'identity',
    title: 'Identity',
    description: 'How patients, organisations and professionals are identified.',
    tests: [
      lookup,
      oneNhsNumber,
      validNhsNumber,
      statusKept,
      demographics,
      odsSystem,
      gpPractice,
      deceased,
      professionals,
      ethnicCategory,
    ],
  };
}
