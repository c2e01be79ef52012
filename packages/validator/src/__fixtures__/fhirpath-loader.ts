// Tests import internal modules directly, not through an entry point: load `fhirpath` as the Node
// entry point does.
import { setFhirpathLoader } from '../fhirpath/internal/fhirpath-package';
import { requireFhirpath } from '../fhirpath/internal/require-fhirpath';

setFhirpathLoader(requireFhirpath);
