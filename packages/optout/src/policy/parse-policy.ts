import { cloneJson } from '../internal/clone';
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { OptOutError } from '../errors';
import { PURPOSE_OF_USE_CODES } from '../generated/purpose-of-use';
import type { OptOutIssue } from '../issues';
import { isIsoDate } from '../internal/dates';
import { PURPOSES, purposeForPurposeOfUse } from '../vocabulary';
import { OPTOUT_POLICY_SCHEMA } from './policy-schema';
import { REASON_PLACEHOLDERS } from './policy-types';
import type { OptOutPolicy, PolicyRule, RuleCondition } from './policy-types';

/**
 * The largest policy document {@link parseOptOutPolicy} reads, in characters (1 MiB).
 *
 * @example
 * ```ts
 * if (text.length > MAX_POLICY_CHARS) console.error('policy too large');
 * ```
 */
export const MAX_POLICY_CHARS = 1_048_576;

/**
 * What {@link parseOptOutPolicy} returns: the policy (deeply frozen) with any warnings, or every
 * issue found. Issues carry the source, a line and column when the input was text, and an
 * `expression` such as `rules[3].when.purpose[0]`.
 *
 * @example
 * ```ts
 * const result: PolicyParseResult = parseOptOutPolicy(text, 'policy.yaml');
 * if (!result.ok) for (const issue of result.issues) console.error(formatIssue(issue));
 * ```
 */
export type PolicyParseResult =
  | { readonly ok: true; readonly policy: OptOutPolicy; readonly issues: readonly OptOutIssue[] }
  | { readonly ok: false; readonly issues: readonly OptOutIssue[] };

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
    OPTOUT_POLICY_SCHEMA,
  );
  return compiled;
}

type PathSegment = string | number;

/** `rules[3].when.purpose[0]` from path segments. */
function toExpression(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    text +=
      typeof segment === 'number'
        ? `[${String(segment)}]`
        : `${text === '' ? '' : '.'}${/^[A-Za-z_$][\w$]*$/.test(segment) ? segment : JSON.stringify(segment)}`;
  }
  return text === '' ? '(document)' : text;
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** Locates path segments (and optionally one key of the object there) in the source text. */
class Locator {
  constructor(
    private readonly document: Document | undefined,
    private readonly lines: LineCounter | undefined,
  ) {}

  at(path: readonly PathSegment[], key?: string): { line?: number; column?: number } {
    if (this.document === undefined || this.lines === undefined) return {};
    const node: unknown =
      path.length === 0 ? this.document.contents : this.document.getIn(path, true);
    let offset: number | undefined;
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (pair && isScalar(pair.key)) offset = pair.key.range?.[0];
    }
    if (offset === undefined && node !== null && typeof node === 'object' && 'range' in node) {
      const range = (node as { range?: readonly number[] | null }).range;
      offset = range?.[0];
    }
    if (offset === undefined) return {};
    const position = this.lines.linePos(offset);
    return { line: position.line, column: position.col };
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    return typeof value;
  }
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    text = Array.isArray(value) ? '[...]' : '{...}';
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Whether a value parsed from YAML is a tree of at most `maxDepth` levels (aliases can make cycles). */
function isBoundedTree(value: unknown, maxDepth: number): boolean {
  const ancestors = new Set<unknown>();
  const visit = (node: unknown, depth: number): boolean => {
    if (node === null || typeof node !== 'object') return true;
    if (depth > maxDepth || ancestors.has(node)) return false;
    ancestors.add(node);
    const ok = Object.values(node).every((child) => visit(child, depth + 1));
    ancestors.delete(node);
    return ok;
  };
  return visit(value, 0);
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function schemaIssue(
  error: ErrorObject,
  root: unknown,
  locator: Locator,
  source: string,
): OptOutIssue | undefined {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  let diagnostics: string;
  let key: string | undefined;
  let expressionPath = path;
  switch (error.keyword) {
    case 'if':
      return undefined;
    case 'required':
      diagnostics = `missing required property '${String(params['missingProperty'])}'`;
      break;
    case 'additionalProperties':
      key = String(params['additionalProperty']);
      expressionPath = [...path, key];
      diagnostics = `unknown property '${key}'`;
      break;
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const shown =
        allowed.length > 20 ? `${allowed.slice(0, 20).join(', ')}, ...` : allowed.join(', ');
      diagnostics = `must be one of ${shown}; found ${describeValue(valueAt(root, path))}`;
      break;
    }
    case 'type':
      diagnostics = `must be ${String(params['type']).replace(',', ' or ')}; found ${describeValue(valueAt(root, path))}`;
      break;
    case 'pattern':
      diagnostics = `must match ${String(params['pattern'])}; found ${describeValue(valueAt(root, path))}`;
      break;
    case 'uniqueItems':
      diagnostics = `must not repeat a value (items ${String(params['j'])} and ${String(params['i'])} are the same)`;
      break;
    default:
      diagnostics = error.message ?? `fails the ${error.keyword} rule of the schema`;
  }
  return {
    severity: 'error',
    code: error.keyword === 'required' ? 'required' : 'structure',
    diagnostics,
    expression: toExpression(expressionPath),
    source,
    ...locator.at(path, key),
  };
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set<string>(REASON_PLACEHOLDERS);

/** Whether a purposeOfUse list can match a request whose purpose is direct care. */
function purposeOfUseReachesDirectCare(codes: readonly string[]): boolean {
  const listed = new Set(codes);
  for (const code of Object.keys(PURPOSE_OF_USE_CODES)) {
    const purpose = purposeForPurposeOfUse(code);
    if (purpose === undefined || PURPOSES[purpose].category !== 'direct-care') continue;
    let current: string | undefined = code;
    while (current !== undefined) {
      if (listed.has(current)) return true;
      current = PURPOSE_OF_USE_CODES[current]?.parent;
    }
  }
  return false;
}

function mayMatchDirectCare(condition: RuleCondition): boolean {
  if (condition.purposeCategory && !condition.purposeCategory.includes('direct-care')) return false;
  if (condition.purpose?.every((purpose) => PURPOSES[purpose].category !== 'direct-care')) {
    return false;
  }
  if (condition.purposeOfUse && !purposeOfUseReachesDirectCare(condition.purposeOfUse))
    return false;
  return true;
}

function isConditionList(
  when: RuleCondition | readonly RuleCondition[],
): when is readonly RuleCondition[] {
  return Array.isArray(when);
}

function conditionsOf(rule: PolicyRule): readonly RuleCondition[] | undefined {
  if (rule.when === undefined) return undefined;
  return isConditionList(rule.when) ? rule.when : [rule.when];
}

function isUnconditional(rule: PolicyRule): boolean {
  const conditions = conditionsOf(rule);
  return (
    conditions === undefined || conditions.some((condition) => Object.keys(condition).length === 0)
  );
}

function semanticIssues(policy: OptOutPolicy, locator: Locator, source: string): OptOutIssue[] {
  const issues: OptOutIssue[] = [];
  const at = (path: PathSegment[]): Pick<OptOutIssue, 'expression' | 'line' | 'column'> => ({
    expression: toExpression(path),
    ...locator.at(path),
  });
  const seen = new Map<string, number>();
  let catchAll: string | undefined;
  policy.rules.forEach((rule, index) => {
    const first = seen.get(rule.id);
    if (first !== undefined) {
      issues.push({
        severity: 'error',
        code: 'duplicate',
        diagnostics: `rule id '${rule.id}' is already used by rules[${String(first)}]; rule ids must be unique`,
        source,
        ...at(['rules', index, 'id']),
      });
    } else {
      seen.set(rule.id, index);
    }
    if (catchAll !== undefined) {
      issues.push({
        severity: 'warning',
        code: 'invariant',
        diagnostics: `rule '${rule.id}' can never match: rule '${catchAll}' before it matches every request`,
        source,
        ...at(['rules', index]),
      });
    }
    rule.reasons.forEach((reason, reasonIndex) => {
      for (const match of reason.matchAll(PLACEHOLDER)) {
        const name = match[1] ?? '';
        if (!KNOWN_PLACEHOLDERS.has(name)) {
          issues.push({
            severity: 'error',
            code: 'value',
            diagnostics: `unknown placeholder {${name}}; expected one of ${REASON_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
            source,
            ...at(['rules', index, 'reasons', reasonIndex]),
          });
        }
      }
    });
    const conditions = conditionsOf(rule) ?? [];
    const path = (conditionIndex: number): PathSegment[] =>
      Array.isArray(rule.when)
        ? ['rules', index, 'when', conditionIndex]
        : ['rules', index, 'when'];
    conditions.forEach((condition, conditionIndex) => {
      for (const bound of ['onOrAfter', 'before'] as const) {
        const value = condition.date?.[bound];
        if (value !== undefined && !isIsoDate(value)) {
          issues.push({
            severity: 'error',
            code: 'value',
            diagnostics: `date.${bound} must be a calendar date (YYYY-MM-DD); found ${describeValue(value)}`,
            source,
            ...at([...path(conditionIndex), 'date', bound]),
          });
        }
      }
      if (
        (condition.nationalOptOut !== undefined || condition.type1 !== undefined) &&
        mayMatchDirectCare(condition)
      ) {
        issues.push({
          severity: 'warning',
          code: 'invariant',
          diagnostics: `rule '${rule.id}' tests the national data opt-out or Type 1 without excluding direct care; neither applies to direct care, so for direct-care requests this condition never matches (add purposeCategory: [secondary])`,
          source,
          ...at(path(conditionIndex)),
        });
      }
    });
    if (catchAll === undefined && isUnconditional(rule)) catchAll = rule.id;
  });
  if (catchAll === undefined) {
    issues.push({
      severity: 'warning',
      code: 'invariant',
      diagnostics:
        "no rule matches every request; a request no rule matches is denied with rule id 'no-rule-matched'",
      source,
      ...at(['rules']),
    });
  }
  return issues;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function parseText(
  text: string,
  source: string,
): { value: unknown; locator: Locator; issues: OptOutIssue[] } {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const locator = new Locator(document, lines);
  const issues: OptOutIssue[] = [];
  for (const [severity, list] of [
    ['error', document.errors],
    ['warning', document.warnings],
  ] as const) {
    for (const problem of list) {
      const position = lines.linePos(problem.pos[0]);
      issues.push({
        severity,
        code: problem.code === 'DUPLICATE_KEY' ? 'duplicate' : 'structure',
        diagnostics: `${problem.code === 'DUPLICATE_KEY' ? 'duplicate key' : 'cannot parse'}: ${problem.message.split('\n')[0] ?? ''}`,
        source,
        line: position.line,
        column: position.col,
      });
    }
  }
  if (issues.some((issue) => issue.severity === 'error')) {
    return { value: undefined, locator, issues };
  }
  try {
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (!isBoundedTree(value, 32)) {
      issues.push({
        severity: 'error',
        code: 'structure',
        diagnostics:
          'the document refers to itself through a YAML alias, or nests more than 32 levels',
        source,
      });
      return { value: undefined, locator, issues };
    }
    return { value, locator, issues };
  } catch (thrown) {
    issues.push({
      severity: 'error',
      code: 'structure',
      diagnostics: `cannot read the document: ${thrown instanceof Error ? thrown.message : 'unknown error'}`,
      source,
    });
    return { value: undefined, locator, issues };
  }
}

/**
 * Parses and checks an opt-out policy from YAML or JSON text (or an already-parsed object, for
 * example one a blueprint loaded). Checks the JSON Schema ({@link OPTOUT_POLICY_SCHEMA}), then
 * rule-id uniqueness, reason placeholders, dates, unreachable rules and whether the table has a
 * catch-all. Every issue says where it is: `source`, line and column (text input) and
 * `expression`. Never throws for bad input.
 *
 * @see NHS-STANDARDS.md §3.2
 * @example
 * ```ts
 * const result = parseOptOutPolicy(readFileSync('policy.yaml', 'utf8'), 'policy.yaml');
 * if (result.ok) decideOptOut(request, states, result.policy);
 * else console.error(result.issues.map(formatIssue).join('\n'));
 * // policy.yaml:12:9: error: must be one of direct-care, emergency-care, ...; found "treatment" (at rules[1].when.purpose[0])
 * ```
 */
export function parseOptOutPolicy(input: unknown, source = '<policy>'): PolicyParseResult {
  let value: unknown = input;
  let locator = new Locator(undefined, undefined);
  const issues: OptOutIssue[] = [];
  if (typeof input === 'string') {
    if (input.length > MAX_POLICY_CHARS) {
      return {
        ok: false,
        issues: [
          {
            severity: 'error',
            code: 'too-long',
            diagnostics: `policy document has ${String(input.length)} characters; the limit is ${String(MAX_POLICY_CHARS)}`,
            source,
          },
        ],
      };
    }
    const parsed = parseText(input, source);
    issues.push(...parsed.issues);
    if (parsed.issues.some((issue) => issue.severity === 'error')) return { ok: false, issues };
    value = parsed.value;
    locator = parsed.locator;
  }
  if (typeof input !== 'string' && !isBoundedTree(value, 32)) {
    return {
      ok: false,
      issues: [
        {
          severity: 'error',
          code: 'structure',
          diagnostics: 'the policy object refers to itself, or nests more than 32 levels',
          source,
        },
      ],
    };
  }
  const validate = schemaValidator();
  if (!validate(value)) {
    for (const error of validate.errors ?? []) {
      const issue = schemaIssue(error, value, locator, source);
      if (issue) issues.push(issue);
    }
    return { ok: false, issues };
  }
  // The schema has just accepted `value`; it describes exactly the OptOutPolicy shape.
  const policy = deepFreeze(cloneJson(value) as OptOutPolicy);
  issues.push(...semanticIssues(policy, locator, source));
  if (issues.some((issue) => issue.severity === 'error')) return { ok: false, issues };
  return { ok: true, policy, issues };
}

/**
 * Like {@link parseOptOutPolicy}, but returns the policy or throws an {@link OptOutError} with
 * code `config` carrying the issues.
 *
 * @throws {OptOutError} when the policy has errors.
 * @example
 * ```ts
 * const policy = assertOptOutPolicy(yamlText, 'region-policy.yaml');
 * ```
 */
export function assertOptOutPolicy(input: unknown, source = '<policy>'): OptOutPolicy {
  const result = parseOptOutPolicy(input, source);
  if (result.ok) return result.policy;
  const first = result.issues.find((issue) => issue.severity === 'error');
  throw new OptOutError(
    'config',
    `opt-out policy ${source} is not valid: ${String(result.issues.length)} issue(s)${first ? `, first: ${first.diagnostics}${first.expression ? ` at ${first.expression}` : ''}` : ''}`,
    { issues: result.issues },
  );
}
