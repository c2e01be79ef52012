import type fhirpath from 'fhirpath';
import type r4 from 'fhirpath/fhir-context/r4';
import { loaderSlot } from '../../internal/loader-slot';

/** How to obtain the two parts of the `fhirpath` package: its API and its R4 model. */
export interface FhirpathLoader {
  readonly api: () => typeof fhirpath;
  readonly r4: () => typeof r4;
}

const slot = loaderSlot<FhirpathLoader>('fhirpath package');
let api: typeof fhirpath | undefined;
let r4Model: typeof r4 | undefined;

/**
 * Sets how the `fhirpath` package is obtained. Each entry point sets it: on Node each part is
 * required when first used, because most validations never need the API (R4's invariants ship
 * compiled) and loading it is a fifth of a cold start; in browsers both are bundled.
 */
export function setFhirpathLoader(next: FhirpathLoader): void {
  slot.set(next);
}

/** The `fhirpath` package's API, loaded on the first call. */
export function fhirpathApi(): typeof fhirpath {
  api ??= slot.get().api();
  return api;
}

/** The `fhirpath` package's R4 model, loaded on the first call. */
export function fhirpathR4(): typeof r4 {
  r4Model ??= slot.get().r4();
  return r4Model;
}
