// Tests import internal modules directly, not through an entry point: load `fhirpath`, ajv's
// compiler and the UCUM library as the Node entry point does.
import { setFhirpathLoader } from '../fhirpath/internal/fhirpath-package';
import { requireFhirpath } from '../fhirpath/internal/require-fhirpath';
import { setAjvLoader } from '../engine/internal/ajv-package';
import { requireAjv } from '../engine/internal/require-ajv';
import { setUcumLoader } from '../terminology/ucum';
import { requireUcum } from '../terminology/internal/require-ucum';

setFhirpathLoader(requireFhirpath);
setAjvLoader(requireAjv);
setUcumLoader(requireUcum);
