import { NHS_NUMBER_SYSTEM, SNOMED_CT_SYSTEM, generateTestNhsNumber } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';

/**
 * A seeded random source (linear congruential), so fixtures are the same on every run.
 *
 * @example
 * ```ts
 * const random = seeded(7);
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
 * `count` distinct valid NHS numbers from the test range, reproducibly.
 *
 * @example
 * ```ts
 * const [a, b] = testNumbers(2);
 * ```
 */
export function testNumbers(count: number, seed = 1): NhsNumber[] {
  const random = seeded(seed);
  const numbers = new Set<NhsNumber>();
  while (numbers.size < count) numbers.add(generateTestNhsNumber(random));
  return [...numbers];
}

/**
 * A Patient with an NHS number (or none).
 *
 * @example
 * ```ts
 * patient('p1', nhsNumber);
 * ```
 */
export function patient(
  id: string,
  nhsNumber: string | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    resourceType: 'Patient',
    id,
    ...(nhsNumber === undefined
      ? {}
      : { identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber }] }),
    ...extra,
  };
}

/**
 * An Observation about `subject` with a SNOMED CT code.
 *
 * @example
 * ```ts
 * observation('o1', { reference: 'Patient/p1' }, '22298006');
 * ```
 */
export function observation(
  id: string,
  subject: Record<string, unknown> | undefined,
  code = '22298006',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: SNOMED_CT_SYSTEM, code }] },
    ...(subject === undefined ? {} : { subject }),
    ...extra,
  };
}

/**
 * A Condition about `subject`.
 *
 * @example
 * ```ts
 * condition('c1', { reference: 'Patient/p1' }, '15628003');
 * ```
 */
export function condition(
  id: string,
  subject: Record<string, unknown>,
  code: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    resourceType: 'Condition',
    id,
    code: { coding: [{ system: SNOMED_CT_SYSTEM, code }] },
    subject,
    ...extra,
  };
}

/**
 * A reference to a Patient by NHS number identifier.
 *
 * @example
 * ```ts
 * byNhsNumber(nhsNumber); // { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value } }
 * ```
 */
export function byNhsNumber(nhsNumber: string): Record<string, unknown> {
  return { type: 'Patient', identifier: { system: NHS_NUMBER_SYSTEM, value: nhsNumber } };
}

/**
 * A local dissent Consent (scope patient-privacy) for a patient.
 *
 * @example
 * ```ts
 * consent('c1', { reference: 'Patient/p1' }, 'deny', '2024-01-10');
 * ```
 */
export function consent(
  id: string,
  patientReference: Record<string, unknown>,
  type: 'deny' | 'permit',
  dateTime: string,
  extra: { status?: string; period?: { start?: string; end?: string } } = {},
): Record<string, unknown> {
  return {
    resourceType: 'Consent',
    id,
    status: extra.status ?? 'active',
    scope: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' },
      ],
    },
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'INFA' }] },
    ],
    patient: patientReference,
    dateTime,
    provision: { type, ...(extra.period === undefined ? {} : { period: extra.period }) },
  };
}

/**
 * A GP record Observation carrying a Type 1 code.
 *
 * @example
 * ```ts
 * type1Observation('t1', { reference: 'Patient/p1' }, 'objection', '2019-06-12');
 * ```
 */
export function type1Observation(
  id: string,
  subject: Record<string, unknown>,
  meaning: 'objection' | 'withdrawal',
  date: string,
): Record<string, unknown> {
  return observation(id, subject, meaning === 'objection' ? '827241000000103' : '827261000000102', {
    effectiveDateTime: date,
  });
}

/**
 * NDJSON text from resources.
 *
 * @example
 * ```ts
 * ndjson([patient('p1', a), observation('o1', { reference: 'Patient/p1' })]);
 * ```
 */
export function ndjson(resources: readonly unknown[]): string {
  return resources.map((resource) => `${JSON.stringify(resource)}\n`).join('');
}

/**
 * The resources of NDJSON text.
 *
 * @example
 * ```ts
 * parseNdjson(output).map((resource) => resource['id']);
 * ```
 */
export function parseNdjson(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
