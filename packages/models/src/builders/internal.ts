import type { CodeableConcept, Coding, Meta } from '../generated/fhir-r4';

/** Sets `target[key]` only when a value is given: FHIR JSON has no `undefined` or `null` fields. */
export function put<T, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** A CodeableConcept with one coding. */
export function concept(system: string, code: string, display?: string): CodeableConcept {
  return { coding: [coding(system, code, display)] };
}

/** One Coding; `display` only when given. */
export function coding(system: string, code: string, display?: string): Coding {
  const result: Coding = { system, code };
  put(result, 'display', display);
  return result;
}

/** `meta.profile` naming the one profile the builder's output is shaped for. */
export function profileMeta(profile: string): Meta {
  return { profile: [profile] };
}

const FHIR_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const FHIR_DATE_TIME =
  /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$/;

/** Throws a TypeError naming the field when `value` is not a FHIR `date`. */
export function checkDate(field: string, value: string | undefined): void {
  if (value !== undefined && !FHIR_DATE.test(value)) {
    throw new TypeError(`${field} must be a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD).`);
  }
}

/** Throws a TypeError naming the field when `value` is not a FHIR `dateTime`. */
export function checkDateTime(field: string, value: string | undefined): void {
  if (value !== undefined && !FHIR_DATE_TIME.test(value)) {
    throw new TypeError(
      `${field} must be a FHIR dateTime (a date, or YYYY-MM-DDThh:mm:ss with a time zone).`,
    );
  }
}
