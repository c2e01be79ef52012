// Matches UK Core examples to their profiles by file name, as the package README says.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UK_CORE_FOLDER } from './corpus.mjs';

/** The UK Core StructureDefinitions (differentials), by id. */
export function ukCoreDefinitions() {
  return readdirSync(UK_CORE_FOLDER)
    .filter((f) => f.startsWith('StructureDefinition-'))
    .map((f) => JSON.parse(readFileSync(join(UK_CORE_FOLDER, f), 'utf8')));
}

/** Each example with the URL of the resource profile its file name names (extensions: none). */
export function matchProfiles(examples) {
  const ids = ukCoreDefinitions()
    .filter((d) => d.kind === 'resource')
    .map((d) => ({ id: d.id, url: d.url }))
    .sort((a, b) => b.id.length - a.id.length);
  return examples.map(({ file, resource }) => {
    const name = file.replace('UKCore-VitalSigns-Observation-', 'UKCore-Observation-VitalSigns-');
    return { file, resource, profile: ids.find((d) => name.startsWith(`${d.id}-`))?.url };
  });
}
