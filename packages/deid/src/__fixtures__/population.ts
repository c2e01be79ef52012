import { NHS_NUMBER_SYSTEM, UK_CORE_EXTENSIONS, generateTestNhsNumber } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import { createNationalOptOutRegister, NhsNumberSet } from '@lhcr/optout';
import type { OptOutFilterOptions } from '@lhcr/optout';
import type { DeidPolicy } from '../policy/deid-policy';
import { createPseudonymKey } from '../pseudonym/key';
import type { PseudonymKey } from '../pseudonym/key';

/**
 * A seeded pseudo-random number generator (LCG), for reproducible synthetic data.
 *
 * @example
 * ```ts
 * const random = seeded(7);
 * random(); // a number in [0, 1)
 * ```
 */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
}

/**
 * A key made of bytes derived from a seed (tests only; real keys are random).
 *
 * @example
 * ```ts
 * const key = testKey(1);
 * ```
 */
export function testKey(seed: number): PseudonymKey {
  const random = seeded(seed);
  return createPseudonymKey(Uint8Array.from({ length: 32 }, () => Math.floor(random() * 256)));
}

/**
 * A policy like the core blueprint's, built in code.
 *
 * @example
 * ```ts
 * const policy = testPolicy({ kAnonymity: { ...base.kAnonymity, k: 3 } });
 * ```
 */
export function testPolicy(overrides: Partial<DeidPolicy> = {}): DeidPolicy {
  return {
    id: 'test-planning',
    title: 'Test planning extract',
    pseudonymisation: {
      algorithm: 'HMAC-SHA-256',
      input: 'nhs-number',
      key: { scope: 'per-project', custody: 'kms', minimumBytes: 32 },
      output: { system: 'https://lhcr.github.io/fhir/core/Id/pseudonym', encoding: 'hex' },
    },
    directIdentifiers: {
      remove: ['Patient.identifier', 'Patient.name', 'Patient.telecom', 'Patient.address.line'],
      freeText: 'remove',
      otherIdentifiers: 'remove',
    },
    quasiIdentifiers: {
      birthDate: { method: 'year' },
      postcode: { method: 'district', pseudoPostcodes: 'keep' },
      dates: { method: 'month' },
      other: [
        { element: 'Patient.gender', method: 'keep' },
        { element: 'Patient.extension.ethnicCategory', method: 'generalise' },
      ],
    },
    smallNumbers: {
      suppressFrom: 1,
      suppressTo: 7,
      includeZero: false,
      symbol: '*',
      rounding: { base: 5, order: 'after-suppression' },
      secondarySuppression: true,
    },
    kAnonymity: {
      k: 2,
      quasiIdentifiers: ['birthDate', 'postcode', 'Patient.gender'],
      strategy: 'generalise-then-suppress',
    },
    ...overrides,
  };
}

/** What the synthetic population put into the records, to look for in the output. */
export interface PopulationSecrets {
  readonly nhsNumbers: readonly NhsNumber[];
  readonly names: readonly string[];
  readonly addressLines: readonly string[];
  readonly phones: readonly string[];
}

/** A synthetic population: resources (as NDJSON-ready objects) and the identifiers in them. */
export interface Population {
  readonly resources: readonly Record<string, unknown>[];
  readonly secrets: PopulationSecrets;
  readonly nhsNumbers: readonly NhsNumber[];
}

const FAMILY = ['Okafor', 'Whitfield', 'Nakamura', 'Pemberton', 'Quigley', 'Ravenscroft'];
const GIVEN = ['Amelia', 'Bartholomew', 'Cressida', 'Desmond', 'Euphemia', 'Fitzgerald'];
const STREETS = ['Larkspur Terrace', 'Quarry Hill Walk', 'Wellington Yard', 'Saxon Mews'];
const POSTCODES = ['LS1 4AP', 'LS2 9JT', 'LS6 2AB', 'BD7 1DP', 'HX1 2LN', 'ZZ99 3VZ'];
const ETHNIC = ['A', 'B', 'H', 'J', 'M', 'R', 'Z'];

/**
 * Builds a synthetic population with every kind of direct identifier, in many places: Patients
 * with NHS numbers, names, addresses, phones, photos, contacts and narrative; Observations,
 * Conditions and Encounters with notes, performer displays and contained Practitioners.
 *
 * @example
 * ```ts
 * const { resources, secrets } = population({ patients: 20, seed: 3 });
 * ```
 */
export function population(options: {
  readonly patients: number;
  readonly seed: number;
}): Population {
  const random = seeded(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const numbers = new Set<NhsNumber>();
  while (numbers.size < options.patients) numbers.add(generateTestNhsNumber(random));
  const nhsNumbers = [...numbers];
  const names: string[] = [];
  const addressLines: string[] = [];
  const phones: string[] = [];
  const resources: Record<string, unknown>[] = [];
  nhsNumbers.forEach((nhsNumber, index) => {
    const family = `${pick(FAMILY)}${String(index)}x`;
    const given = `${pick(GIVEN)}${String(index)}y`;
    const line = `${String(10 + index)} ${pick(STREETS)}`;
    const phone = `0113 ${String(4960000 + index)}`;
    names.push(family, given);
    addressLines.push(line);
    phones.push(phone);
    const year = 1930 + Math.floor(random() * 90);
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const patientId = `pat-${nhsNumber}`;
    resources.push({
      resourceType: 'Patient',
      id: patientId,
      meta: {
        versionId: '3',
        lastUpdated: '2025-01-02T03:04:05Z',
        profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'],
      },
      text: {
        status: 'generated',
        div: `<div xmlns="http://www.w3.org/1999/xhtml">${given} ${family}, NHS ${nhsNumber}</div>`,
      },
      extension: [
        {
          url: UK_CORE_EXTENSIONS.ethnicCategory,
          valueCodeableConcept: {
            coding: [
              {
                system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland',
                code: pick(ETHNIC),
                display: 'Ethnic category',
              },
            ],
            text: `${given} said so`,
          },
        },
        { url: 'https://example.org/fhir/StructureDefinition/nickname', valueString: given },
      ],
      identifier: [
        { system: NHS_NUMBER_SYSTEM, value: nhsNumber },
        { system: 'https://example.org/trust/mrn', value: `MRN${nhsNumber}` },
      ],
      name: [{ use: 'official', family, given: [given], text: `${given} ${family}` }],
      telecom: [{ system: 'phone', value: phone, use: 'home' }],
      gender: random() < 0.5 ? 'female' : 'male',
      birthDate: `${String(year)}-${month}-1${String(Math.floor(random() * 9))}`,
      address: [
        { use: 'home', line: [line], city: 'Leeds', postalCode: pick(POSTCODES) },
        {
          use: 'old',
          line: [`Flat 2, ${line}`],
          postalCode: 'LS7 3QB',
          period: { end: '2019-04-01' },
        },
      ],
      photo: [{ contentType: 'image/png', data: 'iVBORw0KGgo=' }],
      contact: [
        {
          relationship: [
            { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'N' }] },
          ],
          name: { family, given: [`Partner of ${given}`] },
          telecom: [{ system: 'phone', value: phone }],
        },
      ],
      generalPractitioner: [
        { reference: 'Organization/B82005', display: `Dr ${family}'s practice` },
      ],
    });
    resources.push({
      resourceType: 'Observation',
      id: `obs-${String(index)}`,
      status: 'final',
      code: {
        coding: [{ system: 'http://snomed.info/sct', code: '27113001', display: 'Body weight' }],
        text: `Weight of ${given}`,
      },
      subject: { reference: `Patient/${patientId}`, display: `${given} ${family}` },
      effectiveDateTime: `2024-0${String(1 + (index % 9))}-15T09:30:00+00:00`,
      issued: '2024-06-15T10:00:00Z',
      performer: [{ reference: '#pr1', display: `Nurse ${family}` }],
      contained: [
        {
          resourceType: 'Practitioner',
          id: 'pr1',
          name: [{ family, given: [given] }],
          telecom: [{ system: 'phone', value: phone }],
        },
      ],
      valueQuantity: {
        value: 50 + (index % 40),
        unit: 'kg',
        system: 'http://unitsofmeasure.org',
        code: 'kg',
      },
      note: [{ text: `Seen at ${line}; call ${phone}; NHS ${nhsNumber}` }],
    });
    resources.push({
      resourceType: 'Condition',
      id: `cond-${String(index)}`,
      clinicalStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
        ],
      },
      code: {
        coding: [
          { system: 'http://snomed.info/sct', code: pick(['44054006', '38341003', '195967001']) },
        ],
      },
      subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: nhsNumber } },
      onsetDateTime: `2019-0${String(1 + (index % 9))}-0${String(1 + (index % 8))}`,
      recorder: { reference: 'Practitioner/gp-1', display: `Dr ${family}` },
      note: [{ authorString: `${given} ${family}`, text: `Lives at ${line}` }],
    });
    resources.push({
      resourceType: 'Encounter',
      id: `enc-${String(index)}`,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: `Patient/${patientId}` },
      period: { start: '2024-02-03T10:00:00Z', end: '2024-02-03T10:30:00Z' },
      reasonCode: [{ text: `${given} felt unwell at ${line}` }],
      serviceProvider: { reference: 'Organization/RR8', display: 'Leeds Teaching Hospitals' },
      identifier: [{ system: 'https://example.org/visit', value: `V-${nhsNumber}` }],
    });
  });
  return { resources, secrets: { nhsNumbers, names, addressLines, phones }, nhsNumbers };
}

/**
 * Opt-out options with a national register that covers every number given, all cleared except
 * `optedOut`.
 *
 * @example
 * ```ts
 * const optOut = optOutFor(population.nhsNumbers, [population.nhsNumbers[0]!]);
 * ```
 */
export function optOutFor(
  checked: readonly NhsNumber[],
  optedOut: readonly NhsNumber[] = [],
  date = '2025-03-01',
): OptOutFilterOptions {
  const out = new Set(optedOut);
  return {
    request: { purpose: 'planning', identifiability: 'pseudonymised', origin: 'non-gp', date },
    registers: {
      nationalOptOut: createNationalOptOutRegister({
        id: 'test-register',
        asOf: '2025-02-28',
        checked: NhsNumberSet.from(checked),
        cleared: NhsNumberSet.from(checked.filter((number) => !out.has(number))),
      }),
    },
  };
}
