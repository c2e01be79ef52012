import type { LoadedResource } from '../fhir-package';

/** One disagreement between `.index.json` and the files. */
export interface IndexProblem {
  readonly message: string;
  readonly file?: string;
}

const FIELDS = ['resourceType', 'id', 'url', 'version'] as const;
/** Stop listing after this many problems, so a wrong index cannot flood the warnings. */
const MAX_PROBLEMS = 20;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Compares `package/.index.json` with the resources read. Reports files the index lists that are
 * absent (unless they were skipped as bad already) and summary fields that differ.
 *
 * @see https://hl7.org/fhir/packages.html#2.1.10.4 (the .index.json file)
 */
export function checkIndex(
  text: string,
  resources: ReadonlyMap<string, LoadedResource>,
  skipped: ReadonlySet<string | undefined>,
): IndexProblem[] {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return [{ message: `is not valid JSON (${(error as Error).message}); it was ignored` }];
  }
  const files = isRecord(json) ? json.files : undefined;
  if (!Array.isArray(files)) {
    return [
      {
        message:
          'has no "files" array (expected { "index-version": 1, "files": [...] }); it was ignored',
      },
    ];
  }
  const problems: IndexProblem[] = [];
  for (const entry of files) {
    if (problems.length >= MAX_PROBLEMS) {
      problems.push({
        message: `has more disagreements with the files; only the first ${MAX_PROBLEMS} are listed`,
      });
      break;
    }
    const filename = isRecord(entry) ? entry.filename : undefined;
    if (typeof filename !== 'string') {
      problems.push({ message: 'has an entry without a "filename"' });
      continue;
    }
    if (skipped.has(filename)) continue;
    const resource = resources.get(filename);
    if (resource === undefined) {
      problems.push({ message: `lists ${filename}, which is not in the package`, file: filename });
      continue;
    }
    for (const field of FIELDS) {
      const listed = isRecord(entry) ? entry[field] : undefined;
      const actual = resource[field];
      if (typeof listed === 'string' && listed !== actual) {
        problems.push({
          message: `gives ${field} ${JSON.stringify(listed)} for ${filename}, but the file has ${actual === undefined ? 'none' : JSON.stringify(actual)}`,
          file: filename,
        });
      }
    }
  }
  return problems;
}
