import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { BlueprintIssue } from '../issue';
import { parseLocated } from './located-document';
import type { LocatedDocument } from './located-document';

/** The largest single blueprint file read (bytes). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** The most files one blueprint may have. */
export const MAX_FILES = 5000;

const DATA_FILE = /\.(json|ya?ml)$/i;

/** Reads and parses blueprint files, collecting issues; keeps counts for the limits. */
export class BlueprintReader {
  readonly issues: BlueprintIssue[] = [];
  private files = 0;

  constructor(readonly root: string) {}

  /** `/`-separated path of `absolute` relative to the blueprint root. */
  relative(absolute: string): string {
    return relative(this.root, absolute).split(sep).join('/');
  }

  private inside(absolute: string): boolean {
    const rel = relative(this.root, absolute);
    return (
      rel !== '' &&
      !rel.startsWith('..') &&
      !rel.includes(`..${sep}`) &&
      resolve(this.root, rel) === absolute
    );
  }

  /**
   * The files a manifest entry names: the file itself, or, for an entry ending in `/`, every
   * `.json`, `.yaml` and `.yml` file directly in that folder, sorted by name.
   */
  expand(
    entry: string,
    from: { file: string; path: (string | number)[]; locate: LocatedDocument['locate'] },
  ): string[] {
    const absolute = resolve(this.root, entry);
    const at = from.locate(from.path);
    const where = { file: from.file, line: at.line, column: at.column };
    if (!this.inside(absolute) && absolute !== this.root) {
      this.issues.push({
        severity: 'error',
        code: 'reference',
        ...where,
        diagnostics: `${entry}: expected a path inside the blueprint folder`,
      });
      return [];
    }
    if (!existsSync(absolute)) {
      this.issues.push({
        severity: 'error',
        code: 'not-found',
        ...where,
        diagnostics: `${entry}: no such file or folder in the blueprint`,
      });
      return [];
    }
    if (entry.endsWith('/')) {
      if (!statSync(absolute).isDirectory()) {
        this.issues.push({
          severity: 'error',
          code: 'not-found',
          ...where,
          diagnostics: `${entry}: expected a folder (the entry ends in '/')`,
        });
        return [];
      }
      return readdirSync(absolute)
        .filter((name) => DATA_FILE.test(name))
        .sort()
        .map((name) => join(absolute, name))
        .filter((file) => statSync(file).isFile());
    }
    if (!statSync(absolute).isFile()) {
      this.issues.push({
        severity: 'error',
        code: 'not-found',
        ...where,
        diagnostics: `${entry}: expected a file; end the entry with '/' to read every file in a folder`,
      });
      return [];
    }
    return [absolute];
  }

  /** Reads and parses one file; `undefined` (with issues recorded) when it cannot be used. */
  read(absolute: string): LocatedDocument | undefined {
    const file = this.relative(absolute);
    this.files += 1;
    if (this.files > MAX_FILES) {
      if (this.files === MAX_FILES + 1) {
        this.issues.push({
          severity: 'error',
          code: 'limit',
          file,
          diagnostics: `the blueprint has more than ${String(MAX_FILES)} files; expected fewer`,
        });
      }
      return undefined;
    }
    const size = statSync(absolute).size;
    if (size > MAX_FILE_BYTES) {
      this.issues.push({
        severity: 'error',
        code: 'limit',
        file,
        diagnostics: `file is ${String(size)} bytes; expected at most ${String(MAX_FILE_BYTES)}`,
      });
      return undefined;
    }
    const parsed = parseLocated(readFileSync(absolute, 'utf8'), file);
    if (!parsed.ok) {
      this.issues.push(...parsed.issues);
      return undefined;
    }
    return parsed.document;
  }
}
