import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBaseDefinitions } from './typegen/definitions';
import { buildTypeModel } from './typegen/model';
import { renderTypeScript } from './typegen/render';

/** Where the generated R4 types live, relative to this script. */
export const GENERATED_FILE = fileURLToPath(
  new URL('../src/generated/fhir-r4.ts', import.meta.url),
);

/** Generates the FHIR R4 types from the official definitions and returns the module text. */
export function generateFhirTypes(): string {
  return renderTypeScript(buildTypeModel(loadBaseDefinitions()));
}

function main(argv: string[]): number {
  const text = generateFhirTypes();
  if (argv.includes('--check')) {
    const current = readFileSync(GENERATED_FILE, 'utf8');
    if (current !== text) {
      process.stderr.write(`${GENERATED_FILE} is out of date: run npm run generate.\n`);
      return 1;
    }
    return 0;
  }
  writeFileSync(GENERATED_FILE, text);
  process.stdout.write(`wrote ${GENERATED_FILE} (${text.split('\n').length} lines)\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
