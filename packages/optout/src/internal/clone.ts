/** A deep copy of JSON data (what FHIR resources and policies are), without platform APIs. */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
