// Tests import internal modules directly, not through an entry point: load `fhirpath` and ajv's
// compiler as the Node entry point does.
import { setFhirpathLoader } from '../fhirpath/internal/fhirpath-package';
import { requireFhirpath } from '../fhirpath/internal/require-fhirpath';
import { setAjvLoader } from '../engine/internal/ajv-package';
import { requireAjv } from '../engine/internal/require-ajv';

setFhirpathLoader(requireFhirpath);
setAjvLoader(requireAjv);
