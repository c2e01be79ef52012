import { PATIENT_REFERENCE_PATHS } from '../generated/patient-references';
import {
  ABSENT_PATIENT,
  UNRESOLVED_PATIENT,
  patientIdentityOf,
  resolveReference,
} from '../registers/patient-identity';
import type { PatientIdentity, PatientLookup } from '../registers/patient-identity';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collect(value: unknown, path: readonly string[], depth: number, out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, path, depth, out);
    return;
  }
  if (!isRecord(value)) return;
  if (depth === path.length) {
    out.push(value);
    return;
  }
  collect(value[path[depth] as string], path, depth + 1, out);
}

/**
 * Whether resources of this type can hold data about a patient (the type is in the FHIR R4
 * Patient compartment, or is Patient itself).
 *
 * @see https://hl7.org/fhir/R4/compartmentdefinition-patient.html
 * @example
 * ```ts
 * isPatientCompartmentType('Observation'); // true
 * isPatientCompartmentType('Organization'); // false
 * ```
 */
export function isPatientCompartmentType(resourceType: string): boolean {
  return resourceType === 'Patient' || Object.hasOwn(PATIENT_REFERENCE_PATHS, resourceType);
}

/**
 * The Reference values a resource holds at the patient-reference paths of its type (derived from
 * the FHIR R4 Patient compartment: `subject`, `patient`, `beneficiary`, `performer`,
 * `participant.actor`, ...). Some may point at other resource types.
 *
 * @example
 * ```ts
 * patientReferencesOf({ resourceType: 'Coverage', beneficiary: { reference: 'Patient/1' } });
 * // [{ reference: 'Patient/1' }]
 * ```
 */
export function patientReferencesOf(resource: Record<string, unknown>): unknown[] {
  const type = resource['resourceType'];
  if (typeof type !== 'string' || !Object.hasOwn(PATIENT_REFERENCE_PATHS, type)) return [];
  const out: unknown[] = [];
  for (const path of PATIENT_REFERENCE_PATHS[type] ?? []) collect(resource, path, 0, out);
  return out;
}

/**
 * Who a resource is about:
 *
 * - `patients`: the identities of every patient it references (for a Patient, itself first);
 * - `none`: its type holds no patient data, or every patient-path reference points at another
 *   type (an Observation about a Location);
 * - otherwise `patients` holds an `absent` identity (no patient reference at all) or an
 *   `unresolved` one (a reference that could not be followed), so a decision still fails closed.
 *
 * @example
 * ```ts
 * const about = resourcePatients(observation, index);
 * if (about.kind === 'patients') for (const identity of about.patients) decide(identity);
 * ```
 */
export function resourcePatients(
  resource: Record<string, unknown>,
  patients: PatientLookup,
):
  | { readonly kind: 'none' }
  | { readonly kind: 'patients'; readonly patients: readonly PatientIdentity[] } {
  const type = resource['resourceType'];
  if (typeof type !== 'string' || !isPatientCompartmentType(type)) return { kind: 'none' };
  const identities: PatientIdentity[] = [];
  if (type === 'Patient') identities.push(patientIdentityOf(resource));
  let contained: Map<string, unknown> | undefined;
  const containedList = resource['contained'];
  if (Array.isArray(containedList)) {
    contained = new Map();
    for (const item of containedList) {
      if (isRecord(item) && typeof item['id'] === 'string') contained.set(item['id'], item);
    }
  }
  const references = patientReferencesOf(resource);
  let unknown = 0;
  let others = 0;
  for (const reference of references) {
    const target = resolveReference(reference, patients, contained);
    if (target === 'not-patient') others += 1;
    else if (target === 'unknown') unknown += 1;
    else identities.push(target);
  }
  // References nothing identifies (a display-only performer) matter only when no patient was found.
  if (identities.length > 0) return { kind: 'patients', patients: identities };
  if (unknown > 0) return { kind: 'patients', patients: [UNRESOLVED_PATIENT] };
  if (others > 0) return { kind: 'none' };
  return { kind: 'patients', patients: [ABSENT_PATIENT] };
}
