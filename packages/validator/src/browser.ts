// The entry point for browsers (the `browser` export condition): `fhirpath` is bundled.
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { setFhirpathLoader } from './fhirpath/internal/fhirpath-package';

setFhirpathLoader({ api: () => fhirpath, r4: () => r4 });

export * from './api';
