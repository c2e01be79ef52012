import { FhirPackageError } from '../fhir-package-error';
import type { FhirPackageLimits } from '../fhir-package-limits';
import { DEFAULT_FHIR_PACKAGE_LIMITS } from '../fhir-package-limits';

const LIMIT_NAMES = ['maxArchiveBytes', 'maxEntryBytes', 'maxEntries'] as const;

/**
 * Fills in defaults and checks that each limit is a positive integer or `Infinity`.
 *
 * @throws {FhirPackageError} code `bad-option` for any other value.
 */
export function resolveLimits(limits: Partial<FhirPackageLimits> | undefined): FhirPackageLimits {
  const resolved = { ...DEFAULT_FHIR_PACKAGE_LIMITS, ...limits };
  for (const name of LIMIT_NAMES) {
    const value: unknown = resolved[name];
    const valid =
      typeof value === 'number' &&
      value > 0 &&
      (Number.isSafeInteger(value) || value === Number.POSITIVE_INFINITY);
    if (!valid) {
      throw new FhirPackageError(
        'bad-option',
        `options.limits.${name} must be a positive integer or Infinity; found ${String(value)}`,
      );
    }
  }
  return resolved;
}

/** `536870912 (512 MiB)`: a byte count with a readable size, for messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'] as const;
  let value = bytes / 1024;
  let unit: (typeof units)[number] = units[0];
  for (const next of units.slice(1)) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${bytes} bytes (${shown} ${unit})`;
}
