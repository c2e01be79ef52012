import type { FhirPackage, LoadedResource } from './fhir-package';
import { FhirPackageError } from './fhir-package-error';
import type { FhirPackageWarning } from './fhir-package-warning';
import { checkIndex } from './internal/index-file';
import { roleOf } from './internal/layout';
import { readManifest } from './internal/manifest';
import { toLoadedResource } from './internal/resource';

/**
 * One file of a FHIR NPM package, as a reader found it.
 *
 * @example
 * ```ts
 * const file: FhirPackageFile = { path: 'package.json', content: '{"name":"x.y","version":"1.0.0"}' };
 * ```
 */
export interface FhirPackageFile {
  /**
   * The path relative to the package's `package/` folder, with `/` separators:
   * `package.json`, `StructureDefinition-X.json`, `examples/Patient-1.json`.
   */
  readonly path: string;
  /** The file's bytes (UTF-8, a byte order mark is ignored) or its text. */
  readonly content: Uint8Array | string;
}

/**
 * Options for {@link createFhirPackage}.
 *
 * @example
 * ```ts
 * const options: CreateFhirPackageOptions = { source: 'https://example.org/ig/package.tgz', includeExamples: true };
 * ```
 */
export interface CreateFhirPackageOptions {
  /** Where the files came from, for {@link FhirPackage.source} and messages. */
  readonly source: string;
  /** Keep the examples (`examples/*.json`). Default false. */
  readonly includeExamples?: boolean;
  /** Throw on a file that is not JSON or not a resource, instead of warning. Default false. */
  readonly strict?: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

function textOf(content: Uint8Array | string): string {
  const text = typeof content === 'string' ? content : decoder.decode(content);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function compareFileNames(a: LoadedResource, b: LoadedResource): number {
  if (a.fileName === b.fileName) return 0;
  return a.fileName < b.fileName ? -1 : 1;
}

/**
 * Builds a {@link FhirPackage} from the files of its `package/` folder, wherever they came from
 * (a browser `fetch`, an archive, a folder). It reads the manifest, parses every resource file
 * (`*.json` directly in `package/`, and `examples/*.json` when `includeExamples` is set),
 * checks `.index.json` against the files when there is one, and ignores everything else. A file
 * that is not JSON or not a resource becomes a warning (or, with `strict`, an error).
 *
 * @throws {FhirPackageError} code `bad-manifest` when `package.json` is absent or unusable;
 *   code `bad-resource` for a bad resource file when `strict` is set.
 * @see https://hl7.org/fhir/packages.html
 * @example
 * ```ts
 * const pkg = createFhirPackage(
 *   [
 *     { path: 'package.json', content: JSON.stringify({ name: 'example.fhir.ig', version: '1.0.0' }) },
 *     { path: 'ValueSet-colours.json', content: JSON.stringify({ resourceType: 'ValueSet', url: 'https://example.org/ValueSet/colours' }) },
 *   ],
 *   { source: 'memory' },
 * );
 * pkg.resources[0]?.url; // 'https://example.org/ValueSet/colours'
 * ```
 */
export function createFhirPackage(
  files: Iterable<FhirPackageFile>,
  options: CreateFhirPackageOptions,
): FhirPackage {
  const { source } = options;
  const includeExamples = options.includeExamples ?? false;
  let manifestText: string | undefined;
  let indexText: string | undefined;
  const resourceFiles: FhirPackageFile[] = [];
  const exampleFiles: FhirPackageFile[] = [];
  for (const file of files) {
    const role = roleOf(file.path);
    if (role === 'manifest') manifestText = textOf(file.content);
    else if (role === 'index') indexText = textOf(file.content);
    else if (role === 'resource') resourceFiles.push(file);
    else if (role === 'example' && includeExamples) exampleFiles.push(file);
  }

  const manifestWhere = `${source}: package/package.json`;
  if (manifestText === undefined) {
    throw new FhirPackageError(
      'bad-manifest',
      `${source}: no package/package.json; expected a FHIR NPM package, whose manifest is package/package.json`,
      { path: source },
    );
  }
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(manifestText);
  } catch (cause) {
    throw new FhirPackageError(
      'bad-manifest',
      `${manifestWhere} is not valid JSON (${(cause as Error).message}); expected the package manifest`,
      { path: manifestWhere, cause },
    );
  }
  const manifest = readManifest(manifestJson, manifestWhere);
  const label = `${manifest.id}#${manifest.version}`;

  const warnings: FhirPackageWarning[] = [];
  const load = (file: FhirPackageFile): LoadedResource | undefined => {
    const outcome = toLoadedResource(file.path, textOf(file.content));
    if (outcome.ok) return outcome.value;
    const message = `${label} (${source}): package/${file.path} ${outcome.problem}; the file was skipped`;
    if (options.strict === true) {
      throw new FhirPackageError(
        'bad-resource',
        `${label} (${source}): package/${file.path} ${outcome.problem}; expected a FHIR resource in JSON`,
        { path: `${source}: package/${file.path}` },
      );
    }
    warnings.push({ code: 'bad-resource', message, package: label, file: file.path });
    return undefined;
  };
  const resources = resourceFiles
    .map(load)
    .filter((r) => r !== undefined)
    .sort(compareFileNames);
  const examples = exampleFiles
    .map(load)
    .filter((r) => r !== undefined)
    .sort(compareFileNames);
  if (indexText !== undefined) {
    const byName = new Map(resources.map((r) => [r.fileName, r]));
    const skipped = new Set(warnings.map((w) => w.file));
    for (const problem of checkIndex(indexText, byName, skipped)) {
      warnings.push({
        code: 'index-mismatch',
        message: `${label} (${source}): package/.index.json ${problem.message}`,
        package: label,
        ...(problem.file === undefined ? {} : { file: problem.file }),
      });
    }
  }
  return {
    id: manifest.id,
    version: manifest.version,
    fhirVersions: manifest.fhirVersions,
    dependencies: manifest.dependencies,
    ...(manifest.canonical === undefined ? {} : { canonical: manifest.canonical }),
    resources,
    examples,
    warnings,
    source,
  };
}
