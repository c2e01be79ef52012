import { createValidator } from '@lhcr/validator';
import { r4CoreDefinitions } from '@lhcr/validator/node';
import { ukCoreExamples } from './lib/corpus.mjs';
import { loadMedplum, loadFhirJs } from './lib/peers.mjs';
const corpus = ukCoreExamples().map((e) => e.resource);
const v = createValidator({ definitions: r4CoreDefinitions() });
const rate = () => { for (const r of corpus) v.validate(r); let n = 0; const s = performance.now(); while (performance.now() - s < 3000) { for (const r of corpus) { v.validate(r); n++; } } return Math.round(n / 3); };
console.log('alone', rate());
if (process.argv[2] === 'm') { const m = await loadMedplum(); for (const r of corpus) { try { m.validateResource(r); } catch {} } console.log('after medplum', rate()); }
if (process.argv[2] === 'f') { const f = await loadFhirJs(); for (const r of corpus) f.validate(r); console.log('after fhirjs', rate()); }
