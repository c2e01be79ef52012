// The shared benchmark corpus: the UK Core examples, read from ../shared/fhir-packages (or the
// folder named by LHCR_FHIR_PACKAGES). Third-party data: read where it lies, never copied.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const packages = process.env.LHCR_FHIR_PACKAGES ?? resolve(here, '../../../shared/fhir-packages');
export const UK_CORE_FOLDER = join(packages, 'fhir.r4.ukcore.stu2#2.0.0', 'package');

/** The UK Core examples, parsed, in file-name order. */
export function ukCoreExamples() {
  const folder = join(UK_CORE_FOLDER, 'examples');
  if (!existsSync(folder)) {
    throw new Error(`UK Core examples not found in ${folder}: set LHCR_FHIR_PACKAGES`);
  }
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, resource: JSON.parse(readFileSync(join(folder, file), 'utf8')) }));
}
