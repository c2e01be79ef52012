import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import anonymisationPolicySchema from '../../schema/anonymisation-policy.schema.json';
import manifestSchema from '../../schema/blueprint.schema.json';
import capabilitySchema from '../../schema/capability.schema.json';
import codeListSchema from '../../schema/code-list.schema.json';
import fixtureSchema from '../../schema/fixture.schema.json';
import requirementsSchema from '../../schema/requirements.schema.json';
import securitySchema from '../../schema/security.schema.json';
import type { BlueprintIssue } from '../issue';
import type { LocatedDocument } from './located-document';

/** The JSON Schemas of the blueprint's file kinds, by kind. */
export const SCHEMAS = {
  manifest: manifestSchema,
  requirements: requirementsSchema,
  capability: capabilitySchema,
  security: securitySchema,
  'code-list': codeListSchema,
  'anonymisation-policy': anonymisationPolicySchema,
  fixture: fixtureSchema,
} as const;

/** A kind of blueprint file that has a JSON Schema. */
export type SchemaKind = keyof typeof SCHEMAS;

let compiled: Map<SchemaKind, ValidateFunction> | undefined;

function validators(): Map<SchemaKind, ValidateFunction> {
  if (compiled !== undefined) return compiled;
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  compiled = new Map(
    (Object.keys(SCHEMAS) as SchemaKind[]).map((kind) => [kind, ajv.compile(SCHEMAS[kind])]),
  );
  return compiled;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function toPath(segments: readonly string[], value: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  let current = value;
  for (const segment of segments) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      const index = Number(segment);
      path.push(index);
      current = current[index] as unknown;
    } else {
      path.push(segment);
      current =
        typeof current === 'object' && current !== null
          ? (current as Record<string, unknown>)[segment]
          : undefined;
    }
  }
  return path;
}

/** `requirements[3].level`, for messages. */
function readablePath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${String(segment)}]`;
    else
      out += /^[A-Za-z_$][\w$]*$/.test(segment)
        ? `${out === '' ? '' : '.'}${segment}`
        : `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? '(top level)' : out;
}

const NHS_NUMBER_LIKE = /\d{3}[ -]?\d{3}[ -]?\d{4}/g;

/** A short, safe rendering of a value the author wrote: never long text, never NHS-number-like. */
function shown(value: unknown): string {
  if (typeof value === 'string') {
    const text = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(text.replace(NHS_NUMBER_LIKE, '[redacted]'));
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function describe(error: ErrorObject, where: string): string {
  const schema = error.parentSchema as { description?: unknown } | undefined;
  const description = typeof schema?.description === 'string' ? schema.description : undefined;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${where}: missing required property ${JSON.stringify(params['missingProperty'])}`;
    case 'additionalProperties': {
      const allowed = Object.keys(
        (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ??
          {},
      ).filter((name) => name !== '$schema');
      return `${where}: unknown property ${JSON.stringify(params['additionalProperty'])}; expected one of ${allowed.join(', ')}`;
    }
    case 'enum':
      return `${where}: expected one of ${(params['allowedValues'] as unknown[]).map((v) => String(v)).join(', ')}; found ${shown(error.data)}`;
    case 'const':
      return `${where}: expected ${JSON.stringify(params['allowedValue'])}; found ${shown(error.data)}`;
    case 'type':
      return `${where}: expected ${String(params['type'])}; found ${typeOf(error.data)}`;
    case 'pattern':
      return `${where}: expected ${description ?? `text matching ${String(params['pattern'])}`}; found ${shown(error.data)}`;
    case 'minItems':
      return `${where}: expected at least ${String(params['limit'])} item(s)`;
    case 'maxItems':
      return `${where}: expected at most ${String(params['limit'])} item(s)`;
    case 'minLength':
      return `${where}: expected at least ${String(params['limit'])} character(s)`;
    case 'maxLength':
      return `${where}: expected at most ${String(params['limit'])} characters`;
    case 'minimum':
    case 'maximum':
      return `${where}: expected a number ${error.keyword === 'minimum' ? '>=' : '<='} ${String(params['limit'])}; found ${shown(error.data)}`;
    default:
      return `${where}: ${error.message ?? 'does not match the schema'}`;
  }
}

/**
 * Checks a parsed file against the JSON Schema of its kind and returns one located issue per
 * problem (each with file, line, column and JSON Pointer). Generic "must match then/oneOf"
 * errors are dropped when a more specific error explains them.
 */
export function schemaIssues(document: LocatedDocument, kind: SchemaKind): BlueprintIssue[] {
  const validate = validators().get(kind);
  if (validate === undefined) throw new Error(`no schema compiled for ${kind}`);
  if (validate(document.value)) return [];
  const errors = (validate.errors ?? []).filter(
    (error) => error.keyword !== 'if' && error.keyword !== 'oneOf' && error.keyword !== 'anyOf',
  );
  const seen = new Set<string>();
  const issues: BlueprintIssue[] = [];
  for (const error of errors) {
    const segments = pointerSegments(error.instancePath);
    const params = error.params as Record<string, unknown>;
    let path = toPath(segments, document.value);
    let key = false;
    if (error.keyword === 'additionalProperties') {
      path = [...path, String(params['additionalProperty'])];
      key = true;
    }
    const where = readablePath(error.keyword === 'additionalProperties' ? path.slice(0, -1) : path);
    const diagnostics = describe(error, where);
    if (seen.has(diagnostics)) continue;
    seen.add(diagnostics);
    const position = document.locate(path, key);
    issues.push({
      severity: 'error',
      code: 'schema',
      file: document.file,
      line: position.line,
      column: position.column,
      path: `/${path.map((segment) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`.replace(
        /^\/$/,
        '',
      ),
      diagnostics,
    });
  }
  return issues;
}
