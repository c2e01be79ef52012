import type { BlueprintIssue } from './issue';
import { parseLocated } from './internal/located-document';
import { SCHEMAS, schemaIssues } from './internal/schemas';
import type { SchemaKind } from './internal/schemas';

/**
 * The kinds of blueprint file that have a published JSON Schema (`@lhcr/blueprint/schema/*.json`).
 *
 * @example
 * ```ts
 * BLUEPRINT_FILE_KINDS.includes('fixture'); // true
 * ```
 */
export const BLUEPRINT_FILE_KINDS = Object.keys(SCHEMAS) as readonly BlueprintFileKind[];

/**
 * One of {@link BLUEPRINT_FILE_KINDS}: `manifest`, `requirements`, `capability`, `security`,
 * `code-list`, `anonymisation-policy` or `fixture`.
 *
 * @example
 * ```ts
 * const kind: BlueprintFileKind = 'manifest';
 * ```
 */
export type BlueprintFileKind = SchemaKind;

/**
 * The outcome of {@link checkBlueprintFile}.
 *
 * @example
 * ```ts
 * const result: BlueprintFileResult = checkBlueprintFile(text, 'blueprint.yaml', 'manifest');
 * ```
 */
export type BlueprintFileResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issues: readonly BlueprintIssue[] };

/**
 * Parses one blueprint file (YAML when `fileName` ends in `.yaml` or `.yml`, JSON otherwise) and
 * checks it against the JSON Schema of `kind`. Every problem is reported with the file, 1-based
 * line and column, JSON Pointer and what was expected, for editors and pre-commit hooks.
 *
 * @example
 * ```ts
 * const result = checkBlueprintFile('id: demo\nstatus: ready\n', 'blueprint.yaml', 'manifest');
 * if (!result.ok) console.log(result.issues[0]);
 * // { severity: 'error', code: 'schema', file: 'blueprint.yaml', line: 1, column: 1, path: '', diagnostics: '(top level): missing required property "title"' }
 * ```
 */
export function checkBlueprintFile(
  text: string,
  fileName: string,
  kind: BlueprintFileKind,
): BlueprintFileResult {
  const parsed = parseLocated(text, fileName);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const issues = schemaIssues(parsed.document, kind);
  return issues.length === 0 ? { ok: true, value: parsed.document.value } : { ok: false, issues };
}
