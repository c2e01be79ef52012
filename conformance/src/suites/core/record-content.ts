import { generateTestNhsNumber } from '@lhcr/models';
import type { Resource } from '@lhcr/models';
import type { ConformanceTest, TestContext, TestGroup } from '../../engine/conformance-test';
import { ACCESS, PATIENTS, RECORDS } from './facts';
import { isFhirServerError } from './internal/errors';
import {
  asArray,
  codingsOf,
  field,
  isObject,
  isOutcomeWithIssue,
  listed,
  patientReferenceOf,
  refOf,
  referenceTarget,
  stringField,
} from './internal/fhir-values';
import type { Json } from './internal/fhir-values';
import { scan } from './internal/scan';
import {
  DMD,
  LOINC,
  ODS_SYSTEM,
  SNOMED,
  UCUM,
  isFhirId,
  isSameRecord,
  profilesFor,
  purposeFor,
  purposesFor,
  seenOfType,
  serverPatient,
} from './internal/suite-helpers';
import { isLhcrClientError } from '@lhcr/client';

const json = (resource: Resource): Json => resource as unknown as Json;

/** Records a check over a list of problems. */
function checkAll(context: TestContext, problems: readonly string[], passed: string): void {
  context.check(problems.length === 0, problems.length === 0 ? passed : listed(problems, 4));
}

const profiles = scan({
  id: 'record-content.profiles',
  title: "Every resource returned validates against the blueprint's profile for it",
  requirements: ['LHCR-REC-01'],
  inputs:
    'Every resource any test received (its declared blueprint profile, else the capability profile of its type), validated with @lhcr/validator',
  run: async (context) => {
    const seen = context.seenResources();
    if (seen.length === 0) context.skip('no resource was returned during the run');
    const done = new Set<string>();
    const problems: string[] = [];
    let validated = 0;
    for (const { resource } of seen) {
      const key = JSON.stringify(resource);
      if (done.has(key)) continue;
      done.add(key);
      const issues = await context.validate(resource, profilesFor(context.blueprint, resource));
      validated += 1;
      const errors = issues.filter(
        (issue) => issue.severity === 'error' || issue.severity === 'fatal',
      );
      if (errors.length > 0) {
        const first = errors[0];
        problems.push(
          `${refOf(resource)}: ${String(errors.length)} error(s), first at ${first?.expression ?? '(resource)'}: ${first?.diagnostics ?? ''}`,
        );
      }
    }
    checkAll(
      context,
      problems,
      `${String(validated)} resource(s) validate against their profiles with no errors`,
    );
  },
});

/** A synthetic person for the invalid-resource probe: a name and a test-range NHS number used nowhere else. */
export const PROBE_FAMILY = 'Zzconformanceprobe';
export function probeNhsNumber(): string {
  let seed = 42;
  return generateTestNhsNumber(() => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  });
}

/** An invalid Patient (a bad gender and birth date) with the probe's synthetic name and NHS number. */
export function invalidProbePatient(): Record<string, unknown> {
  return {
    resourceType: 'Patient',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: probeNhsNumber() }],
    name: [{ family: PROBE_FAMILY, given: ['Invalid'] }],
    gender: 'not-a-gender',
    birthDate: '1970-13-45',
  };
}

const invalidRejected: ConformanceTest = {
  id: 'record-content.invalid-rejected',
  title: 'An invalid resource is refused with 422 and an OperationOutcome',
  requirements: ['LHCR-REC-01'],
  inputs:
    'POST Patient with an invalid gender and birth date, a synthetic name and an unused test-range NHS number, with a write scope',
  needs: [ACCESS],
  run: async (context) => {
    const treat = purposeFor(context.blueprint, 'direct-care', 'TREAT');
    const client = context.fhir({
      purpose: treat,
      scopes: [...context.scopes(treat), 'system/Patient.write'],
    });
    const invalid = invalidProbePatient();
    let reply;
    try {
      reply = await client.raw({ method: 'POST', path: 'Patient', body: JSON.stringify(invalid) });
    } catch (thrown) {
      if (isLhcrClientError(thrown) && thrown.code === 'auth') {
        return context.omit(
          'the token endpoint gives this client no write scope, so the server takes no resources from it',
        );
      }
      throw thrown;
    }
    if (reply.status === 401 || reply.status === 403 || reply.status === 405) {
      return context.omit(
        `the server takes no new Patients from this client (${String(reply.status)})`,
      );
    }
    context.check(
      reply.status === 422,
      `POST of an invalid Patient answered ${String(reply.status)}; expected 422`,
    );
    context.check(isOutcomeWithIssue(reply.body), 'the reply is an OperationOutcome with an issue');
    const location = reply.headers['location'];
    if (reply.status >= 200 && reply.status < 300 && location !== undefined) {
      await client
        .raw({ method: 'DELETE', path: location.replace(/\/_history\/[^/]+$/, '') })
        .catch(() => undefined);
    }
  },
};

const snomedProblems = scan({
  id: 'record-content.snomed-problems',
  title: 'Conditions and Procedures are coded with SNOMED CT',
  requirements: ['LHCR-REC-02'],
  inputs: 'Every Condition and Procedure any test received',
  run: (context) => {
    const seen = seenOfType(context, 'Condition', 'Procedure');
    if (seen.length === 0) context.skip('no Condition or Procedure was returned during the run');
    const problems = seen
      .filter(
        ({ resource }) =>
          !codingsOf(json(resource)['code']).some((coding) => coding.system === SNOMED),
      )
      .map(({ resource }) => `${refOf(resource)}.code has no ${SNOMED} coding`);
    checkAll(
      context,
      problems,
      `${String(seen.length)} Condition(s) and Procedure(s) carry a SNOMED CT code`,
    );
    return Promise.resolve();
  },
});

const allergies = scan({
  id: 'record-content.allergies-coded',
  title: 'Allergies are coded with SNOMED CT or dm+d',
  requirements: ['LHCR-REC-03'],
  inputs: 'Every AllergyIntolerance any test received',
  run: (context) => {
    const seen = seenOfType(context, 'AllergyIntolerance');
    if (seen.length === 0) context.skip('no AllergyIntolerance was returned during the run');
    const problems = seen
      .filter(
        ({ resource }) =>
          !codingsOf(json(resource)['code']).some(
            (coding) => coding.system === SNOMED || coding.system === DMD,
          ),
      )
      .map(({ resource }) => `${refOf(resource)}.code has no SNOMED CT or dm+d coding`);
    checkAll(context, problems, `${String(seen.length)} AllergyIntolerance(s) are coded`);
    return Promise.resolve();
  },
});

const medicines = scan({
  id: 'record-content.medicines-dmd',
  title: 'Medicines are coded with dm+d',
  requirements: ['LHCR-REC-04'],
  inputs: 'Every MedicationStatement and MedicationRequest any test received',
  run: (context) => {
    const seen = seenOfType(context, 'MedicationStatement', 'MedicationRequest');
    if (seen.length === 0)
      context.skip('no MedicationStatement or MedicationRequest was returned during the run');
    const problems = seen
      .filter(
        ({ resource }) =>
          !codingsOf(json(resource)['medicationCodeableConcept']).some(
            (coding) => coding.system === DMD,
          ),
      )
      .map(
        ({ resource }) =>
          `${refOf(resource)} has no medicationCodeableConcept with a ${DMD} coding`,
      );
    checkAll(context, problems, `${String(seen.length)} medicine record(s) carry a dm+d code`);
    return Promise.resolve();
  },
});

function isVitalSign(resource: Resource): boolean {
  return codingsOf(json(resource)['category']).some((coding) => coding.code === 'vital-signs');
}

const vitalSigns = scan({
  id: 'record-content.vital-signs',
  title: 'Vital signs are final, coded in LOINC and SNOMED CT, with UCUM quantities',
  requirements: ['LHCR-REC-05'],
  inputs: 'Every vital-signs Observation any test received',
  run: (context) => {
    const seen = seenOfType(context, 'Observation').filter(({ resource }) => isVitalSign(resource));
    if (seen.length === 0) context.skip('no vital-signs Observation was returned during the run');
    const problems: string[] = [];
    for (const { resource } of seen) {
      const observation = json(resource);
      const codes = codingsOf(observation['code']);
      const quantities = [
        observation['valueQuantity'],
        ...asArray(observation['component']).map((component) => field(component, 'valueQuantity')),
      ].filter((quantity) => quantity !== undefined);
      const wrong = [
        observation['status'] !== 'final' ? `status ${String(observation['status'])}` : undefined,
        codes.some((coding) => coding.system === LOINC) ? undefined : 'no LOINC code',
        codes.some((coding) => coding.system === SNOMED) ? undefined : 'no SNOMED CT code',
        quantities.every((quantity) => stringField(quantity, 'system') === UCUM)
          ? undefined
          : 'a quantity not in UCUM',
      ].filter((item) => item !== undefined);
      if (wrong.length > 0) problems.push(`${refOf(resource)}: ${wrong.join(', ')}`);
    }
    checkAll(
      context,
      problems,
      `${String(seen.length)} vital-signs Observation(s) are final, coded twice and in UCUM`,
    );
    return Promise.resolve();
  },
});

const immunisations = scan({
  id: 'record-content.immunisation-not-done-reason',
  title: 'Immunisations not given say why',
  requirements: ['LHCR-REC-06'],
  inputs: 'Every Immunization any test received',
  run: (context) => {
    const seen = seenOfType(context, 'Immunization');
    if (seen.length === 0) context.skip('no Immunization was returned during the run');
    const notDone = seen.filter(({ resource }) => json(resource)['status'] === 'not-done');
    if (notDone.length === 0) context.skip('no not-done Immunization was returned during the run');
    const problems = notDone
      .filter(({ resource }) => json(resource)['statusReason'] === undefined)
      .map(({ resource }) => `${refOf(resource)} is not-done without statusReason`);
    checkAll(
      context,
      problems,
      `${String(notDone.length)} not-done Immunization(s) carry statusReason`,
    );
    return Promise.resolve();
  },
});

const patientReferences = scan({
  id: 'record-content.patient-references',
  title: 'Every clinical record references its patient as Patient/<id>, and the reference resolves',
  requirements: ['LHCR-REC-07'],
  inputs:
    'Every clinical resource any test received for direct care; each distinct patient reference read with a direct-care token',
  run: async (context) => {
    const direct = new Set(purposesFor(context.blueprint, 'direct-care'));
    const seen = context
      .seenResources()
      .filter(({ purpose }) => purpose !== undefined && direct.has(purpose))
      .filter(({ resource }) => patientReferenceOf(resource) !== undefined);
    if (seen.length === 0)
      context.skip('no clinical resource was returned for direct care during the run');
    const problems: string[] = [];
    const targets = new Map<string, string>();
    for (const { resource, purpose } of seen) {
      const target = referenceTarget(patientReferenceOf(resource));
      if (target === undefined || !target.startsWith('Patient/')) {
        problems.push(
          `${refOf(resource)} references its patient as "${stringField(patientReferenceOf(resource), 'reference') ?? '(no reference)'}", not Patient/<id>`,
        );
      } else if (purpose !== undefined) {
        targets.set(target, purpose);
      }
    }
    for (const [target, purpose] of [...targets].sort()) {
      try {
        const id = target.slice('Patient/'.length);
        if (!isFhirId(id)) {
          problems.push(`${target} does not end in a FHIR id`);
          continue;
        }
        const patient = await context.fhir({ purpose }).read('Patient', id);
        if (patient.id !== id)
          problems.push(`reading ${target} returned Patient/${patient.id ?? '(no id)'}`);
      } catch (thrown) {
        if (!isFhirServerError(thrown)) throw thrown;
        problems.push(`reading ${target} answered ${String(thrown.status)}`);
      }
    }
    checkAll(
      context,
      problems,
      `${String(seen.length)} record(s) reference ${String(targets.size)} patient(s), each readable`,
    );
  },
});

const lastUpdated = scan({
  id: 'record-content.last-updated',
  title: 'Every resource returned carries meta.lastUpdated',
  requirements: ['LHCR-REC-08'],
  inputs: 'Every resource any test received',
  run: (context) => {
    const seen = context.seenResources();
    if (seen.length === 0) context.skip('no resource was returned during the run');
    const problems = [
      ...new Set(
        seen
          .filter(({ resource }) => resource.meta?.lastUpdated === undefined)
          .map(({ resource }) => refOf(resource)),
      ),
    ].map((ref) => `${ref} has no meta.lastUpdated`);
    checkAll(context, problems, `${String(seen.length)} resource(s) carry meta.lastUpdated`);
    return Promise.resolve();
  },
});

const sourceOrganisation: ConformanceTest = {
  id: 'record-content.source-organisation',
  title: 'Encounters and documents name an organisation that carries its ODS code',
  requirements: ['LHCR-REC-09'],
  inputs:
    "Encounter.serviceProvider and DocumentReference.custodian of the baseline patient's records, each read",
  needs: [PATIENTS, RECORDS],
  run: async (context) => {
    const records = context.need(RECORDS);
    const client = context.fhir({ purpose: purposeFor(context.blueprint, 'direct-care', 'TREAT') });
    const pairs = [
      ...(records.get('Encounter') ?? []).map((resource) => [resource, 'serviceProvider'] as const),
      ...(records.get('DocumentReference') ?? []).map(
        (resource) => [resource, 'custodian'] as const,
      ),
    ];
    if (pairs.length === 0)
      context.skip('the baseline patient has no Encounter or DocumentReference');
    const problems: string[] = [];
    const read = new Map<string, boolean>();
    for (const [resource, element] of pairs) {
      const target = referenceTarget(json(resource)[element]);
      if (target === undefined || !target.startsWith('Organization/')) {
        problems.push(`${refOf(resource)}.${element} does not reference an Organization`);
        continue;
      }
      if (!read.has(target)) {
        const organisation = json(
          await client.read('Organization', target.slice('Organization/'.length)),
        );
        read.set(
          target,
          asArray(organisation['identifier']).some(
            (identifier) => stringField(identifier, 'system') === ODS_SYSTEM,
          ),
        );
      }
      if (read.get(target) !== true)
        problems.push(
          `${target} (${refOf(resource)}.${element}) has no ODS code under ${ODS_SYSTEM}`,
        );
    }
    checkAll(
      context,
      problems,
      `${String(pairs.length)} Encounter(s) and DocumentReference(s) name organisations with ODS codes`,
    );
  },
};

/** The must-support top-level elements of a profile snapshot, as JSON field names or `name[x]` prefixes. */
function mustSupportFields(
  context: TestContext,
  profileUrl: string | undefined,
): readonly string[] {
  const profile = context.blueprint.profiles.find((candidate) => candidate.url === profileUrl);
  const elements = profile?.snapshot?.snapshot?.element ?? [];
  return [
    ...new Set(
      elements
        .filter((element) => element.mustSupport === true && element.path.split('.').length === 2)
        .map((element) => element.path.split('.')[1] ?? ''),
    ),
  ].filter((name) => name !== '');
}

/** A JSON value with references reduced to their type when ids may differ, and keys sorted. */
function normalise(value: unknown, sameIds: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => normalise(item, sameIds));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = value[key];
    if (key === 'reference' && typeof item === 'string') {
      const target = referenceTarget(item) ?? item;
      out[key] = sameIds ? target : target.split('/')[0];
    } else {
      out[key] = normalise(item, sameIds);
    }
  }
  return out;
}

const mustSupport: ConformanceTest = {
  id: 'record-content.must-support-kept',
  title: 'Must-support values held in the fixtures are returned unchanged',
  requirements: ['LHCR-REC-10'],
  inputs:
    "The baseline fixture's resources against the same records as the server returns them, element by must-support element",
  needs: [PATIENTS, RECORDS],
  run: (context) => {
    const { fixture, patient } = serverPatient(context, context.need(PATIENTS), 'baseline');
    const returned = [...context.need(RECORDS).values()].flat();
    if (patient.resource !== undefined) returned.push(patient.resource);
    const problems: string[] = [];
    let compared = 0;
    for (const loaded of fixture.resources) {
      const server = returned.find((candidate) => isSameRecord(candidate, loaded, patient.id));
      if (server === undefined) continue;
      const sameIds = server.id === loaded.id;
      for (const name of mustSupportFields(context, profilesFor(context.blueprint, loaded)[0])) {
        const fields = name.endsWith('[x]')
          ? Object.keys(json(loaded)).filter((key) => key.startsWith(name.slice(0, -3)))
          : [name];
        for (const key of fields) {
          const value = json(loaded)[key];
          if (value === undefined) continue;
          compared += 1;
          if (
            JSON.stringify(normalise(value, sameIds)) !==
            JSON.stringify(normalise(json(server)[key], sameIds))
          ) {
            problems.push(
              `${refOf(server)}.${key} ${json(server)[key] === undefined ? 'is missing' : 'differs from the fixture'}`,
            );
          }
        }
      }
    }
    if (compared === 0)
      context.skip('no baseline fixture record was found on the server to compare');
    checkAll(
      context,
      problems,
      `${String(compared)} must-support value(s) of the baseline fixture are returned unchanged`,
    );
    return Promise.resolve();
  },
};

const documents: ConformanceTest = {
  id: 'record-content.documents-retrievable',
  title: 'Documents can be retrieved',
  requirements: ['LHCR-REC-11'],
  inputs:
    "The attachments of the baseline patient's DocumentReferences; URLs fetched with the same token",
  needs: [PATIENTS, RECORDS],
  run: async (context) => {
    const documentsFound = context.need(RECORDS).get('DocumentReference') ?? [];
    if (documentsFound.length === 0) context.skip('the baseline patient has no DocumentReference');
    const client = context.fhir({ purpose: purposeFor(context.blueprint, 'direct-care', 'TREAT') });
    for (const document of documentsFound) {
      for (const content of asArray(json(document)['content'])) {
        const attachment = field(content, 'attachment');
        if (stringField(attachment, 'data') !== undefined) {
          context.check(true, `${refOf(document)} carries its document in data`);
          continue;
        }
        const url = stringField(attachment, 'url');
        if (url === undefined) {
          context.fail(`${refOf(document)} has an attachment with neither data nor url`);
          continue;
        }
        const reply = await client.raw({
          method: 'GET',
          path: url,
          accept: stringField(attachment, 'contentType') ?? '*/*',
        });
        context.check(
          reply.status === 200,
          `${refOf(document)}: GET of its attachment url answered ${String(reply.status)}`,
        );
      }
    }
  },
};

/**
 * The record-content group: profiles, coding, patient references, last-updated times, source
 * organisations, must-support data and documents.
 *
 * @example
 * ```ts
 * recordContentGroup().tests.length; // 12
 * ```
 */
export function recordContentGroup(): TestGroup {
  return {
    id: 'record-content',
    title: 'Record content',
    description: 'What the shared record holds and how it is coded.',
    tests: [
      profiles,
      invalidRejected,
      snomedProblems,
      allergies,
      medicines,
      vitalSigns,
      immunisations,
      patientReferences,
      lastUpdated,
      sourceOrganisation,
      mustSupport,
      documents,
    ],
  };
}
