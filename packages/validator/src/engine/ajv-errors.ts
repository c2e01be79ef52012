import type { ErrorObject } from 'ajv';
import type { IssueCode } from '../outcome/issue';
import type { ChoiceGroup } from './json-schemas';
import type { RawIssue } from './run';

/**
 * Turns ajv's structural errors into issues located by absolute JSON pointers. `base` is the
 * pointer of the resource the validate function ran on.
 *
 * @example
 * ```ts
 * if (!validate.call(run, resource)) run.issues.push(...issuesFromAjv(validate.errors ?? [], run.pointer));
 * ```
 */
export function issuesFromAjv(errors: readonly ErrorObject[], base: string): RawIssue[] {
  const out: RawIssue[] = [];
  for (const error of errors) {
    const issue = toIssue(error, base);
    if (issue !== undefined) out.push(issue);
  }
  return out;
}

function toIssue(error: ErrorObject, base: string): RawIssue | undefined {
  const pointer = base + error.instancePath;
  const parent = error.parentSchema as
    | { fhirType?: string; fhirValueSet?: string; fhirObject?: { choices?: ChoiceGroup[] } }
    | undefined;
  const fhirType = parent?.fhirType;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const choice = parent?.fhirObject?.choices?.find((g) => isChoiceForm(name, g.element));
      const diagnostics =
        choice !== undefined
          ? `Unrecognized property '${name}': ${name.slice(choice.element.length)} is not an allowed type for ${choice.element}[x] (allowed: ${choice.names.map((n) => n.slice(choice.element.length)).join(', ')})`
          : name === 'resourceType'
            ? "Unrecognized property 'resourceType': it is only allowed at the root of a resource"
            : `Unrecognized property '${name}'`;
      return issue('structure', pointer, diagnostics);
    }
    case 'required': {
      const name = String(params.missingProperty);
      return {
        ...issue('required', pointer, 'minimum required = 1, but only found 0'),
        element: name,
      };
    }
    case 'minProperties':
      return issue(
        'invariant',
        pointer,
        "Constraint failed: ele-1: 'All FHIR elements must have a @value or children' (an empty object is not allowed)",
        'ele-1',
      );
    case 'not':
      return issue(
        'invariant',
        pointer,
        "Constraint failed: ele-1: 'All FHIR elements must have a @value or children' (this element has only an id)",
        'ele-1',
      );
    case 'minItems':
      return issue(
        'structure',
        pointer,
        'Arrays must not be empty: leave the property out instead',
      );
    case 'maxItems':
      return issue(
        'structure',
        pointer,
        `Too many items: maximum allowed = ${String(params.limit)}`,
      );
    case 'minLength':
      return issue('value', pointer, 'Strings must not be empty: leave the property out instead');
    case 'maxLength':
      return issue(
        'too-long',
        pointer,
        `Value is longer than the maximum of ${String(params.limit)} characters`,
      );
    case 'pattern':
      return issue(
        'value',
        pointer,
        `Value is not a valid FHIR ${fhirType ?? 'value'}${PATTERN_HINTS[fhirType ?? ''] ?? ''}`,
      );
    case 'minimum':
    case 'maximum':
      return issue('value', pointer, rangeMessage(fhirType));
    case 'const':
      return issue('invalid', pointer, `resourceType must be '${String(error.schema)}' here`);
    case 'enum':
      return issue(
        'code-invalid',
        pointer,
        parent?.fhirValueSet === undefined
          ? `The value '${String(error.data)}' is not one of the codes allowed here`
          : `The value '${String(error.data)}' is not in the value set ${parent.fhirValueSet}, which is required here`,
      );
    case 'type':
      return issue('structure', pointer, typeMessage(error, fhirType));
    case 'if':
    case 'anyOf':
      // The branch that applied reports what is wrong.
      return undefined;
    default:
      return issue('structure', pointer, error.message ?? 'Invalid structure');
  }
}

function issue(code: IssueCode, pointer: string, diagnostics: string, ruleId?: string): RawIssue {
  return ruleId === undefined
    ? { severity: 'error', code, pointer, diagnostics }
    : { severity: 'error', code, pointer, diagnostics, ruleId };
}

function isChoiceForm(name: string, element: string): boolean {
  if (!name.startsWith(element) || name.length === element.length) return false;
  const first = name.charAt(element.length);
  return first >= 'A' && first <= 'Z';
}

const PATTERN_HINTS: Record<string, string> = {
  date: ' (YYYY, YYYY-MM or YYYY-MM-DD)',
  dateTime: ' (YYYY, YYYY-MM, YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with a time zone)',
  instant: ' (YYYY-MM-DDThh:mm:ss with a time zone)',
  time: ' (hh:mm:ss)',
  id: ' (1 to 64 letters, digits, - and .)',
  code: ' (no leading, trailing or repeated whitespace)',
  uri: ' (no whitespace)',
  url: ' (no whitespace)',
  canonical: ' (no whitespace)',
  oid: ' (urn:oid: then a dotted number)',
  uuid: ' (urn:uuid: then a lower-case UUID)',
  base64Binary: ' (base64)',
};

function rangeMessage(fhirType: string | undefined): string {
  if (fhirType === 'positiveInt') return 'Value must be a positiveInt (1 or more)';
  if (fhirType === 'unsignedInt') return 'Value must be an unsignedInt (0 or more)';
  return 'Value is outside the range of a 32-bit integer';
}

function typeMessage(error: ErrorObject, fhirType: string | undefined): string {
  const expected = ([] as string[]).concat((error.params as { type: string | string[] }).type);
  const found = jsonTypeOf(error.data);
  if (expected.includes('array')) {
    return `This property must be an array (it repeats), not ${article(found)}`;
  }
  if (found === 'array')
    return 'This property must be a single value, not an array (it does not repeat)';
  if (found === 'null') return 'null is not allowed here';
  const json = expected.filter((t) => t !== 'null').join(' or ');
  const what = fhirType === undefined ? `a JSON ${json}` : `a FHIR ${fhirType} (JSON ${json})`;
  return `Expected ${what}, found ${article(found)}`;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
