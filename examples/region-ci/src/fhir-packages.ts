import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const UK_CORE = 'fhir.r4.ukcore.stu2#2.0.0';

/**
 * UK Core, which the blueprint builds on, is read from the FHIR packages in the folders named by
 * `LHCR_FHIR_PACKAGES` and from the FHIR package cache (`~/.fhir/packages`). When the variable
 * is not set, a clone of the lhcr repository uses `shared/fhir-packages` beside it, as the tests
 * do. Returns a message saying what to do when UK Core is nowhere to be found.
 */
export function useFhirPackages(): string | undefined {
  if (process.env.LHCR_FHIR_PACKAGES !== undefined) return undefined;
  const beside = fileURLToPath(new URL('../../../../shared/fhir-packages', import.meta.url));
  if (existsSync(beside)) {
    process.env.LHCR_FHIR_PACKAGES = beside;
    return undefined;
  }
  const cache = join(homedir(), '.fhir', 'packages');
  if (existsSync(join(cache, UK_CORE))) return undefined;
  return `UK Core (${UK_CORE}) was not found in ${beside} or ${cache}: set LHCR_FHIR_PACKAGES to the folder that holds it`;
}
