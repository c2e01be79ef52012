import type { FhirPackage } from './fhir-package';
import { FhirPackageError } from './fhir-package-error';
import { parseFhirPackageReference } from './fhir-package-reference';
import type { FhirPackageCandidate, FhirPackageSource } from './fhir-package-source';
import type { FhirPackageWarning } from './fhir-package-warning';
import { findCycles } from './internal/cycles';
import { selectVersion } from './internal/version';

/**
 * A dependency that could not be found.
 *
 * @example
 * ```ts
 * const missing: MissingFhirPackage = {
 *   id: 'hl7.fhir.r5.core',
 *   version: '5.0.0',
 *   requiredBy: 'fhir.r4.ukcore.stu2#2.0.0',
 *   searched: ['folder /home/me/.fhir/packages'],
 *   found: [],
 * };
 * ```
 */
export interface MissingFhirPackage {
  /** The dependency's id, as the manifest names it. */
  readonly id: string;
  /** The version, pattern or label the manifest asks for. */
  readonly version: string;
  /** The package whose manifest names it, as `id#version`. */
  readonly requiredBy: string;
  /** Every source searched, as each describes itself. */
  readonly searched: readonly string[];
  /** The versions of the package that were found, none of which fits. */
  readonly found: readonly string[];
}

/**
 * A set of packages with their dependencies resolved.
 *
 * @example
 * ```ts
 * const set: FhirPackageSet = await loadFhirPackages(['fhir.r4.ukcore.stu2#2.0.0']);
 * for (const missing of set.missing) console.warn(`${missing.id}#${missing.version} not found`);
 * ```
 */
export interface FhirPackageSet {
  /**
   * Every package loaded, each once: the packages asked for, in order, then their dependencies
   * in breadth-first order (so a registry built from this list prefers the packages asked for).
   */
  readonly packages: readonly FhirPackage[];
  /** The dependencies that were not found (empty in strict mode, which throws instead). */
  readonly missing: readonly MissingFhirPackage[];
  /** Dependency cycles, each as the list of `id#version` round the cycle (first repeated last). */
  readonly cycles: readonly (readonly string[])[];
  /**
   * Every warning: each package's own (bad files, index mismatches) and those about the set
   * (missing dependencies, cycles, two versions of one package).
   */
  readonly warnings: readonly FhirPackageWarning[];
}

/**
 * Options for {@link loadFhirPackageDependencies}.
 *
 * @example
 * ```ts
 * const options: LoadFhirPackageDependenciesOptions = { strict: true };
 * ```
 */
export interface LoadFhirPackageDependenciesOptions {
  /**
   * Throw a {@link FhirPackageError} for a missing dependency (code `missing-dependency`), a
   * dependency cycle (code `dependency-cycle`) or a bad resource file in a dependency (code
   * `bad-resource`) instead of warning. Default false.
   */
  readonly strict?: boolean;
}

const labelOf = (pkg: { readonly id: string; readonly version: string }): string =>
  `${pkg.id}#${pkg.version}`;
const keyOf = (id: string, version: string): string => `${id.toLowerCase()}#${version}`;

interface Choice {
  readonly candidate: FhirPackageCandidate;
  readonly found: readonly string[];
}

/** Picks the version `wanted` asks for among every source's candidates; the first source wins ties. */
async function choose(
  id: string,
  wanted: string | undefined,
  sources: readonly FhirPackageSource[],
  loaded: readonly FhirPackage[],
): Promise<Choice | { readonly candidate: undefined; readonly found: readonly string[] }> {
  const fromLoaded: FhirPackageCandidate[] = loaded
    .filter((p) => p.id.toLowerCase() === id.toLowerCase())
    .map((p) => ({
      id: p.id,
      version: p.version,
      location: p.source,
      load: () => Promise.resolve(p),
    }));
  const all: FhirPackageCandidate[] = [...fromLoaded];
  for (const source of sources) all.push(...(await source.candidates(id)));
  const found = [...new Set(all.map((c) => c.version))];
  const version = selectVersion(found, wanted);
  const candidate = version === undefined ? undefined : all.find((c) => c.version === version);
  return { candidate, found };
}

/**
 * Loads the dependencies of `roots` (from each manifest's `dependencies`), recursively, from
 * `sources`: each dependency's version (exact, pattern such as `2.0.x`, or label such as
 * `current`) is picked among the versions every source holds and the packages already loaded,
 * and each `id#version` is loaded once. A dependency in no source is reported in
 * {@link FhirPackageSet.missing} with every source searched; cycles are reported, not followed
 * twice. Works in any JavaScript runtime; `@lhcr/validator/node` supplies folder sources.
 *
 * @throws {FhirPackageError} in strict mode, code `missing-dependency` or `dependency-cycle`;
 *   and whatever a source throws while loading a package.
 * @see https://hl7.org/fhir/packages.html#2.1.10.3 (dependencies)
 * @example
 * ```ts
 * const set = await loadFhirPackageDependencies([ukCore], [r4CoreSource, cacheSource]);
 * set.packages.map((p) => `${p.id}#${p.version}`); // ['fhir.r4.ukcore.stu2#2.0.0', 'hl7.fhir.r4.core#4.0.1']
 * ```
 */
export async function loadFhirPackageDependencies(
  roots: readonly FhirPackage[],
  sources: readonly FhirPackageSource[],
  options: LoadFhirPackageDependenciesOptions = {},
): Promise<FhirPackageSet> {
  const strict = options.strict ?? false;
  const loaded: FhirPackage[] = [];
  const byKey = new Map<string, FhirPackage>();
  const edges = new Map<string, string[]>();
  const missing: MissingFhirPackage[] = [];
  const warnings: FhirPackageWarning[] = [];
  const searched = sources.map((s) => s.description);

  const add = (pkg: FhirPackage): boolean => {
    const key = keyOf(pkg.id, pkg.version);
    if (byKey.has(key)) return false;
    byKey.set(key, pkg);
    loaded.push(pkg);
    return true;
  };
  for (const root of roots) add(root);

  // Breadth-first: loaded grows while we walk it.
  for (let index = 0; index < loaded.length; index++) {
    const pkg = loaded[index];
    if (pkg === undefined) break;
    const from = keyOf(pkg.id, pkg.version);
    const targets: string[] = [];
    edges.set(from, targets);
    for (const [id, wanted] of Object.entries(pkg.dependencies)) {
      const reference = parseFhirPackageReference(`${id}#${wanted}`);
      if (!reference.ok) {
        missing.push({ id, version: wanted, requiredBy: labelOf(pkg), searched: [], found: [] });
        warnings.push({
          code: 'missing-dependency',
          message: `${labelOf(pkg)} (${pkg.source}) names dependency ${JSON.stringify(id.slice(0, 100))}: ${JSON.stringify(wanted.slice(0, 100))}, which is not a usable package reference (${reference.message}); it was not loaded`,
          package: labelOf(pkg),
        });
        continue;
      }
      const { candidate, found } = await choose(id, reference.value.version, sources, loaded);
      if (candidate === undefined) {
        missing.push({ id, version: wanted, requiredBy: labelOf(pkg), searched, found });
        warnings.push({
          code: 'missing-dependency',
          message:
            `${labelOf(pkg)} depends on ${id}#${wanted}, which is in no search location; ` +
            `expected a package folder ${id}#${wanted}/package (or a matching version) in one of: ` +
            `${searched.length === 0 ? '(no search locations)' : searched.join('; ')}. ` +
            `Versions of ${id} found: ${found.length === 0 ? 'none' : found.join(', ')}`,
          package: labelOf(pkg),
        });
        continue;
      }
      const key = keyOf(candidate.id, candidate.version);
      const existing = byKey.get(key);
      if (existing !== undefined) {
        targets.push(keyOf(existing.id, existing.version));
        continue;
      }
      const dependency = await candidate.load({ includeExamples: false, strict });
      if (dependency.id.toLowerCase() !== candidate.id.toLowerCase()) {
        throw new FhirPackageError(
          'bad-manifest',
          `${candidate.location}: the manifest names package ${dependency.id}, but it was found as ${candidate.id}; expected the manifest "name" to be ${candidate.id}`,
          { path: candidate.location },
        );
      }
      // A label folder (`current`) holds a manifest with a fuller version: know it by both.
      const actualKey = keyOf(dependency.id, dependency.version);
      const same = byKey.get(actualKey);
      if (same === undefined) add(dependency);
      byKey.set(key, same ?? dependency);
      targets.push(actualKey);
    }
  }

  const labels = new Map(loaded.map((p) => [keyOf(p.id, p.version), labelOf(p)]));
  const cycles = findCycles([...labels.keys()], edges).map((cycle) =>
    cycle.map((key) => labels.get(key) ?? key),
  );
  for (const cycle of cycles) {
    warnings.push({
      code: 'dependency-cycle',
      message: `packages depend on each other in a cycle: ${cycle.join(' -> ')}; each was loaded once`,
      ...(cycle[0] === undefined ? {} : { package: cycle[0] }),
    });
  }

  const versionsById = new Map<string, string[]>();
  for (const pkg of loaded) {
    const versions = versionsById.get(pkg.id.toLowerCase()) ?? [];
    versions.push(pkg.version);
    versionsById.set(pkg.id.toLowerCase(), versions);
  }
  for (const [id, versions] of versionsById) {
    if (versions.length > 1) {
      warnings.push({
        code: 'several-versions',
        message: `${versions.length} versions of ${id} were loaded (${versions.join(', ')}); canonical references without a version resolve to the latest`,
      });
    }
  }

  if (strict && missing.length > 0) {
    const list = warnings.filter((w) => w.code === 'missing-dependency').map((w) => w.message);
    throw new FhirPackageError(
      'missing-dependency',
      `${missing.length} missing package dependenc${missing.length === 1 ? 'y' : 'ies'}: ${list.join(' | ')}`,
      { path: missing.map((m) => `${m.id}#${m.version}`).join(', ') },
    );
  }
  if (strict && cycles.length > 0) {
    throw new FhirPackageError(
      'dependency-cycle',
      `packages depend on each other in a cycle: ${cycles.map((c) => c.join(' -> ')).join('; ')}; expected an acyclic dependency graph in strict mode`,
      { path: cycles[0]?.[0] ?? '' },
    );
  }

  return {
    packages: loaded,
    missing,
    cycles,
    warnings: [...loaded.flatMap((p) => p.warnings), ...warnings],
  };
}
