import { FhirPackageError } from '../fhir-package-error';
import { isFhirPackageId, isFhirPackageVersion } from '../fhir-package-reference';

/** The parts of `package/package.json` the loader uses. */
export interface FhirPackageManifest {
  readonly id: string;
  readonly version: string;
  readonly fhirVersions: readonly string[];
  readonly dependencies: Readonly<Record<string, string>>;
  readonly canonical?: string;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string');
}

/**
 * Reads a parsed `package.json`. `where` names the file for messages (`/x/package/package.json`,
 * `uk-core.tgz: package/package.json`).
 *
 * @throws {FhirPackageError} code `bad-manifest` when it is not an object with a usable `name`
 *   and `version`, or when `dependencies` is not an object of strings.
 */
export function readManifest(json: unknown, where: string): FhirPackageManifest {
  const fail = (what: string): never => {
    throw new FhirPackageError('bad-manifest', `${where}: ${what}`, { path: where });
  };
  if (!isRecord(json)) return fail('expected a JSON object (the package manifest)');
  const { name, version } = json;
  if (typeof name !== 'string' || !isFhirPackageId(name)) {
    return fail(
      'expected "name" to be the package id, dot-separated words of letters, digits, - and _ (such as hl7.fhir.r4.core)',
    );
  }
  if (typeof version !== 'string' || !isFhirPackageVersion(version)) {
    return fail(
      'expected "version" to be the package version, such as 4.0.1 (letters, digits, ., -, + and _)',
    );
  }
  const rawDependencies = json.dependencies ?? {};
  if (!isRecord(rawDependencies)) {
    return fail('expected "dependencies" to be an object of { "package id": "version" }');
  }
  const dependencyEntries = Object.entries(rawDependencies);
  for (const [id, wanted] of dependencyEntries) {
    if (typeof wanted !== 'string') {
      return fail(
        `expected the version of dependency ${JSON.stringify(id.slice(0, 100))} to be a string, such as "4.0.1"`,
      );
    }
  }
  const fhirVersions = strings(json.fhirVersions) ?? strings(json['fhir-version-list']) ?? [];
  const canonical = typeof json.canonical === 'string' ? json.canonical : undefined;
  return {
    id: name,
    version,
    fhirVersions,
    // fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
    dependencies: Object.fromEntries(dependencyEntries) as Record<string, string>,
    ...(canonical === undefined ? {} : { canonical }),
  };
}
