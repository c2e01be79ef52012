import type { Ajv, ValidateFunction } from 'ajv';
import { issuesFromAjv } from './ajv-errors';
import type { DataValidationCxt } from 'ajv/dist/types';
import type { IssueCode, IssueSeverity } from '../outcome/issue';
import { PrimitiveNode } from '../fhirpath/primitive-node';
import { checkBinding } from '../terminology/check-binding';
import { checkCoding } from '../terminology/check-coding';
import type { ChildRules, ChoiceGroup, PrimitivePair } from './json-schemas';
import { checkPrimitiveValue } from './primitive-values';
import { checkReference, checkReferenceTarget } from './references';
import { checkResourceRules } from './resource-rules';
import type { CompiledConstraint, JsonObject, KeywordHost, ValidationRun } from './run';
import { escapePointer, isJsonObject } from './run';

type KeywordFunction = (
  this: ValidationRun,
  schema: unknown,
  data: unknown,
  parentSchema: unknown,
  dataCxt?: DataValidationCxt,
) => boolean;

/**
 * Registers the `fhir*` keywords the generated schemas use. Each pushes its findings onto the
 * run (`this`) and returns true, so ajv's own errors are only the structural ones.
 *
 * @example
 * ```ts
 * const ajv = new Ajv({ passContext: true, allErrors: true });
 * addFhirKeywords(ajv, host);
 * ```
 */
export function addFhirKeywords(ajv: Ajv, host: KeywordHost): void {
  // Annotations read back when ajv's errors are turned into issues.
  ajv.addKeyword({ keyword: 'fhirType', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'fhirValueSet', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'fhirMaxLength', schemaType: 'number' });

  const add = (
    keyword: string,
    schemaType: 'string' | 'array' | 'boolean' | 'object',
    validate: KeywordFunction,
  ): void => {
    ajv.addKeyword({ keyword, schemaType, errors: false, validate });
  };

  add('fhirPrimitive', 'string', function fhirPrimitive(type, data, schema, cxt) {
    if (typeof data !== 'string') return true;
    if (data.length === 0) {
      report(
        this,
        at(this, cxt),
        'error',
        'value',
        'Strings must not be empty: leave the property out instead',
      );
      return true;
    }
    const maxLength = (schema as { fhirMaxLength?: number }).fhirMaxLength;
    if (maxLength !== undefined && data.length > maxLength) {
      report(
        this,
        at(this, cxt),
        'error',
        'too-long',
        `Value is longer than the maximum of ${String(maxLength)} characters`,
      );
    }
    for (const finding of checkPrimitiveValue(type as string, data)) {
      report(
        this,
        at(this, cxt),
        finding.severity,
        finding.code,
        finding.diagnostics,
        finding.ruleId,
      );
    }
    return true;
  });

  ajv.addKeyword({
    keyword: 'fhirPrimitives',
    schemaType: 'array',
    errors: false,
    compile(pairs: PrimitivePair[]) {
      // Look pairs up by the JSON keys present: objects have far fewer keys than their types
      // have primitive elements.
      const byKey = new Map<string, PrimitivePair>();
      for (const pair of pairs) {
        byKey.set(`_${pair.name}`, pair);
        if (pair.array) byKey.set(pair.name, pair);
      }
      const required = pairs.filter((p) => p.required);
      return function fhirPrimitives(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
        if (!isJsonObject(data)) return true;
        let here: string | undefined;
        for (const pair of required) {
          if (data[pair.name] === undefined && data[`_${pair.name}`] === undefined) {
            here ??= at(this, cxt);
            this.issues.push({
              severity: 'error',
              code: 'required',
              pointer: here,
              element: pair.name,
              diagnostics: 'minimum required = 1, but only found 0',
            });
          }
        }
        for (const key in data) {
          const pair = byKey.get(key);
          if (pair === undefined) continue;
          // An array with its _name sibling is checked once, from the _name side.
          if (key === pair.name && data[`_${key}`] !== undefined) continue;
          here ??= at(this, cxt);
          checkPrimitivePair(this, here, pair, data);
        }
        return true;
      };
    },
  });

  ajv.addKeyword({
    keyword: 'fhirChoices',
    schemaType: 'array',
    errors: false,
    compile(groups: ChoiceGroup[]) {
      // Count the forms present by walking the object's own keys: Extension.value[x] alone has
      // 50 forms, while an object has a handful of keys.
      const groupOf = new Map<string, number>();
      groups.forEach((group, g) => {
        for (const name of group.names) {
          groupOf.set(name, g);
          groupOf.set(`_${name}`, g);
        }
      });
      const anyRequired = groups.some((g) => g.required);
      return function fhirChoices(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
        if (!isJsonObject(data)) return true;
        let counts: number[] | undefined;
        for (const key in data) {
          const g = groupOf.get(key);
          if (g === undefined) continue;
          // `valueString` and `_valueString` are one form.
          if (key.startsWith('_') && data[key.slice(1)] !== undefined) continue;
          counts ??= new Array<number>(groups.length).fill(0);
          counts[g] = (counts[g] ?? 0) + 1;
        }
        if (counts === undefined && !anyRequired) return true;
        groups.forEach((group, g) => {
          const present = counts?.[g] ?? 0;
          if (present === 1 || (present === 0 && !group.required)) return;
          const here = at(this, cxt);
          if (present > 1) {
            const found = group.names.filter(
              (n) => data[n] !== undefined || data[`_${n}`] !== undefined,
            );
            report(
              this,
              here,
              'error',
              'structure',
              `Only one form of ${group.element}[x] may be present; found ${found.join(' and ')}`,
            );
          } else {
            this.issues.push({
              severity: 'error',
              code: 'required',
              pointer: here,
              element: `${group.element}[x]`,
              diagnostics: 'minimum required = 1, but only found 0',
            });
          }
        });
        return true;
      };
    },
  });

  ajv.addKeyword({
    keyword: 'fhirInvariants',
    schemaType: 'object',
    errors: false,
    compile(rules: { context: string; root: string[]; children: ChildRules['constraints'] }) {
      const root = compiled(host, rules.context, rules.root);
      const children = Object.entries(rules.children).map(([name, keys]) => {
        const type = childContext(host, rules.context, name);
        const primitive = host.model.primitives[type] !== undefined;
        return { name, primitive, type, constraints: compiled(host, type, keys) };
      });
      return function fhirInvariants(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
        if (!isJsonObject(data)) return true;
        for (const constraint of root) evaluate(this, constraint, data, cxt, undefined, -1);
        for (const { name, primitive, type, constraints } of children) {
          const value = data[name];
          const element = primitive ? data[`_${name}`] : undefined;
          if (value === undefined && element === undefined) continue;
          // A primitive is seen with its `_name` half (id and extensions), as FHIRPath sees it.
          const node = (v: unknown, e: unknown): unknown =>
            primitive ? new PrimitiveNode(v, e, type) : v;
          if (Array.isArray(value) || Array.isArray(element)) {
            const values: unknown[] = Array.isArray(value) ? value : [];
            const elements: unknown[] = Array.isArray(element) ? element : [];
            const length = Math.max(values.length, elements.length);
            for (let i = 0; i < length; i++) {
              for (const c of constraints)
                evaluate(this, c, node(values[i], elements[i]), cxt, name, i);
            }
          } else {
            for (const c of constraints) evaluate(this, c, node(value, element), cxt, name, -1);
          }
        }
        return true;
      };
    },
  });

  ajv.addKeyword({
    keyword: 'fhirBindings',
    schemaType: 'object',
    errors: false,
    compile(bindings: ChildRules['bindings']) {
      const entries = Object.entries(bindings).filter(([, b]) => b.strength !== 'example');
      return function fhirBindings(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
        if (!isJsonObject(data)) return true;
        for (const [name, binding] of entries) {
          const value = data[name];
          if (value === undefined) continue;
          const expansion = this.host.expansion(binding.valueSet);
          if (expansion === undefined) continue;
          if (!Array.isArray(value)) {
            const finding = checkBinding(binding.type, value, binding, expansion);
            if (finding !== undefined) {
              report(
                this,
                `${at(this, cxt)}/${escapePointer(name)}`,
                finding.severity,
                finding.code,
                finding.diagnostics,
              );
            }
            continue;
          }
          for (let i = 0; i < value.length; i++) {
            const finding = checkBinding(binding.type, value[i], binding, expansion);
            if (finding !== undefined) {
              report(
                this,
                `${at(this, cxt)}/${escapePointer(name)}/${String(i)}`,
                finding.severity,
                finding.code,
                finding.diagnostics,
              );
            }
          }
        }
        return true;
      };
    },
  });

  add('fhirCoding', 'boolean', function fhirCoding(_on, data, _schema, cxt) {
    if (!isJsonObject(data)) return true;
    for (const finding of checkCoding(data, this.host)) {
      report(
        this,
        `${at(this, cxt)}${finding.property === undefined ? '' : `/${finding.property}`}`,
        finding.severity,
        finding.code,
        finding.diagnostics,
      );
    }
    return true;
  });

  add('fhirReference', 'boolean', function fhirReference(_on, data, _schema, cxt) {
    if (!isJsonObject(data)) return true;
    for (const finding of checkReference(data, this)) {
      // Unresolved references are reported on `reference`, the rest on the Reference itself.
      const where = finding.property === undefined ? at(this, cxt) : `${at(this, cxt)}/reference`;
      report(this, where, finding.severity, finding.code, finding.diagnostics);
    }
    return true;
  });

  add('fhirTargets', 'array', function fhirTargets(targets, data, _schema, cxt) {
    if (!isJsonObject(data)) return true;
    const finding = checkReferenceTarget(data, targets as string[], this);
    if (finding !== undefined) {
      report(this, at(this, cxt), finding.severity, finding.code, finding.diagnostics);
    }
    return true;
  });

  add('fhirExtension', 'boolean', function fhirExtension(_on, data, _schema, cxt) {
    if (!isJsonObject(data)) return true;
    const here = at(this, cxt);
    // ext-1: an extension has either a value or sub-extensions, never both, never neither.
    const hasValue = Object.keys(data).some((k) => k.startsWith('value') || k.startsWith('_value'));
    const hasChildren = Array.isArray(data.extension) && data.extension.length > 0;
    if (hasValue === hasChildren) {
      report(
        this,
        here,
        'error',
        'invariant',
        hasValue
          ? 'Constraint failed: ext-1: an extension must have either extensions or a value[x], not both'
          : 'Constraint failed: ext-1: an extension must have either extensions or a value[x]',
        'ext-1',
      );
    }
    const modifier = cxt !== undefined && /\/modifierExtension\/\d+$/.test(cxt.instancePath);
    this.host.validateExtension(data, here, modifier, this);
    return true;
  });

  add('fhirResource', 'boolean', function fhirResource(_on, data, _schema, cxt) {
    if (!isJsonObject(data)) return true;
    const here = at(this, cxt);
    const contained = cxt !== undefined && /\/contained\/\d+$/.test(cxt.instancePath);
    this.host.validateNested(data, here, this, contained);
    return true;
  });

  ajv.addKeyword({
    keyword: 'fhirLazyRef',
    schemaType: 'string',
    errors: false,
    compile(id: string) {
      let validate: ValidateFunction | undefined;
      return function fhirLazyRef(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
        validate ??= host.schemaValidator(id);
        if (validate === undefined) throw new Error(`No schema ${id}`);
        if (!validate.call(this, data, cxt)) {
          this.issues.push(...issuesFromAjv(validate.errors ?? [], this.pointer));
        }
        return true;
      };
    },
  });

  add('fhirResourceRules', 'string', function fhirResourceRules(type, data) {
    if (!isJsonObject(data)) return true;
    const contained = this.resource !== this.rootResource;
    for (const finding of checkResourceRules(type as string, data, this.host.model, contained)) {
      report(
        this,
        `${this.pointer}${finding.pointer}`,
        finding.severity,
        finding.code,
        finding.diagnostics,
        finding.ruleId,
      );
    }
    return true;
  });
}

/** The absolute JSON pointer of the data a keyword is looking at. */
function at(run: ValidationRun, cxt: DataValidationCxt | undefined): string {
  return run.pointer + (cxt?.instancePath ?? '');
}

function report(
  run: ValidationRun,
  pointer: string,
  severity: IssueSeverity,
  code: IssueCode,
  diagnostics: string,
  ruleId?: string,
): void {
  run.issues.push(
    ruleId === undefined
      ? { severity, code, pointer, diagnostics }
      : { severity, code, pointer, diagnostics, ruleId },
  );
}

function checkPrimitivePair(
  run: ValidationRun,
  here: string,
  pair: PrimitivePair,
  data: JsonObject,
): void {
  const name = escapePointer(pair.name);
  const value = data[pair.name];
  const extension = data[`_${pair.name}`];
  if (!pair.array) {
    if (value === undefined && isJsonObject(extension) && extension.extension === undefined) {
      report(
        run,
        `${here}/_${name}`,
        'error',
        'invariant',
        `Constraint failed: ele-1: ${pair.name} has no value and its _${pair.name} has no extensions`,
        'ele-1',
      );
    }
    return;
  }
  const values = Array.isArray(value) ? value : undefined;
  const extensions = Array.isArray(extension) ? extension : undefined;
  if (values !== undefined && extensions !== undefined && values.length !== extensions.length) {
    report(
      run,
      `${here}/_${name}`,
      'error',
      'structure',
      `The arrays ${pair.name} and _${pair.name} must have the same length (${String(values.length)} and ${String(extensions.length)}), so that each extension lines up with its value`,
    );
    return;
  }
  const length = values?.length ?? extensions?.length ?? 0;
  for (let i = 0; i < length; i++) {
    const v: unknown = values?.[i];
    const e: unknown = extensions?.[i];
    if ((v === null || v === undefined) && (e === null || e === undefined)) {
      report(
        run,
        `${here}/${values === undefined ? '_' : ''}${name}/${String(i)}`,
        'error',
        'structure',
        `null is allowed in ${pair.name} only where _${pair.name} has extensions at the same position`,
      );
    } else if ((v === null || v === undefined) && isJsonObject(e) && e.extension === undefined) {
      report(
        run,
        `${here}/_${name}/${String(i)}`,
        'error',
        'invariant',
        `Constraint failed: ele-1: ${pair.name}[${String(i)}] has no value and no extensions`,
        'ele-1',
      );
    }
  }
}

function compiled(
  host: KeywordHost,
  context: string,
  keys: readonly string[],
): CompiledConstraint[] {
  const out: CompiledConstraint[] = [];
  for (const key of keys) {
    const constraint = host.constraint(context, key);
    if (constraint !== undefined) out.push(constraint);
  }
  return out;
}

/** The type an element-level constraint of `context.name` runs in: the element's own type. */
function childContext(host: KeywordHost, context: string, name: string): string {
  const element = host.model.types[context]?.elements.find((e) => e.name === name);
  return element?.type ?? context;
}

/** Evaluates one invariant; the location (`name`, `index` below the data) is built only on failure. */
function evaluate(
  run: ValidationRun,
  constraint: CompiledConstraint,
  node: unknown,
  cxt: DataValidationCxt | undefined,
  name: string | undefined,
  index: number,
): void {
  let holds: boolean;
  const where = (): string =>
    at(run, cxt) +
    (name === undefined ? '' : `/${escapePointer(name)}`) +
    (index < 0 ? '' : `/${String(index)}`);
  try {
    holds = constraint.check(node, run);
  } catch (error) {
    // An invariant that cannot be evaluated is not shown to be broken: say so, without failing.
    report(
      run,
      where(),
      'warning',
      'invariant',
      `Constraint ${constraint.key} could not be evaluated here (${error instanceof Error ? error.message : 'evaluation error'}): '${constraint.human}'`,
      constraint.key,
    );
    return;
  }
  if (holds) return;
  const from = constraint.source === undefined ? '' : ` (defined in ${constraint.source})`;
  report(
    run,
    where(),
    constraint.severity,
    'invariant',
    `Constraint failed: ${constraint.key}: '${constraint.human}'${from}`,
    constraint.key,
  );
}
