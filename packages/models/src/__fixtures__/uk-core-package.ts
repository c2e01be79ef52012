import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The UK Core package folder the tests read: `LHCR_FHIR_PACKAGES`, or `../shared/fhir-packages`. */
export const UK_CORE_PACKAGE_ID = 'fhir.r4.ukcore.stu2#2.0.0';

function packagesRoot(): string {
  const fromEnv = process.env.LHCR_FHIR_PACKAGES;
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  // packages/models/src/__fixtures__ → repository root → its sibling `shared/`.
  return resolve(import.meta.dirname, '../../../../../shared/fhir-packages');
}

/**
 * The folder of UK Core's examples. Throws with the fix when the third-party package folder is
 * absent, rather than letting the tests pass on nothing.
 */
export function ukCoreExamplesDir(): string {
  const dir = join(packagesRoot(), UK_CORE_PACKAGE_ID, 'package', 'examples');
  if (!existsSync(dir)) {
    throw new Error(
      `UK Core examples not found at ${dir}. These tests need the FHIR package folder that sits ` +
        `beside the repository as shared/fhir-packages; set LHCR_FHIR_PACKAGES to another copy.`,
    );
  }
  return dir;
}

/** Every UK Core example, by file name, parsed. */
export function readUkCoreExamples(): { file: string; resource: { resourceType: string } }[] {
  const dir = ukCoreExamplesDir();
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      resource: JSON.parse(readFileSync(join(dir, file), 'utf8')) as { resourceType: string },
    }));
}
