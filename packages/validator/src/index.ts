// The entry point for Node (and runtimes with Node's module API): `fhirpath` is loaded on first use.
import { setFhirpathLoader } from './fhirpath/internal/fhirpath-package';
import { requireFhirpath } from './fhirpath/internal/require-fhirpath';

setFhirpathLoader(requireFhirpath);

export * from './api';
