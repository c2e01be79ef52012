import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The UK Core examples (from the FHIR packages beside the repository, or `LHCR_FHIR_PACKAGES`)
 * and the core blueprint's examples, parsed: a broad corpus of real resource shapes.
 *
 * @example
 * ```ts
 * const resources = exampleResources();
 * ```
 */
export function exampleResources(): unknown[] {
  const packages =
    process.env.LHCR_FHIR_PACKAGES ??
    resolve(import.meta.dirname, '../../../../../shared/fhir-packages');
  const ukCore = join(packages, 'fhir.r4.ukcore.stu2#2.0.0', 'package', 'examples');
  if (!existsSync(ukCore)) {
    throw new Error(`UK Core examples not found in ${ukCore}: set LHCR_FHIR_PACKAGES`);
  }
  const blueprint = resolve(import.meta.dirname, '../../../blueprint-core/examples');
  const files = [
    ...readdirSync(ukCore).map((file) => join(ukCore, file)),
    ...readdirSync(blueprint).map((file) => join(blueprint, file)),
  ]
    .filter((file) => file.endsWith('.json'))
    .sort();
  return files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as unknown);
}
