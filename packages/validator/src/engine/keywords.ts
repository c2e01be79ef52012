import { _, Name, str, stringify } from 'ajv/dist/compile/codegen/index.js';
import type { Ajv, Code, KeywordCxt, ValidateFunction } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types';
import { PrimitiveNode } from '../fhirpath/primitive-node';
import type { BindingModel } from '../model/r4-model-types';
import type { IssueCode, IssueSeverity } from '../outcome/issue';
import { checkBinding } from '../terminology/check-binding';
import { checkCoding } from '../terminology/check-coding';
import { ucumProblem, UCUM_SYSTEM_URL } from '../terminology/ucum';
import { issuesFromAjv } from './ajv-errors';
import { checkNationalIdentifier } from './national-identifiers';
import type { ObjectRules, PrimitivePair } from './json-schemas';
import { checkPrimitiveValue } from './primitive-values';
import { checkCanonicalTarget, checkReference, checkReferenceTarget } from './references';
import { checkAgainstDefinitions } from './definition-rules';
import { checkResourceRules } from './resource-rules';
import type { CompiledConstraint, JsonObject, KeywordHost, ValidationRun } from './run';
import { escapePointer, isJsonObject } from './run';

/** What one JSON key of a type brings to check, found by the key the object actually has. */
interface KeyRule {
  /** A string primitive's values: lexical extras, empty strings, length. */
  string?: { readonly type: string; readonly maxLength: number | undefined };
  /** A primitive whose `_name` sibling (or null items) needs lining up. */
  pair?: PrimitivePair;
  /** The index of the choice group this form belongs to. */
  choice?: number;
  /** Element-level invariants, evaluated per item in the element's own type. */
  invariants?: {
    readonly primitive: boolean;
    readonly type: string;
    readonly constraints: CompiledConstraint[];
  };
  /** A binding checked here (codes of required bindings are enums in the schema). */
  binding?: BindingModel & { readonly type: string };
}

/** A keyword's run-time check: pushes its findings onto the run (`this`) and returns true. */
export type KeywordCheck = (this: ValidationRun, data: unknown, cxt?: DataValidationCxt) => boolean;

/**
 * The run-time side of the `fhir*` keywords, bound to one host: the compiled code of a schema
 * calls the checks these make. Precompiled code (see `precompiled-schemas.ts`) makes them
 * through the variable named `KEYWORD_RUNTIME`, so the same keywords serve both.
 */
export interface KeywordRuntime {
  /** Built on its first call: loading precompiled code makes the checks of a type all at once. */
  object(rules: ObjectRules): KeywordCheck;
  targets(targets: readonly string[]): KeywordCheck;
  readonly resource: KeywordCheck;
  lazyRef(id: string): KeywordCheck;
}

/** The name under which precompiled schema code finds the `KeywordRuntime`. */
export const KEYWORD_RUNTIME = 'fhirKeywords';

/** The keyword checks of one host. */
export function keywordRuntime(host: KeywordHost): KeywordRuntime {
  return {
    object(rules) {
      let check: KeywordCheck | undefined;
      return function fhirObject(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
        check ??= compileObjectRules(rules, host);
        return check.call(this, data, cxt);
      };
    },
    targets: (targets) =>
      function fhirTargets(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
        const finding = isJsonObject(data)
          ? checkReferenceTarget(data, targets, this)
          : typeof data === 'string'
            ? checkCanonicalTarget(data, targets, this)
            : undefined;
        if (finding !== undefined)
          report(this, at(this, cxt), finding.severity, finding.code, finding.diagnostics);
        return true;
      },
    resource: function fhirResource(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
      if (!isJsonObject(data)) return true;
      const contained = cxt !== undefined && /\/contained\/\d+$/.test(cxt.instancePath);
      this.host.validateNested(data, at(this, cxt), this, contained);
      return true;
    },
    lazyRef(id) {
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
  };
}

/**
 * Registers the keywords the generated schemas use. Everything FHIR adds to an object's JSON
 * shape is one keyword, `fhirObject`, so each object costs one call whatever it holds; it
 * pushes findings onto the run (`this`) and returns true, so ajv's own errors are only the
 * structural ones. `fhirTargets`, `fhirResource` and `fhirLazyRef` sit on items. Each keyword
 * generates a call of its check, which names its source in the runtime, so that compiled schemas
 * can also be written out as standalone code.
 *
 * @example
 * ```ts
 * const ajv = new Ajv({ passContext: true, allErrors: true });
 * addFhirKeywords(ajv, keywordRuntime(host));
 * ```
 */
export function addFhirKeywords(ajv: Ajv, runtime: KeywordRuntime): void {
  // Annotations read back when ajv's errors are turned into issues.
  ajv.addKeyword({ keyword: 'fhirType', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'fhirValueSet', schemaType: 'string' });
  const source = new Name(KEYWORD_RUNTIME);
  ajv.addKeyword({
    keyword: 'fhirObject',
    schemaType: 'object',
    code(cxt) {
      const rules = cxt.schema as ObjectRules;
      emitCheckCall(cxt, runtime.object(rules), _`${source}.object(${stringify(rules)})`);
    },
  });
  ajv.addKeyword({
    keyword: 'fhirTargets',
    schemaType: 'array',
    code(cxt) {
      const targets = cxt.schema as string[];
      emitCheckCall(cxt, runtime.targets(targets), _`${source}.targets(${stringify(targets)})`);
    },
  });
  ajv.addKeyword({
    keyword: 'fhirResource',
    schemaType: 'boolean',
    code(cxt) {
      emitCheckCall(cxt, runtime.resource, _`${source}.resource`);
    },
  });
  ajv.addKeyword({
    keyword: 'fhirLazyRef',
    schemaType: 'string',
    code(cxt) {
      const id = cxt.schema as string;
      emitCheckCall(cxt, runtime.lazyRef(id), _`${source}.lazyRef(${stringify(id)})`);
    },
  });
}

/** Emits `check.call(this, data, { instancePath })`; `code` makes `check` in standalone code. */
export function emitCheckCall(cxt: KeywordCxt, check: KeywordCheck, code: Code): void {
  const { gen, it } = cxt;
  const name = gen.scopeValue('keyword', { ref: check, code });
  const instancePath = str`${INSTANCE_PATH}${it.errorPath}`;
  gen.code(_`${name}.call(this, ${cxt.data}, { instancePath: ${instancePath} })`);
}

/** The parameter of ajv's generated functions that holds the data's path. */
const INSTANCE_PATH = new Name('instancePath');

function compileObjectRules(
  rules: ObjectRules,
  host: KeywordHost,
): (this: ValidationRun, data: unknown, cxt?: DataValidationCxt) => boolean {
  const byKey = new Map<string, KeyRule>();
  const rule = (key: string): KeyRule => {
    let found = byKey.get(key);
    if (found === undefined) byKey.set(key, (found = {}));
    return found;
  };
  for (const s of rules.strings ?? [])
    rule(s.name).string = { type: s.type, maxLength: s.maxLength };
  for (const pair of rules.pairs ?? []) {
    rule(`_${pair.name}`).pair = pair;
    if (pair.array) rule(pair.name).pair = pair;
  }
  const choices = rules.choices ?? [];
  choices.forEach((group, g) => {
    for (const name of group.names) {
      rule(name).choice = g;
      rule(`_${name}`).choice = g;
    }
  });
  for (const [name, keys] of Object.entries(rules.invariants?.children ?? {})) {
    const type =
      host.model.types[rules.type]?.elements.find((e) => e.name === name)?.type ?? rules.type;
    const primitive = host.model.primitives[type] !== undefined;
    const invariants = { primitive, type, constraints: compiled(host, type, keys) };
    rule(name).invariants = invariants;
    if (primitive) rule(`_${name}`).invariants = invariants;
  }
  for (const [name, binding] of Object.entries(rules.bindings ?? {})) {
    if (binding.strength !== 'example') rule(name).binding = binding;
  }
  const requiredPrimitives = (rules.pairs ?? []).filter((p) => p.required);
  const requiredChoices = choices.some((g) => g.required);
  const root = compiled(host, rules.type, rules.invariants?.root ?? []);

  return function fhirObject(this: ValidationRun, data: unknown, cxt?: DataValidationCxt): boolean {
    if (!isJsonObject(data)) return true;
    if (typeof data.id === 'string' && rules.resource !== true) checkElementId(this, cxt, data.id);
    let counts: number[] | undefined;
    for (const key in data) {
      const entry = byKey.get(key);
      if (entry === undefined) continue;
      const value = data[key];
      if (entry.string !== undefined) checkStrings(this, cxt, key, value, entry.string);
      if (entry.pair !== undefined && !(key === entry.pair.name && data[`_${key}`] !== undefined)) {
        checkPrimitivePair(this, at(this, cxt), entry.pair, data);
      }
      if (
        entry.choice !== undefined &&
        !(key.startsWith('_') && data[key.slice(1)] !== undefined)
      ) {
        counts ??= new Array<number>(choices.length).fill(0);
        counts[entry.choice] = (counts[entry.choice] ?? 0) + 1;
      }
      if (
        entry.invariants !== undefined &&
        !(key.startsWith('_') && data[key.slice(1)] !== undefined)
      ) {
        checkElementInvariants(
          this,
          cxt,
          key.startsWith('_') ? key.slice(1) : key,
          data,
          entry.invariants,
        );
      }
      if (entry.binding !== undefined) checkBindings(this, cxt, key, value, entry.binding);
    }
    for (const pair of requiredPrimitives) {
      if (data[pair.name] === undefined && data[`_${pair.name}`] === undefined) {
        this.issues.push({
          severity: 'error',
          code: 'required',
          pointer: at(this, cxt),
          element: pair.name,
          diagnostics: 'minimum required = 1, but only found 0',
        });
      }
    }
    if (counts !== undefined || requiredChoices) checkChoices(this, cxt, data, choices, counts);
    for (const constraint of root) evaluate(this, constraint, data, cxt, undefined, -1);
    if (rules.coding === true || rules.identifier === true)
      checkSystemAbsolute(this, cxt, data, rules.type);
    if (rules.coding === true) checkCodingHere(this, cxt, data);
    if (rules.quantity === true) checkUcumUnit(this, cxt, data);
    if (rules.attachment === true) checkAttachmentSize(this, cxt, data);
    if (rules.identifier === true) {
      for (const finding of checkNationalIdentifier(data)) {
        const where = `${at(this, cxt)}/${finding.property}`;
        report(this, where, finding.severity, finding.code, finding.diagnostics);
      }
    }
    if (rules.reference === true) {
      for (const finding of checkReference(data, this)) {
        // Unresolved references are reported on `reference`, the rest on the Reference itself.
        const where = finding.property === undefined ? at(this, cxt) : `${at(this, cxt)}/reference`;
        report(this, where, finding.severity, finding.code, finding.diagnostics);
      }
    }
    if (rules.extension === true) checkExtension(this, cxt, data);
    if (rules.resource === true) {
      const contained = this.resource !== this.rootResource;
      const findings = [
        ...checkResourceRules(rules.type, data, this.host.model, contained),
        ...checkAgainstDefinitions(rules.type, data, this),
      ];
      for (const finding of findings) {
        report(
          this,
          `${this.pointer}${finding.pointer}`,
          finding.severity,
          finding.code,
          finding.diagnostics,
          finding.ruleId,
        );
      }
    }
    return true;
  };
}

/**
 * Element ids are unique among the elements of one parent (R4 Element.id), as the reference
 * validator checks them: the second use is an error. (Ids repeat legitimately further apart: a
 * StructureDefinition's snapshot and differential hold elements with the same ids.)
 */
function checkElementId(run: ValidationRun, cxt: DataValidationCxt | undefined, id: string): void {
  const pointer = at(run, cxt);
  let cut = pointer.lastIndexOf('/');
  if (/^\d+$/.test(pointer.slice(cut + 1))) cut = pointer.lastIndexOf('/', cut - 1);
  const key = `${pointer.slice(0, cut)} ${id}`;
  const first = run.elementIds.get(key);
  if (first === undefined) run.elementIds.set(key, pointer);
  else if (first !== pointer) {
    report(
      run,
      pointer,
      'error',
      'invalid',
      `Duplicate id value '${id}': elements with the same parent must have different ids`,
    );
  }
}

/**
 * A Coding's or Identifier's system names a namespace for the whole world, so it must be an
 * absolute URI; the reference validator reports a local one as an error on the Coding or
 * Identifier.
 */
function checkSystemAbsolute(
  run: ValidationRun,
  cxt: DataValidationCxt | undefined,
  data: JsonObject,
  type: string,
): void {
  const { system } = data;
  // Only the scheme is looked for: whitespace and the like are the uri primitive's to report.
  if (typeof system !== 'string' || system === '' || URI_SCHEME.test(system)) return;
  report(
    run,
    at(run, cxt),
    'error',
    'code-invalid',
    `${type}.system must be an absolute URI, not a local reference`,
  );
}

const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** An Attachment's `size` is the number of bytes of its `data` (once decoded), when it has both. */
function checkAttachmentSize(
  run: ValidationRun,
  cxt: DataValidationCxt | undefined,
  data: JsonObject,
): void {
  const { size, data: content } = data;
  if (typeof size !== 'number' || typeof content !== 'string') return;
  const base64 = content.replace(/\s+/g, '');
  if (!BASE64.test(base64)) return; // reported as a base64Binary that is not base64
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  const actual = (base64.length / 4) * 3 - padding;
  if (actual !== size) {
    report(
      run,
      `${at(run, cxt)}/size`,
      'error',
      'value',
      `The stated size ${String(size)} is not the size of the data, ${String(actual)} bytes`,
    );
  }
}

/** A Quantity's unit code, when its system is UCUM, must be a valid UCUM expression. */
function checkUcumUnit(
  run: ValidationRun,
  cxt: DataValidationCxt | undefined,
  data: JsonObject,
): void {
  if (data.system !== UCUM_SYSTEM_URL || typeof data.code !== 'string' || data.code === '') return;
  const problem = ucumProblem(data.code);
  if (problem !== undefined) report(run, `${at(run, cxt)}/code`, 'error', 'code-invalid', problem);
}

function checkCodingHere(
  run: ValidationRun,
  cxt: DataValidationCxt | undefined,
  data: JsonObject,
): void {
  const findings = checkCoding(data, run.host);
  for (const finding of findings) {
    const pointer = `${at(run, cxt)}${finding.property === undefined ? '' : `/${finding.property}`}`;
    const issue = {
      severity: finding.severity,
      code: finding.code,
      pointer,
      diagnostics: finding.diagnostics,
    };
    run.issues.push(issue);
    if (finding.unverified === true)
      run.deferred?.push({
        pointer: at(run, cxt),
        value: data,
        type: 'Coding',
        placeholder: issue,
      });
  }
  // A code of a system not known here at all: a terminology server may know it.
  if (
    findings.length === 0 &&
    run.deferred !== undefined &&
    typeof data.system === 'string' &&
    typeof data.code === 'string' &&
    run.host.codeInSystem(data.system, data.code) === undefined
  ) {
    run.deferred.push({ pointer: at(run, cxt), value: data, type: 'Coding' });
  }
}

function checkStrings(
  run: ValidationRun,
  cxt: DataValidationCxt | undefined,
  key: string,
  value: unknown,
  rule: NonNullable<KeyRule['string']>,
): void {
  if (typeof value === 'string') {
    checkString(run, cxt, key, -1, value, rule);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'string') checkString(run, cxt, key, i, item, rule);
    }
  }
}

function checkString(
  run: ValidationRun,
  cxt: DataValidationCxt | undefined,
  key: string,
  index: number,
  value: string,
  rule: NonNullable<KeyRule['string']>,
): void {
  const where = (): string =>
    `${at(run, cxt)}/${escapePointer(key)}${index < 0 ? '' : `/${String(index)}`}`;
  if (value.length === 0) {
    report(
      run,
      where(),
      'error',
      'value',
      'Strings must not be empty: leave the property out instead',
    );
    return;
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    report(
      run,
      where(),
      'error',
      'too-long',
      `Value is longer than the maximum of ${String(rule.maxLength)} characters`,
    );
  }
  const findings = checkPrimitiveValue(rule.type, value);
  if (findings.length === 0) return;
  const pointer = where();
  for (const f of findings) report(run, pointer, f.severity, f.code, f.diagnostics, f.ruleId);
}

function checkChoices(
  run: ValidationRun,
  cxt: DataValidationCxt | undefined,
  data: JsonObject,
  groups: NonNullable<ObjectRules['choices']>,
  counts: number[] | undefined,
): void {
  groups.forEach((group, g) => {
    const present = counts?.[g] ?? 0;
    if (present === 1 || (present === 0 && !group.required)) return;
    if (present > 1) {
      const found = group.names.filter((n) => data[n] !== undefined || data[`_${n}`] !== undefined);
      report(
        run,
        at(run, cxt),
        'error',
        'structure',
        `Only one form of ${group.element}[x] may be present; found ${found.join(' and ')}`,
      );
    } else {
      run.issues.push({
        severity: 'error',
        code: 'required',
        pointer: at(run, cxt),
        element: `${group.element}[x]`,
        diagnostics: 'minimum required = 1, but only found 0',
      });
    }
  });
}

function checkBindings(
  run: ValidationRun,
  cxt: DataValidationCxt | undefined,
  name: string,
  value: unknown,
  binding: BindingModel & { readonly type: string },
): void {
  const expansion = run.host.expansion(binding.valueSet);
  if (expansion === undefined) return;
  if (!Array.isArray(value)) {
    const finding = checkBinding(binding.type, value, binding, expansion);
    if (finding !== undefined) {
      report(
        run,
        `${at(run, cxt)}/${escapePointer(name)}`,
        finding.severity,
        finding.code,
        finding.diagnostics,
      );
    }
    return;
  }
  for (let i = 0; i < value.length; i++) {
    const finding = checkBinding(binding.type, value[i], binding, expansion);
    if (finding !== undefined) {
      report(
        run,
        `${at(run, cxt)}/${escapePointer(name)}/${String(i)}`,
        finding.severity,
        finding.code,
        finding.diagnostics,
      );
    }
  }
}

function checkElementInvariants(
  run: ValidationRun,
  cxt: DataValidationCxt | undefined,
  name: string,
  data: JsonObject,
  rule: NonNullable<KeyRule['invariants']>,
): void {
  const value = data[name];
  const element = rule.primitive ? data[`_${name}`] : undefined;
  // A primitive is seen with its `_name` half (id and extensions), as FHIRPath sees it.
  const node = (v: unknown, e: unknown): unknown =>
    rule.primitive ? new PrimitiveNode(v, e, rule.type) : v;
  if (Array.isArray(value) || Array.isArray(element)) {
    const values: unknown[] = Array.isArray(value) ? value : [];
    const elements: unknown[] = Array.isArray(element) ? element : [];
    const length = Math.max(values.length, elements.length);
    for (let i = 0; i < length; i++) {
      for (const c of rule.constraints)
        evaluate(run, c, node(values[i], elements[i]), cxt, name, i);
    }
  } else {
    for (const c of rule.constraints) evaluate(run, c, node(value, element), cxt, name, -1);
  }
}

function checkExtension(
  run: ValidationRun,
  cxt: DataValidationCxt | undefined,
  data: JsonObject,
): void {
  const here = at(run, cxt);
  // ext-1: an extension has either a value or sub-extensions, never both, never neither.
  let hasValue = false;
  for (const key in data) {
    if (key.startsWith('value') || key.startsWith('_value')) {
      hasValue = true;
      break;
    }
  }
  const hasChildren = Array.isArray(data.extension) && data.extension.length > 0;
  if (hasValue === hasChildren) {
    report(
      run,
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
  run.host.validateExtension(data, here, modifier, run);
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
