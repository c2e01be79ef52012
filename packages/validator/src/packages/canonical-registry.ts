import { parseCanonical } from './canonical-reference';
import type { FhirPackage, LoadedResource } from './fhir-package';
import type { FhirPackageWarning } from './fhir-package-warning';
import { compareVersions, hasVersionPrefix, isLabel, isRelease } from './internal/version';

/**
 * A resource in a {@link CanonicalRegistry}: a {@link LoadedResource} that has a canonical `url`,
 * with the package it came from.
 *
 * @example
 * ```ts
 * const patient: RegisteredResource | undefined = registry.resolve(
 *   'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient',
 * );
 * console.log(patient?.packageId, patient?.version); // 'fhir.r4.ukcore.stu2' '2.6.1'
 * ```
 */
export interface RegisteredResource extends LoadedResource {
  /** The canonical URL (always present for registered resources). */
  readonly url: string;
  /** The id of the package the resource came from. */
  readonly packageId: string;
  /** The version of the package the resource came from. */
  readonly packageVersion: string;
}

/**
 * Where a resource added with {@link CanonicalRegistry.addResource} comes from.
 *
 * @example
 * ```ts
 * const origin: ResourceOrigin = { id: 'local.definitions', version: '0.0.0' };
 * ```
 */
export interface ResourceOrigin {
  /** A package id (or any name for resources that are not from a package). */
  readonly id: string;
  /** Its version. */
  readonly version: string;
}

interface Entry {
  readonly resource: RegisteredResource;
  /** Insertion order: the tie-break, earlier wins. */
  readonly order: number;
}

/** `major.minor`, the only partial version FHIR lets a canonical reference use. */
const MAJOR_MINOR = /^\d+\.\d+$/;

/** Releases above pre-releases above labels (`current`) above no version at all. */
function rank(version: string | undefined): number {
  if (version === undefined) return 0;
  if (isRelease(version)) return 3;
  return isLabel(version) ? 1 : 2;
}

/** Whether `a` should be preferred to `b` as "the latest". */
function isNewer(a: Entry, b: Entry): boolean {
  const left = a.resource.version;
  const right = b.resource.version;
  const byRank = rank(left) - rank(right);
  if (byRank !== 0) return byRank > 0;
  const byVersion = left === undefined || right === undefined ? 0 : compareVersions(left, right);
  if (byVersion !== 0) return byVersion > 0;
  return a.order < b.order;
}

function newest(entries: readonly Entry[]): Entry | undefined {
  let best: Entry | undefined;
  for (const entry of entries) if (best === undefined || isNewer(entry, best)) best = entry;
  return best;
}

/**
 * Finds conformance resources (StructureDefinitions, ValueSets, CodeSystems, and anything else
 * with a `url`) by canonical reference across loaded packages. Works in any JavaScript runtime.
 *
 * Resolution follows FHIR's rules for canonical references:
 * - `url|version`: the resource with exactly that version; failing that, when the version is
 *   `major.minor`, the latest of its patches (`2.6` finds `2.6.1`);
 * - `url` alone: the latest version by semantic-version order (releases before pre-releases,
 *   then labels such as `current`, then resources without a version);
 * - ties (the same version in two packages) go to the resource added first, so the order in
 *   which packages are added decides, deterministically.
 *
 * Two resources of one type with the same `url` and `version` are a conflict, reported in
 * {@link CanonicalRegistry.warnings} (code `canonical-conflict`); both are kept.
 *
 * @see https://hl7.org/fhir/R4/references.html#canonical
 * @example
 * ```ts
 * const registry = new CanonicalRegistry();
 * registry.addPackage(ukCore);
 * registry.addPackage(r4Core);
 * const profile = registry.resolve('https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient', 'StructureDefinition');
 * const genders = registry.resolve('http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1', 'ValueSet');
 * ```
 */
export class CanonicalRegistry {
  readonly #byUrl = new Map<string, Entry[]>();
  readonly #byType = new Map<string, RegisteredResource[]>();
  readonly #byKey = new Map<string, RegisteredResource>();
  readonly #packages: string[] = [];
  readonly #warnings: FhirPackageWarning[] = [];
  #count = 0;

  /**
   * Adds every resource of `pkg` that has a `url` (examples are not added). Adding a package
   * with the same id and version again does nothing.
   *
   * @returns the conflicts this package caused (also added to {@link CanonicalRegistry.warnings}).
   * @example
   * ```ts
   * const conflicts = registry.addPackage(await loadFhirPackage('fhir.r4.ukcore.stu2#2.0.0'));
   * for (const conflict of conflicts) console.warn(conflict.message);
   * ```
   */
  addPackage(pkg: FhirPackage): readonly FhirPackageWarning[] {
    const label = `${pkg.id}#${pkg.version}`;
    if (this.#packages.includes(label)) return [];
    this.#packages.push(label);
    const added: FhirPackageWarning[] = [];
    for (const resource of pkg.resources) {
      const conflict = this.addResource(resource, pkg);
      if (conflict !== undefined) added.push(conflict);
    }
    return added;
  }

  /**
   * Adds one resource. A resource without a `url` is ignored.
   *
   * @returns the conflict it caused, if any.
   * @example
   * ```ts
   * registry.addResource(
   *   { resourceType: 'ValueSet', url: 'https://example.org/ValueSet/x', fileName: 'ValueSet-x.json', resource: valueSet },
   *   { id: 'local.definitions', version: '0.0.0' },
   * );
   * ```
   */
  addResource(resource: LoadedResource, origin: ResourceOrigin): FhirPackageWarning | undefined {
    const { url } = resource;
    if (url === undefined) return undefined;
    const registered: RegisteredResource = {
      ...resource,
      url,
      packageId: origin.id,
      packageVersion: origin.version,
    };
    const entry: Entry = { resource: registered, order: this.#count++ };
    const sameUrl = this.#byUrl.get(url);
    if (sameUrl === undefined) this.#byUrl.set(url, [entry]);
    else sameUrl.push(entry);
    const sameType = this.#byType.get(resource.resourceType);
    if (sameType === undefined) this.#byType.set(resource.resourceType, [registered]);
    else sameType.push(registered);

    const key = `${resource.resourceType} ${url}|${resource.version ?? ''}`;
    const first = this.#byKey.get(key);
    if (first === undefined) {
      this.#byKey.set(key, registered);
      return undefined;
    }
    const where = (r: RegisteredResource): string =>
      `${r.packageId}#${r.packageVersion} (${r.fileName})`;
    const shown =
      resource.version === undefined ? `${url} (no version)` : `${url}|${resource.version}`;
    const warning: FhirPackageWarning = {
      code: 'canonical-conflict',
      message: `${resource.resourceType} ${shown} is defined in both ${where(first)} and ${where(registered)}; references resolve to the first, loaded earlier`,
      package: `${origin.id}#${origin.version}`,
      file: resource.fileName,
    };
    this.#warnings.push(warning);
    return warning;
  }

  /**
   * Finds the resource a canonical reference (`url` or `url|version`) points to, optionally only
   * among resources of one type. Returns undefined when nothing matches.
   *
   * @example
   * ```ts
   * registry.resolve('http://hl7.org/fhir/StructureDefinition/Patient')?.packageId; // 'hl7.fhir.r4.core'
   * registry.resolve('https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient|2.6', 'StructureDefinition')?.version; // '2.6.1'
   * ```
   */
  resolve(canonical: string, resourceType?: string): RegisteredResource | undefined {
    const { url, version } = parseCanonical(canonical);
    const all = this.#byUrl.get(url);
    if (all === undefined) return undefined;
    const entries =
      resourceType === undefined
        ? all
        : all.filter((e) => e.resource.resourceType === resourceType);
    if (version === undefined) return newest(entries)?.resource;
    const exact = entries.find((e) => e.resource.version === version);
    if (exact !== undefined) return exact.resource;
    if (!MAJOR_MINOR.test(version)) return undefined;
    return newest(
      entries.filter((e) => {
        const candidate = e.resource.version;
        return candidate !== undefined && hasVersionPrefix(candidate, version);
      }),
    )?.resource;
  }

  /**
   * Every registered version of a canonical URL (optionally of one type), latest first by the
   * order {@link CanonicalRegistry.resolve} uses.
   *
   * @example
   * ```ts
   * registry.versions('https://example.org/ValueSet/x').map((r) => r.version); // ['2.0.0', '1.1.0', '1.0.0']
   * ```
   */
  versions(url: string, resourceType?: string): readonly RegisteredResource[] {
    const all = this.#byUrl.get(url) ?? [];
    return all
      .filter((e) => resourceType === undefined || e.resource.resourceType === resourceType)
      .sort((a, b) => (isNewer(a, b) ? -1 : isNewer(b, a) ? 1 : 0))
      .map((e) => e.resource);
  }

  /**
   * Every registered resource of a type, in the order added.
   *
   * @example
   * ```ts
   * const valueSets = registry.list('ValueSet');
   * console.log(valueSets.length);
   * ```
   */
  list(resourceType: string): readonly RegisteredResource[] {
    return [...(this.#byType.get(resourceType) ?? [])];
  }

  /**
   * The resource types present, sorted.
   *
   * @example
   * ```ts
   * registry.resourceTypes(); // ['CodeSystem', 'StructureDefinition', 'ValueSet']
   * ```
   */
  resourceTypes(): readonly string[] {
    return [...this.#byType.keys()].sort();
  }

  /**
   * The packages added, as `id#version`, in the order added (the tie-break order).
   *
   * @example
   * ```ts
   * registry.packages; // ['fhir.r4.ukcore.stu2#2.0.0', 'hl7.fhir.r4.core#4.0.1']
   * ```
   */
  get packages(): readonly string[] {
    return [...this.#packages];
  }

  /**
   * The conflicts found so far (code `canonical-conflict`).
   *
   * @example
   * ```ts
   * for (const warning of registry.warnings) console.warn(warning.message);
   * ```
   */
  get warnings(): readonly FhirPackageWarning[] {
    return [...this.#warnings];
  }

  /**
   * How many resources are registered.
   *
   * @example
   * ```ts
   * registry.size; // 3700
   * ```
   */
  get size(): number {
    return this.#count;
  }
}

/**
 * A {@link CanonicalRegistry} holding the resources of `packages`, added in order (so earlier
 * packages win ties).
 *
 * @example
 * ```ts
 * const { packages } = await loadFhirPackages(['fhir.r4.ukcore.stu2#2.0.0']);
 * const registry = createCanonicalRegistry(packages);
 * ```
 */
export function createCanonicalRegistry(packages: readonly FhirPackage[] = []): CanonicalRegistry {
  const registry = new CanonicalRegistry();
  for (const pkg of packages) registry.addPackage(pkg);
  return registry;
}
