import type { FhirPackage, LoadedResource } from './fhir-package';
import { FhirPackageError } from './fhir-package-error';
import { isFhirPackageId, isFhirPackageVersion } from './fhir-package-reference';
import type { FhirPackageWarning } from './fhir-package-warning';
import { summarise } from './internal/resource';

/**
 * The manifest facts of a package made from definition bundles.
 *
 * @example
 * ```ts
 * const manifest: FhirPackageBundleManifest = { id: 'hl7.fhir.r4.core', version: '4.0.1', fhirVersions: ['4.0.1'] };
 * ```
 */
export interface FhirPackageBundleManifest {
  /** The package id, such as `hl7.fhir.r4.core`. */
  readonly id: string;
  /** The package version, such as `4.0.1`. */
  readonly version: string;
  /** The FHIR versions the package targets. Default none. */
  readonly fhirVersions?: readonly string[];
  /** The packages it depends on, `{ id: version }`. Default none. */
  readonly dependencies?: Readonly<Record<string, string>>;
  /** The base canonical URL, when there is one. */
  readonly canonical?: string;
}

/**
 * One definition bundle (such as the specification's `profiles-types.json`): its name, for
 * messages, and its parsed JSON.
 *
 * @example
 * ```ts
 * const input: FhirPackageBundle = { name: 'profiles-types', bundle: JSON.parse(text) };
 * ```
 */
export interface FhirPackageBundle {
  /** A name for messages, such as `profiles-types`. */
  readonly name: string;
  /** The parsed JSON: a `Bundle` whose `entry[].resource` are the resources. */
  readonly bundle: unknown;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds a {@link FhirPackage} from definition bundles, the form in which the FHIR specification
 * publishes its definitions (`profiles-types.json`, `valuesets.json`, …). Each resource is given
 * the file name it has in the published package (`StructureDefinition-Patient.json`); a second
 * resource with the same type and id is skipped with a warning. Works anywhere: a browser can
 * `fetch` the bundles and pass them here.
 *
 * @throws {FhirPackageError} code `bad-option` when the id or version is unusable; code
 *   `bad-resource` when a bundle is not a `Bundle` with an `entry` array.
 * @example
 * ```ts
 * const r4 = createFhirPackageFromBundles(
 *   { id: 'hl7.fhir.r4.core', version: '4.0.1', fhirVersions: ['4.0.1'] },
 *   [{ name: 'profiles-types', bundle: await (await fetch(typesUrl)).json() }],
 *   'https://example.org/definitions',
 * );
 * ```
 */
export function createFhirPackageFromBundles(
  manifest: FhirPackageBundleManifest,
  bundles: readonly FhirPackageBundle[],
  source: string,
): FhirPackage {
  if (!isFhirPackageId(manifest.id) || !isFhirPackageVersion(manifest.version)) {
    throw new FhirPackageError(
      'bad-option',
      `${source}: package id ${JSON.stringify(manifest.id)} or version ${JSON.stringify(manifest.version)} is unusable; expected an id such as hl7.fhir.r4.core and a version such as 4.0.1`,
      { path: source },
    );
  }
  const label = `${manifest.id}#${manifest.version}`;
  const warnings: FhirPackageWarning[] = [];
  const byFileName = new Map<string, LoadedResource>();
  for (const { name, bundle } of bundles) {
    const entries = isRecord(bundle) && bundle.resourceType === 'Bundle' ? bundle.entry : undefined;
    if (!Array.isArray(entries)) {
      throw new FhirPackageError(
        'bad-resource',
        `${source}: definition bundle ${name} is not a FHIR Bundle with an entry array`,
        { path: `${source}: ${name}` },
      );
    }
    entries.forEach((entry: unknown, index) => {
      const json = isRecord(entry) ? entry.resource : undefined;
      const id = isRecord(json) && typeof json.id === 'string' ? json.id : `entry-${index}`;
      const type =
        isRecord(json) && typeof json.resourceType === 'string' ? json.resourceType : 'Unknown';
      const fileName = `${type}-${id}.json`;
      const outcome =
        json === undefined
          ? { ok: false as const, problem: 'has no resource' }
          : summarise(fileName, json);
      if (!outcome.ok) {
        warnings.push({
          code: 'bad-resource',
          message: `${label} (${source}): ${name} entry ${index} ${outcome.problem}; it was skipped`,
          package: label,
        });
      } else if (byFileName.has(fileName)) {
        warnings.push({
          code: 'bad-resource',
          message: `${label} (${source}): ${name} entry ${index} repeats ${type}/${id}; the first was kept`,
          package: label,
          file: fileName,
        });
      } else {
        byFileName.set(fileName, outcome.value);
      }
    });
  }
  const resources = [...byFileName.values()].sort((a, b) =>
    a.fileName === b.fileName ? 0 : a.fileName < b.fileName ? -1 : 1,
  );
  return {
    id: manifest.id,
    version: manifest.version,
    fhirVersions: manifest.fhirVersions ?? [],
    dependencies: manifest.dependencies ?? {},
    ...(manifest.canonical === undefined ? {} : { canonical: manifest.canonical }),
    resources,
    examples: [],
    warnings,
    source,
  };
}
