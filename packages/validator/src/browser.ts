// The entry point for browsers (the `browser` export condition): `fhirpath`, ajv and the UCUM
// library are bundled.
import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { setFhirpathLoader } from './fhirpath/internal/fhirpath-package';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { setAjvLoader } from './engine/internal/ajv-package';
import { UcumLhcUtils } from '@lhncbc/ucum-lhc';
import { setUcumLoader } from './terminology/ucum';
import type { UcumValidator } from './terminology/ucum';

setFhirpathLoader({ api: () => fhirpath, r4: () => r4 });
setAjvLoader({ Ajv: () => Ajv, standaloneCode: () => standaloneCode });
setUcumLoader(() => UcumLhcUtils.getInstance() as UcumValidator);

export * from './api';
