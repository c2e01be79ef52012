/**
 * Writes conformance/traceability.json: which conformance test verifies which requirement of
 * @lhcr/blueprint-core, for the docs' traceability matrix (`lhcr docs build --traceability`).
 * A test fails when the committed file is out of date.
 *
 *   npm run traceability --workspace=@lhcr/conformance
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadBlueprint, formatBlueprintIssue } from '@lhcr/blueprint';
import { format, resolveConfig } from 'prettier';
import { traceabilityEntries } from '../src/coverage';
import { coreSuite } from '../src/suites/core';

/** Where the file lives. */
export const TRACEABILITY_FILE = resolve(import.meta.dirname, '..', 'traceability.json');

/** The file's content for the blueprint-core suite, formatted as the repository formats JSON. */
export async function traceabilityText(): Promise<string> {
  const result = await loadBlueprint('@lhcr/blueprint-core', { from: import.meta.dirname });
  if (!result.ok) throw new Error(result.issues.map(formatBlueprintIssue).join('\n'));
  const { blueprint } = result;
  const document = {
    blueprint: { id: blueprint.id, version: blueprint.version },
    generatedBy: 'npm run traceability --workspace=@lhcr/conformance',
    tests: traceabilityEntries(coreSuite(blueprint)),
  };
  const options = (await resolveConfig(TRACEABILITY_FILE)) ?? {};
  return format(JSON.stringify(document), { ...options, parser: 'json' });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(TRACEABILITY_FILE, await traceabilityText());
  process.stdout.write(`wrote ${TRACEABILITY_FILE}\n`);
}
