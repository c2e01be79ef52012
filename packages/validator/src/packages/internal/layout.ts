// Which files of a FHIR NPM package the loader reads. Shared by the archive and folder readers
// (so they never buffer what will be thrown away) and by createFhirPackage.

/** The manifest, relative to `package/`. */
export const MANIFEST_FILE = 'package.json';
/** The optional index of the package's resources, relative to `package/`. */
export const INDEX_FILE = '.index.json';
/** The folders examples may sit in, relative to `package/`. */
export const EXAMPLE_FOLDERS = ['examples', 'example'] as const;

/** What a file inside `package/` is to the loader. */
export type FileRole = 'manifest' | 'index' | 'resource' | 'example' | 'other';

function isJsonName(name: string): boolean {
  return name.length > 5 && name.toLowerCase().endsWith('.json');
}

/** Classifies a path relative to `package/` (with `/` separators). */
export function roleOf(path: string): FileRole {
  if (path === MANIFEST_FILE) return 'manifest';
  if (path === INDEX_FILE) return 'index';
  const slash = path.indexOf('/');
  if (slash === -1) return isJsonName(path) && !path.startsWith('.') ? 'resource' : 'other';
  const folder = path.slice(0, slash);
  const rest = path.slice(slash + 1);
  const inExamples = (EXAMPLE_FOLDERS as readonly string[]).includes(folder);
  if (inExamples && !rest.includes('/') && isJsonName(rest) && !rest.startsWith('.')) {
    return 'example';
  }
  return 'other';
}

/** Whether a reader should keep the content of the file at `path` (relative to `package/`). */
export function isWanted(path: string, includeExamples: boolean): boolean {
  const role = roleOf(path);
  return role !== 'other' && (role !== 'example' || includeExamples);
}
