// The entry point for Node (and runtimes with Node's module API): `fhirpath` and ajv's compiler are
// loaded on first use.
import { setFhirpathLoader } from './fhirpath/internal/fhirpath-package';
import { requireFhirpath } from './fhirpath/internal/require-fhirpath';
import { setAjvLoader } from './engine/internal/ajv-package';
import { requireAjv } from './engine/internal/require-ajv';

setFhirpathLoader(requireFhirpath);
setAjvLoader(requireAjv);

export * from './api';
