/**
 * Every kind of problem the blueprint loader reports. The list is closed: adding, removing or
 * renaming a code is a breaking change.
 *
 * - `parse`: a file is not well-formed YAML or JSON;
 * - `schema`: a file does not match its JSON Schema (a missing, unknown or wrong-typed property);
 * - `not-found`: a referenced file, folder or package does not exist;
 * - `duplicate`: an id that must be unique is used twice;
 * - `reference`: something names a requirement, profile, category or fixture that does not exist;
 * - `conformance`: a profile, extension, value set or code system is not a usable FHIR
 *   conformance resource (wrong `resourceType`, no differential, a url outside the canonical);
 * - `fixture`: a fixture breaks a rule of fixtures (an NHS number outside the test range, a
 *   resource that does not belong to the fixture's patient);
 * - `validation`: an example or fixture resource does not conform to the blueprint's profiles;
 * - `policy`: the opt-out or anonymisation policy is not valid;
 * - `limit`: a file or folder is larger than the loader accepts.
 *
 * @example
 * ```ts
 * BLUEPRINT_ISSUE_CODES.includes('schema'); // true
 * ```
 */
export const BLUEPRINT_ISSUE_CODES = [
  'parse',
  'schema',
  'not-found',
  'duplicate',
  'reference',
  'conformance',
  'fixture',
  'validation',
  'policy',
  'limit',
] as const;

/**
 * One of {@link BLUEPRINT_ISSUE_CODES}.
 *
 * @example
 * ```ts
 * const code: BlueprintIssueCode = 'reference';
 * ```
 */
export type BlueprintIssueCode = (typeof BLUEPRINT_ISSUE_CODES)[number];

/**
 * How serious an issue is, as in OperationOutcome.issue.severity. Only `error` stops a
 * blueprint from loading.
 *
 * @example
 * ```ts
 * const severity: BlueprintIssueSeverity = 'warning';
 * ```
 */
export type BlueprintIssueSeverity = 'error' | 'warning' | 'information';

/**
 * One problem found in a blueprint, in the shape of an OperationOutcome issue plus its place in
 * the author's files: `file` (relative to the blueprint folder, `/` separators), 1-based `line`
 * and `column`, and `path`, a JSON Pointer into that file's data. Messages say what was found and
 * what was expected; they never contain NHS numbers or resource bodies.
 *
 * @example
 * ```ts
 * const issue: BlueprintIssue = {
 *   severity: 'error',
 *   code: 'schema',
 *   file: 'requirements.yaml',
 *   line: 12,
 *   column: 12,
 *   path: '/requirements/3/level',
 *   diagnostics: 'requirements[3].level: expected one of MUST, SHOULD, MAY; found "MUTS"',
 * };
 * ```
 */
export interface BlueprintIssue {
  readonly severity: BlueprintIssueSeverity;
  readonly code: BlueprintIssueCode;
  readonly diagnostics: string;
  /** The file the issue is in, relative to the blueprint folder. */
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
  /** 1-based column in `file`. */
  readonly column?: number;
  /** JSON Pointer of the offending value within `file`'s data (`/requirements/3/level`). */
  readonly path?: string;
  /** FHIRPath of the element, for issues found by validating a FHIR resource. */
  readonly expression?: string;
  /** The requirement the issue is about, when there is one. */
  readonly requirementId?: string;
}

/**
 * Whether any issue is an error, which means the blueprint cannot be used.
 *
 * @example
 * ```ts
 * hasBlueprintErrors([{ severity: 'warning', code: 'fixture', diagnostics: 'x' }]); // false
 * ```
 */
export function hasBlueprintErrors(issues: readonly BlueprintIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/**
 * One line per issue, `file:line:column severity [code] diagnostics`, the way compilers print
 * them, so editors and CI logs can link to the place.
 *
 * @example
 * ```ts
 * formatBlueprintIssue({ severity: 'error', code: 'schema', file: 'blueprint.yaml', line: 3, column: 1, diagnostics: 'missing required property "title"' });
 * // 'blueprint.yaml:3:1 error [schema] missing required property "title"'
 * ```
 */
export function formatBlueprintIssue(issue: BlueprintIssue): string {
  let where = issue.file ?? '';
  if (issue.file !== undefined && issue.line !== undefined) {
    where += `:${String(issue.line)}:${String(issue.column ?? 1)}`;
  }
  const expression = issue.expression === undefined ? '' : ` (at ${issue.expression})`;
  const prefix = where === '' ? '' : `${where} `;
  return `${prefix}${issue.severity} [${issue.code}] ${issue.diagnostics}${expression}`;
}

/**
 * Thrown by {@link assertBlueprint}-style functions when a blueprint has errors; carries every
 * issue found.
 *
 * @example
 * ```ts
 * try {
 *   await assertBlueprint('./my-blueprint');
 * } catch (error) {
 *   if (error instanceof BlueprintError) console.error(error.issues.map(formatBlueprintIssue).join('\n'));
 * }
 * ```
 */
export class BlueprintError extends Error {
  override readonly name = 'BlueprintError';
  readonly code = 'blueprint-invalid' as const;
  readonly issues: readonly BlueprintIssue[];

  constructor(message: string, issues: readonly BlueprintIssue[]) {
    super(message);
    this.issues = issues;
  }
}
