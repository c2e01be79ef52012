// Run in a fresh process by the profile benchmark: loads UK Core (with base R4 behind it),
// snapshots its profiles and compiles a validator for each profile the examples use (snapshots and
// compiled profile code come from the cache folder in LHCR_CACHE_DIR when warm). Prints timings
// as JSON. The examples are read and matched to their profiles before the clock starts: they are
// the benchmark's input, not part of loading UK Core.
import { createValidator } from '@lhcr/validator';
import { loadDefinitions } from '@lhcr/validator/node';
import { ukCoreExamples } from './corpus.mjs';
import { matchProfiles } from './uk-core-profiles.mjs';

const examples = matchProfiles(ukCoreExamples());
const start = performance.now();
const { definitions, snapshots, compiledCode } = await loadDefinitions([
  'fhir.r4.ukcore.stu2#2.0.0',
]);
const loaded = performance.now();
const validator = createValidator({ definitions, compiledCode });
for (const { resource, profile } of examples) {
  validator.validate(resource, { profiles: profile === undefined ? [] : [profile] });
}
const compiled = performance.now();
process.stdout.write(
  JSON.stringify({
    loadAndSnapshot: loaded - start,
    compileAll: compiled - loaded,
    fromCache: snapshots?.fromCache.length ?? 0,
  }),
);
