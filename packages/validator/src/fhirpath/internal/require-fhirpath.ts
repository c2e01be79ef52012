import { createRequire } from 'node:module';
import type { FhirpathLoader } from './fhirpath-package';

const require = createRequire(import.meta.url);

/** Loads each part of the `fhirpath` package synchronously on Node, when it is first needed. */
export const requireFhirpath: FhirpathLoader = {
  api: () => require('fhirpath') as ReturnType<FhirpathLoader['api']>,
  r4: () => require('fhirpath/fhir-context/r4') as ReturnType<FhirpathLoader['r4']>,
};
