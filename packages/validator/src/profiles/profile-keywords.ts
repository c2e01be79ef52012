import { _, Name, stringify } from 'ajv/dist/compile/codegen/index.js';
import type { Ajv, ValidateFunction } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types';
import type { Schema } from '../engine/json-schemas';
import { emitCheckCall } from '../engine/keywords';
import type { KeywordCheck } from '../engine/keywords';
import type { JsonObject, ValidationRun } from '../engine/run';
import { escapePointer, isJsonObject } from '../engine/run';
import { PrimitiveNode } from '../fhirpath/primitive-node';
import type { ConstraintModel, ValueSetExpansion } from '../model/r4-model-types';
import type { IssueCode, IssueSeverity } from '../outcome/issue';
import { checkBinding } from '../terminology/check-binding';
import type { CardinalityRule, SlicingRule } from './compile-profile';
import { compileSliceMatcher } from './discriminator';
import type { DiscriminatorScope, SliceMatcher } from './discriminator';
import { referencedType } from '../engine/references';
import { matchesFixed, matchesPattern } from './fixed-pattern';
import { checkValueRange } from './value-range';
import type { ValueRange } from './value-range';
import type { ProfileNode } from './profile-tree';

/** The services profile keywords call back into; implemented by the profile engine. */
export interface ProfileHost {
  slicing(key: string): SlicingRule;
  typeProfileRoot(url: string): ProfileNode | undefined;
  expansion(valueSet: string): ValueSetExpansion | undefined;
  /** A compiled invariant check, or an error message when it cannot be compiled. */
  invariant(
    constraint: ConstraintModel,
    context: string,
  ): ((node: unknown, run: ValidationRun) => boolean) | string;
  /** Validates a node against a profile, pushing issues located under `pointer`. */
  validateAgainst(node: unknown, url: string, pointer: string, run: ValidationRun): void;
  /**
   * Whether a node conforms to a profile (no error issues), without reporting anything. A profile
   * that cannot be used (see `unusable`) is not conformed to.
   */
  conforms(node: unknown, url: string, run: ValidationRun): boolean;
  /** Why a profile cannot be used (not loaded, no snapshot …), or undefined when it can. */
  unusable(url: string): string | undefined;
  /** The type a profile constrains (`Patient` for UKCore-Patient), undefined when unknown. */
  profileType(url: string): string | undefined;
  /** A scope to resolve references from within the run's resource. */
  scope(run: ValidationRun): DiscriminatorScope;
  /** Compiles a schema with the profile keywords (the item schemas of a slicing). */
  compileSchema(schema: Schema): ValidateFunction;
  readonly reportUnverifiedCodes: boolean;
}

/** One profile keyword: the JSON type of its value, and how a value becomes its check. */
interface ProfileKeyword {
  readonly schemaType: 'object' | 'string';
  /** Builds the check of one value; called when the check first runs. */
  readonly make: (value: never) => KeywordCheck;
}

/** The run-time side of the profile keywords, bound to one host, by keyword. */
export type ProfileKeywordRuntime = Readonly<Record<string, ProfileKeywordCheck>>;

/** One profile keyword at run time: the JSON type of its value, and the check of a value. */
export interface ProfileKeywordCheck {
  readonly schemaType: 'object' | 'string';
  readonly check: (value: unknown) => KeywordCheck;
}

/** The name under which precompiled profile code finds the `ProfileKeywordRuntime`. */
export const PROFILE_KEYWORD_RUNTIME = 'fhirProfileKeywords';

/**
 * The checks of the profile keywords for one host. Each is built on its first call, so code read
 * back from a cache builds only the checks that run (an invariant's FHIRPath, a slicing's item
 * schemas).
 */
export function profileKeywordRuntime(host: ProfileHost): ProfileKeywordRuntime {
  const runtime: Record<string, ProfileKeywordCheck> = {};
  for (const [keyword, { schemaType, make }] of Object.entries(profileKeywords(host))) {
    runtime[keyword] = {
      schemaType,
      check: (value) => {
        let check: KeywordCheck | undefined;
        return function lazyCheck(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
          check ??= make(value as never);
          return check.call(this, data, cxt);
        };
      },
    };
  }
  return runtime;
}

/**
 * Registers the profile keywords on the ajv instance that compiles profile overlays. Like the
 * base keywords, each reports onto the run and returns true, and generates a call of its check
 * that names its source in the runtime, so compiled overlays can be kept as standalone code.
 *
 * @example
 * ```ts
 * addProfileKeywords(profileAjv, profileKeywordRuntime(engine));
 * ```
 */
export function addProfileKeywords(ajv: Ajv, runtime: ProfileKeywordRuntime): void {
  const source = new Name(PROFILE_KEYWORD_RUNTIME);
  for (const [keyword, { schemaType, check }] of Object.entries(runtime)) {
    ajv.addKeyword({
      keyword,
      schemaType,
      code(cxt) {
        const value: unknown = cxt.schema;
        emitCheckCall(cxt, check(value), _`${source}[${keyword}].check(${stringify(value)})`);
      },
    });
  }
}

/** The profile keywords' definitions, their checks bound to `host`. */
function profileKeywords(host: ProfileHost): Record<string, ProfileKeyword> {
  const keywords: Record<string, ProfileKeyword> = {};
  const define = (definition: {
    keyword: string;
    schemaType: 'object' | 'string';
    errors: false;
    validate?: (
      this: ValidationRun,
      value: never,
      data: unknown,
      schema: unknown,
      cxt?: DataValidationCxt,
    ) => boolean;
    compile?: (value: never) => KeywordCheck;
  }): void => {
    const { validate, compile } = definition;
    keywords[definition.keyword] = {
      schemaType: definition.schemaType,
      make:
        compile ??
        ((value: never): KeywordCheck =>
          function check(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
            return (validate as NonNullable<typeof validate>).call(
              this,
              value,
              data,
              undefined,
              cxt,
            );
          }),
    };
  };
  define({
    keyword: 'fhirCardinality',
    schemaType: 'object',
    errors: false,
    validate: function fhirCardinality(
      this: ValidationRun,
      rule: { profile: string; rules: CardinalityRule[] },
      data: unknown,
      _schema: unknown,
      cxt?: DataValidationCxt,
    ) {
      if (!isJsonObject(data)) return true;
      for (const r of rule.rules) {
        const count = countOf(data, r);
        if (count < r.min) {
          this.issues.push({
            severity: 'error',
            code: 'required',
            pointer: at(this, cxt),
            element: r.element,
            diagnostics: `minimum required = ${String(r.min)}, but only found ${String(count)} (from ${rule.profile})`,
          });
        } else if (r.max !== -1 && count > r.max) {
          this.issues.push({
            severity: 'error',
            code: 'structure',
            pointer: at(this, cxt),
            element: r.element,
            diagnostics: `maximum allowed = ${String(r.max)}, but found ${String(count)} (from ${rule.profile})`,
          });
        }
      }
      return true;
    },
  });

  define({
    keyword: 'fhirForbidden',
    schemaType: 'object',
    errors: false,
    compile(rule: {
      profile: string;
      names: { name: string; reason: string; element?: string }[];
    }) {
      // Look the object's own keys up: an extension's profile forbids some 50 value[x] forms.
      const byKey = new Map<string, { name: string; reason: string; element?: string }>();
      for (const entry of rule.names) {
        byKey.set(entry.name, entry);
        byKey.set(`_${entry.name}`, entry);
      }
      return function fhirForbidden(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
        if (!isJsonObject(data)) return true;
        const seen = new Set<string>();
        for (const key in data) {
          const entry = byKey.get(key);
          if (entry === undefined || seen.has(entry.name)) continue;
          seen.add(entry.name);
          if (entry.element === undefined) {
            report(
              this,
              `${at(this, cxt)}/${escapePointer(entry.name)}`,
              'error',
              'structure',
              `${entry.reason} (from ${rule.profile})`,
            );
          } else {
            // Like any other maximum, max 0 is reported on the element that holds it.
            this.issues.push({
              severity: 'error',
              code: 'structure',
              pointer: at(this, cxt),
              element: entry.element,
              diagnostics: `${entry.reason} (from ${rule.profile})`,
            });
          }
        }
        return true;
      };
    },
  });

  define({
    keyword: 'fhirFixed',
    schemaType: 'object',
    errors: false,
    validate: function fhirFixed(
      this: ValidationRun,
      rule: { profile: string; value: unknown },
      data: unknown,
      _s: unknown,
      cxt?: DataValidationCxt,
    ) {
      if (data !== null && !matchesFixed(data, rule.value)) {
        report(
          this,
          at(this, cxt),
          'error',
          'value',
          `Value must be exactly ${show(rule.value)} (fixed by ${rule.profile})`,
        );
      }
      return true;
    },
  });

  define({
    keyword: 'fhirValueRange',
    schemaType: 'object',
    errors: false,
    validate: function fhirValueRange(
      this: ValidationRun,
      rule: ValueRange,
      data: unknown,
      _s: unknown,
      cxt?: DataValidationCxt,
    ) {
      const finding = checkValueRange(data, rule);
      if (finding !== undefined) {
        report(this, at(this, cxt), finding.severity, finding.code, finding.diagnostics);
      }
      return true;
    },
  });

  define({
    keyword: 'fhirPattern',
    schemaType: 'object',
    errors: false,
    validate: function fhirPattern(
      this: ValidationRun,
      rule: { profile: string; value: unknown },
      data: unknown,
      _s: unknown,
      cxt?: DataValidationCxt,
    ) {
      if (data !== null && !matchesPattern(data, rule.value)) {
        report(
          this,
          at(this, cxt),
          'error',
          'value',
          `Value must match the pattern ${show(rule.value)} (from ${rule.profile})`,
        );
      }
      return true;
    },
  });

  define({
    keyword: 'fhirProfileBinding',
    schemaType: 'object',
    errors: false,
    validate: function fhirProfileBinding(
      this: ValidationRun,
      rule: {
        profile: string;
        strength: 'required' | 'extensible' | 'preferred' | 'example';
        valueSet: string;
        type: string;
      },
      data: unknown,
      _s: unknown,
      cxt?: DataValidationCxt,
    ) {
      if (data === null || rule.strength === 'example') return true;
      const expansion = host.expansion(rule.valueSet);
      const finding = checkBinding(rule.type, data, rule, expansion, true);
      if (finding !== undefined) {
        report(
          this,
          at(this, cxt),
          finding.severity,
          finding.code,
          `${finding.diagnostics} (from ${rule.profile})`,
        );
      } else if (expansion === undefined || !expansion.complete) {
        let placeholder: ValidationRun['issues'][number] | undefined;
        if (
          host.reportUnverifiedCodes &&
          (rule.strength === 'required' || rule.strength === 'extensible')
        ) {
          placeholder = {
            severity: 'information',
            code: 'informational',
            pointer: at(this, cxt),
            diagnostics: `The code was not checked against the ${rule.strength} value set ${rule.valueSet}: it cannot be expanded here (from ${rule.profile})`,
          };
          this.issues.push(placeholder);
        }
        this.deferred?.push({
          pointer: at(this, cxt),
          value: data,
          type: rule.type,
          valueSet: rule.valueSet,
          strength: rule.strength,
          profile: rule.profile,
          ...(placeholder === undefined ? {} : { placeholder }),
        });
      }
      return true;
    },
  });

  define({
    keyword: 'fhirProfileInvariants',
    schemaType: 'object',
    errors: false,
    compile(rule: {
      profile: string;
      context: string;
      constraints: ConstraintModel[];
      primitive?: true;
    }) {
      const checks = rule.constraints.map((c) => ({
        constraint: c,
        check: host.invariant(c, rule.context),
      }));
      return function fhirProfileInvariants(
        this: ValidationRun,
        data: unknown,
        cxt?: DataValidationCxt,
      ) {
        if (data === null || data === undefined) return true;
        // FHIRPath sees a primitive with its `_name` half (id and extensions).
        const node = rule.primitive === true ? primitiveNode(data, rule.context, this, cxt) : data;
        for (const { constraint, check } of checks) {
          const where = at(this, cxt);
          if (typeof check === 'string') {
            report(
              this,
              where,
              'warning',
              'invariant',
              `Constraint ${constraint.key} from ${rule.profile} could not be compiled, so it was not checked: ${check}`,
              constraint.key,
            );
            continue;
          }
          let holds: boolean;
          try {
            holds = check(node, this);
          } catch (error) {
            report(
              this,
              where,
              'warning',
              'invariant',
              `Constraint ${constraint.key} could not be evaluated here (${error instanceof Error ? error.message : 'evaluation error'}): '${constraint.human}' (from ${rule.profile})`,
              constraint.key,
            );
            continue;
          }
          if (!holds) {
            report(
              this,
              where,
              constraint.severity,
              'invariant',
              `Constraint failed: ${constraint.key}: '${constraint.human}' (from ${rule.profile})`,
              constraint.key,
            );
          }
        }
        return true;
      };
    },
  });

  define({
    keyword: 'fhirTypeProfiles',
    schemaType: 'object',
    errors: false,
    validate: function fhirTypeProfiles(
      this: ValidationRun,
      rule: { profile: string; urls: string[] },
      data: unknown,
      _s: unknown,
      cxt?: DataValidationCxt,
    ) {
      if (data === null || data === undefined) return true;
      const where = at(this, cxt);
      const [only] = rule.urls;
      if (rule.urls.length === 1 && only !== undefined) {
        host.validateAgainst(data, only, where, this);
        return true;
      }
      // A profile that cannot be used is said so, and cannot be the one the value conforms to.
      const usable = rule.urls.filter((url) => {
        const problem = host.unusable(url);
        if (problem !== undefined) report(this, where, 'warning', 'not-found', problem);
        return problem === undefined;
      });
      if (usable.length > 0 && !usable.some((url) => host.conforms(data, url, this))) {
        report(
          this,
          where,
          'error',
          'structure',
          `The value does not conform to any of the profiles ${rule.urls.join(', ')} (from ${rule.profile})`,
        );
      }
      return true;
    },
  });

  define({
    keyword: 'fhirTargetProfiles',
    schemaType: 'object',
    errors: false,
    validate: function fhirTargetProfiles(
      this: ValidationRun,
      rule: { profile: string; urls: string[] },
      data: unknown,
      _s: unknown,
      cxt?: DataValidationCxt,
    ) {
      if (!isJsonObject(data)) return true;
      const target =
        typeof data.reference === 'string' ? host.scope(this).resolve(data.reference) : undefined;
      if (target === undefined) {
        // Not resolvable here: the type the reference names must still be one the profiles allow.
        const named =
          typeof data.reference === 'string' ? referencedType(data.reference, this) : undefined;
        const type = named ?? declaredType(data.type);
        const allowed = rule.urls.map((url) => host.profileType(url));
        if (
          type !== undefined &&
          !allowed.includes(undefined) &&
          !allowed.includes('Resource') &&
          !allowed.includes(type)
        ) {
          report(
            this,
            at(this, cxt),
            'error',
            'structure',
            `The reference points at a ${type}, which is not allowed here (target profiles: ${rule.urls.join(', ')}) (from ${rule.profile})`,
          );
        }
        return true;
      }
      // Checked in turn until one conforms; one that cannot be used is said so and passed over.
      let usable = false;
      let conforms = false;
      for (const url of rule.urls) {
        const outcome = targetConforms(target, url, host, this);
        if (typeof outcome === 'string') {
          report(this, at(this, cxt), 'warning', 'not-found', outcome);
          continue;
        }
        usable = true;
        conforms = outcome;
        if (conforms) break;
      }
      if (usable && !conforms) {
        report(
          this,
          at(this, cxt),
          'error',
          'structure',
          `The referenced ${String(target.resourceType)} does not conform to any of the target profiles ${rule.urls.join(', ')} (from ${rule.profile})`,
        );
      }
      return true;
    },
  });

  define({
    keyword: 'fhirSlicing',
    schemaType: 'string',
    errors: false,
    compile(key: string) {
      const rule = host.slicing(key);
      const compiled = compileSlicing(rule, host);
      return function fhirSlicing(this: ValidationRun, data: unknown, cxt?: DataValidationCxt) {
        if (data === undefined) return true;
        checkSlicing(this, compiled, data, at(this, cxt), host);
        return true;
      };
    },
  });
  return keywords;
}

interface CompiledSlicing {
  readonly rule: SlicingRule;
  readonly item: ValidateFunction | undefined;
  readonly slices: readonly {
    readonly name: string;
    readonly min: number;
    readonly max: number;
    readonly matcher: SliceMatcher | string;
    readonly validate: ValidateFunction | undefined;
  }[];
}

function compileSlicing(rule: SlicingRule, host: ProfileHost): CompiledSlicing {
  const compileSchema = (schema: Schema | undefined): ValidateFunction | undefined =>
    schema === undefined ? undefined : host.compileSchema(schema);
  return {
    rule,
    item: compileSchema(rule.itemSchema),
    slices: rule.slices.map(({ node, itemSchema }) => {
      let matcher: SliceMatcher | string;
      try {
        matcher = compileSliceMatcher(rule.slicing, node, host);
      } catch (error) {
        matcher = error instanceof Error ? error.message : String(error);
      }
      return {
        name: node.definition.sliceName ?? node.id,
        min: node.definition.min ?? 0,
        max:
          node.definition.max === undefined || node.definition.max === '*'
            ? -1
            : Number(node.definition.max),
        matcher,
        validate: compileSchema(itemSchema),
      };
    }),
  };
}

function checkSlicing(
  run: ValidationRun,
  compiled: CompiledSlicing,
  data: unknown,
  where: string,
  host: ProfileHost,
): void {
  const { rule } = compiled;
  const items: unknown[] = Array.isArray(data) ? data : [data];
  const indexed = Array.isArray(data);
  const scope = host.scope(run);
  const counts = new Array<number>(compiled.slices.length).fill(0);
  let lastMatched = -1;
  let lastSliceIndex = -1;
  let unmatchedAt = -1;
  items.forEach((item, i) => {
    const pointer = indexed ? `${where}/${String(i)}` : where;
    if (compiled.item !== undefined) runOn(compiled.item, item, pointer, run);
    const matched: number[] = [];
    compiled.slices.forEach((slice, s) => {
      if (typeof slice.matcher === 'string') return;
      if (slice.matcher(item, scope)) matched.push(s);
    });
    if (matched.length === 0) {
      if (rule.slicing.rules === 'closed') {
        report(
          run,
          pointer,
          'error',
          'structure',
          `This ${rule.element} matches none of the slices (${compiled.slices.map((s) => s.name).join(', ')}) of a closed slicing (from ${rule.profile})`,
        );
      } else if (unmatchedAt === -1) unmatchedAt = i;
      return;
    }
    if (matched.length > 1) {
      report(
        run,
        pointer,
        'error',
        'structure',
        `This ${rule.element} matches more than one slice: ${matched.map((s) => compiled.slices[s]?.name ?? '').join(', ')} (from ${rule.profile})`,
      );
    }
    const [first] = matched;
    if (first === undefined) return;
    const slice = compiled.slices[first];
    if (slice === undefined) return;
    counts[first] = (counts[first] ?? 0) + 1;
    if (rule.slicing.ordered === true && first < lastSliceIndex) {
      report(
        run,
        pointer,
        'error',
        'structure',
        `Slice '${slice.name}' is out of order: the slicing of ${rule.element} is ordered (from ${rule.profile})`,
      );
    }
    lastSliceIndex = Math.max(lastSliceIndex, first);
    lastMatched = i;
    if (slice.validate !== undefined) runOn(slice.validate, item, pointer, run);
  });
  if (rule.slicing.rules === 'openAtEnd' && unmatchedAt !== -1 && unmatchedAt < lastMatched) {
    report(
      run,
      indexed ? `${where}/${String(unmatchedAt)}` : where,
      'error',
      'structure',
      `This ${rule.element} matches no slice, but the slicing is open at the end only: unmatched items must come after all sliced ones (from ${rule.profile})`,
    );
  }
  const parent = where.slice(0, where.lastIndexOf('/'));
  compiled.slices.forEach((slice, s) => {
    const count = counts[s] ?? 0;
    if (typeof slice.matcher === 'string') {
      report(
        run,
        where,
        'warning',
        'not-supported',
        `Slice '${slice.name}' of ${rule.element} could not be checked: ${slice.matcher} (from ${rule.profile})`,
      );
      return;
    }
    if (count < slice.min) {
      run.issues.push({
        severity: 'error',
        code: 'required',
        pointer: parent,
        element: `${rule.element}:${slice.name}`,
        diagnostics: `minimum required = ${String(slice.min)}, but only found ${String(count)} (from ${rule.profile})`,
      });
    } else if (slice.max !== -1 && count > slice.max) {
      run.issues.push({
        severity: 'error',
        code: 'structure',
        pointer: parent,
        element: `${rule.element}:${slice.name}`,
        diagnostics: `maximum allowed = ${String(slice.max)}, but found ${String(count)} (from ${rule.profile})`,
      });
    }
  });
}

/** Runs a compiled overlay on one item, with the run's pointer moved to the item. */
function runOn(
  validate: ValidateFunction,
  item: unknown,
  pointer: string,
  run: ValidationRun,
): void {
  validate.call({ ...run, pointer }, item);
}

/** The R4 resources that are not DomainResources. */
const NOT_DOMAIN_RESOURCES = new Set(['Binary', 'Bundle', 'Parameters']);

/** Whether the target conforms to a target profile, or why that profile cannot be used. */
function targetConforms(
  target: JsonObject,
  url: string,
  host: ProfileHost,
  run: ValidationRun,
): boolean | string {
  // A base type's definition (`…/Observation`) asks only for the type; a core profile
  // (`…/vitalsigns`) is validated like any other.
  const core = 'http://hl7.org/fhir/StructureDefinition/';
  const name = url.startsWith(core) ? url.slice(core.length).split('|')[0] : undefined;
  if (name === 'Resource') return true;
  if (name === 'DomainResource') return !NOT_DOMAIN_RESOURCES.has(String(target.resourceType));
  if (name !== undefined && host.profileType(url) === name) return target.resourceType === name;
  return host.unusable(url) ?? host.conforms(target, url, run);
}

function declaredType(type: unknown): string | undefined {
  if (typeof type !== 'string') return undefined;
  const core = 'http://hl7.org/fhir/StructureDefinition/';
  return type.startsWith(core) ? type.slice(core.length) : type;
}

function countOf(data: JsonObject, rule: CardinalityRule): number {
  let count = 0;
  for (const name of rule.names) {
    const value = data[name];
    const extension = rule.primitives.includes(name) ? data[`_${name}`] : undefined;
    if (Array.isArray(value) || Array.isArray(extension)) {
      const length = Math.max(
        Array.isArray(value) ? value.length : 0,
        Array.isArray(extension) ? extension.length : 0,
      );
      count += length;
    } else if (value !== undefined || extension !== undefined) count += 1;
  }
  return count;
}

/**
 * A primitive value with its `_name` half, found beside it in the resource: in the parent
 * object, or for an item of a repeating primitive, in the `_name` array beside the array. The
 * keyword's instance path is relative to the run's resource, as `at` reads it.
 */
function primitiveNode(
  value: unknown,
  type: string,
  run: ValidationRun,
  cxt: DataValidationCxt | undefined,
): PrimitiveNode {
  const segments = (cxt?.instancePath ?? '')
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const last = segments.pop();
  let parent: unknown = run.resource;
  let owner: unknown;
  for (const segment of segments) {
    owner = parent;
    parent =
      isJsonObject(parent) || Array.isArray(parent) ? (parent as JsonObject)[segment] : undefined;
  }
  let element: unknown;
  if (Array.isArray(parent) && last !== undefined) {
    const halves = isJsonObject(owner) ? owner[`_${segments.at(-1) ?? ''}`] : undefined;
    element = Array.isArray(halves) ? halves[Number(last)] : undefined;
  } else if (isJsonObject(parent) && last !== undefined) {
    element = parent[`_${last}`];
  }
  return new PrimitiveNode(value, element, type);
}

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

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
