import { NHS_NUMBER_SYSTEM, parseNhsNumber } from '@lhcr/models';
import type { NhsNumber } from '@lhcr/models';
import type { NhsNumberPresence } from '../vocabulary';

/**
 * Who a record is about, as far as opt-outs need to know: the NHS numbers found (usually one)
 * and whether the patient is `present` (a valid NHS number), `absent` (no NHS number) or
 * `unresolved` (an NHS number that fails its check, or a reference lhcr could not follow).
 *
 * @example
 * ```ts
 * const identity: PatientIdentity = { presence: 'present', nhsNumbers: [assertNhsNumber('9990000018')] };
 * ```
 */
export interface PatientIdentity {
  readonly presence: NhsNumberPresence;
  readonly nhsNumbers: readonly NhsNumber[];
}

const ABSENT: PatientIdentity = Object.freeze({ presence: 'absent', nhsNumbers: [] });
const UNRESOLVED: PatientIdentity = Object.freeze({ presence: 'unresolved', nhsNumbers: [] });

/**
 * The identity of a patient with no NHS number.
 *
 * @example
 * ```ts
 * ABSENT_PATIENT.presence; // 'absent'
 * ```
 */
export const ABSENT_PATIENT = ABSENT;

/**
 * The identity of a patient lhcr could not resolve.
 *
 * @example
 * ```ts
 * UNRESOLVED_PATIENT.presence; // 'unresolved'
 * ```
 */
export const UNRESOLVED_PATIENT = UNRESOLVED;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The NHS number identity of a FHIR Patient resource (any JSON value is accepted): its
 * identifiers with system `https://fhir.nhs.uk/Id/nhs-number`. Identifiers marked `use: old`
 * are ignored (an old number must not be linked to the new one). A number that fails its check
 * makes the patient `unresolved` rather than `absent`, so it is never silently waved through.
 *
 * @see NHS-STANDARDS.md §1.2, §2.1, §4 (old-to-new NHS number links)
 * @example
 * ```ts
 * patientIdentityOf({ resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9990000018' }] });
 * // { presence: 'present', nhsNumbers: ['9990000018'] }
 * ```
 */
export function patientIdentityOf(patient: unknown): PatientIdentity {
  if (!isRecord(patient)) return ABSENT;
  const identifiers = patient['identifier'];
  if (!Array.isArray(identifiers)) return ABSENT;
  const numbers: NhsNumber[] = [];
  let invalid = false;
  for (const identifier of identifiers) {
    if (!isRecord(identifier) || identifier['system'] !== NHS_NUMBER_SYSTEM) continue;
    if (identifier['use'] === 'old') continue;
    const value = identifier['value'];
    const parsed = typeof value === 'string' ? parseNhsNumber(value) : undefined;
    if (parsed?.ok === true) {
      if (!numbers.includes(parsed.value)) numbers.push(parsed.value);
    } else {
      invalid = true;
    }
  }
  if (numbers.length > 0) return { presence: 'present', nhsNumbers: numbers };
  return invalid ? UNRESOLVED : ABSENT;
}

/**
 * Where a reference points, for opt-out purposes: a patient identity, `not-patient` (a
 * reference to another resource type), or `unknown` (nothing says what it points at).
 *
 * @example
 * ```ts
 * const target: ReferenceTarget = 'not-patient';
 * ```
 */
export type ReferenceTarget = PatientIdentity | 'not-patient' | 'unknown';

/**
 * Resolves literal patient references (`Patient/123`, a Bundle entry's `urn:uuid:...`) to
 * identities. Bulk filters fill one from the Patient resources they see.
 *
 * @example
 * ```ts
 * const index: PatientLookup = { get: (key) => patients.get(key) };
 * ```
 */
export interface PatientLookup {
  get(key: string): PatientIdentity | undefined;
}

const TYPED_REFERENCE =
  /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * The key a literal reference is indexed under: `Type/id` for relative and absolute RESTful
 * references (history stripped), the reference itself for `urn:` references. `undefined` for
 * contained (`#id`) and unreadable references.
 *
 * @example
 * ```ts
 * referenceKey('https://example.org/fhir/Patient/123/_history/2'); // { type: 'Patient', key: 'Patient/123' }
 * referenceKey('urn:uuid:4a6b...'); // { type: undefined, key: 'urn:uuid:4a6b...' }
 * ```
 */
export function referenceKey(
  reference: string,
): { readonly type: string | undefined; readonly key: string } | undefined {
  if (reference.startsWith('#') || reference === '') return undefined;
  if (reference.startsWith('urn:')) return { type: undefined, key: reference };
  const match = TYPED_REFERENCE.exec(reference);
  if (!match) return undefined;
  const type = match[1] as string;
  return { type, key: `${type}/${match[2] as string}` };
}

/**
 * Where one FHIR Reference (any JSON value) points: an NHS number identifier is read directly;
 * `Patient/...` and `urn:` references are looked up in `patients`; contained references in
 * `contained`; references to other types are `not-patient`.
 *
 * @example
 * ```ts
 * resolveReference({ identifier: { system: NHS_NUMBER_SYSTEM, value: '9990000018' } }, index);
 * // { presence: 'present', nhsNumbers: ['9990000018'] }
 * resolveReference({ reference: 'Practitioner/1' }, index); // 'not-patient'
 * ```
 */
export function resolveReference(
  reference: unknown,
  patients: PatientLookup,
  contained?: ReadonlyMap<string, unknown>,
): ReferenceTarget {
  if (!isRecord(reference)) return 'unknown';
  const declaredType = typeof reference['type'] === 'string' ? reference['type'] : undefined;
  const identifier = reference['identifier'];
  if (isRecord(identifier) && identifier['system'] === NHS_NUMBER_SYSTEM) {
    if (declaredType !== undefined && declaredType !== 'Patient') return 'not-patient';
    const value = identifier['value'];
    const parsed = typeof value === 'string' ? parseNhsNumber(value) : undefined;
    return parsed?.ok === true ? { presence: 'present', nhsNumbers: [parsed.value] } : UNRESOLVED;
  }
  const literal = reference['reference'];
  if (typeof literal === 'string') {
    if (literal.startsWith('#')) {
      const target = contained?.get(literal.slice(1));
      if (!isRecord(target)) return 'unknown';
      return target['resourceType'] === 'Patient' ? patientIdentityOf(target) : 'not-patient';
    }
    const key = referenceKey(literal);
    if (key === undefined) return declaredType === 'Patient' ? UNRESOLVED : 'unknown';
    if (key.type !== undefined && key.type !== 'Patient') return 'not-patient';
    const found = patients.get(key.key);
    if (found) return found;
    if (key.type === 'Patient' || declaredType === 'Patient') return UNRESOLVED;
    if (declaredType !== undefined) return 'not-patient';
    return 'unknown';
  }
  if (declaredType === 'Patient') return UNRESOLVED;
  if (declaredType !== undefined) return 'not-patient';
  return 'unknown';
}
