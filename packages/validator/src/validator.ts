import type { OperationOutcome, Resource } from '@lhcr/models';
import { ValidationEngine } from './engine/engine';
import type { EngineServices } from './engine/engine';
import { ElementIndex, pointerToFhirPath } from './engine/fhir-path-location';
import { invariantCompiler } from './engine/compile-constraint';
import type { DeferredCodeCheck, RawIssue } from './engine/run';
import { checkDeferredCodes } from './terminology/remote/check-deferred-codes';
import type { TerminologyClient } from './terminology/remote/terminology-client';
import { R4_MODEL } from './generated/r4-model';
import { R4_PRECOMPILED } from './engine/r4-precompiled';
import { DEFAULT_LIMITS, exceedsDepth } from './limits';
import { elementContextAt } from './profiles/element-context';
import { ProfileEngine } from './profiles/profile-engine';
import type { DefinitionSource } from './profiles/profile-engine';
import type { CompiledCodeCache } from './engine/compiled-code-cache';
import type { ValidationLimits } from './limits';
import { hasErrors, toOperationOutcome } from './outcome/issue';
import type { ValidationIssue } from './outcome/issue';
import { parseJsonBytes, parseJsonText } from './text/json-text';
import type { TextPosition } from './text/json-text';

/**
 * Options for {@link createValidator}.
 *
 * @example
 * const options: ValidatorOptions = { reportUnverifiedCodes: false, limits: { maxDepth: 64 } };
 */
export interface ValidatorOptions {
  /**
   * Add an information issue for codes that cannot be checked without a terminology server
   * (SNOMED CT, dm+d). Default true.
   */
  readonly reportUnverifiedCodes?: boolean;
  /** Size and depth limits; defaults in {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<ValidationLimits>;
  /**
   * Profiles, extension definitions, value sets and code systems from loaded FHIR packages.
   * Without it, only base R4 is checked and every extension is reported as unknown.
   */
  readonly definitions?: DefinitionSource;
  /** Profiles every top-level resource is validated against, besides those in meta.profile. */
  readonly profiles?: readonly string[];
  /** Report absent must-support elements of the profiles validated against (information). */
  readonly mustSupport?: boolean;
  /**
   * A FHIR terminology server for the codes that cannot be checked locally, used by
   * `validateAsync` and `validateTextAsync` (see {@link createTerminologyClient}).
   */
  readonly terminology?: TerminologyClient;
  /**
   * Where compiled profile schemas are kept between processes, so that a later process runs
   * their code instead of compiling them again (on Node, `loadDefinitions` gives one).
   */
  readonly compiledCode?: CompiledCodeCache;
}

/**
 * Options for one validation.
 *
 * @example
 * validator.validate(patient, { profiles: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient'] });
 */
export interface ValidateOptions {
  /** Profiles to validate the top-level resource against, besides those in meta.profile. */
  readonly profiles?: readonly string[];
}

/**
 * A validation result: `ok` when no issue is an error or fatal. Both branches carry every issue
 * found (warnings and information too) and the same issues as an OperationOutcome.
 *
 * @example
 * const result: ValidationResult = validator.validate(resource);
 * if (!result.ok) console.error(result.outcome);
 */
export type ValidationResult =
  | {
      readonly ok: true;
      /** The input, now known to be a valid FHIR resource. */
      readonly value: Resource;
      readonly issues: readonly ValidationIssue[];
      readonly outcome: OperationOutcome;
    }
  | {
      readonly ok: false;
      readonly issues: readonly ValidationIssue[];
      readonly outcome: OperationOutcome;
    };

/**
 * A FHIR R4 validator: compiled once, it validates many resources. It never throws on its input:
 * whatever it is given comes back as issues.
 *
 * @example
 * const validator = createValidator();
 * const result = validator.validate({ resourceType: 'Patient', gender: 'F' });
 * result.issues[0]?.expression; // 'Patient.gender'
 */
export interface Validator {
  /** Validates a parsed JSON value as a FHIR resource. */
  validate(resource: unknown, options?: ValidateOptions): ValidationResult;
  /**
   * Validates JSON text as a FHIR resource; issues carry the line and column they are about.
   * Malformed JSON gives one `fatal` issue with the position of the error. The text may be
   * given as bytes, which must be UTF-8: any other encoding is a `fatal` issue, never read with
   * replacement characters.
   */
  validateText(text: string | Uint8Array, options?: ValidateOptions): ValidationResult;
  /**
   * As {@link Validator.validate}, then asks the terminology server (`terminology` option)
   * about the codes that cannot be checked locally (SNOMED CT, dm+d, value sets that do not
   * expand here); without a server, the same as `validate`.
   */
  validateAsync(resource: unknown, options?: ValidateOptions): Promise<ValidationResult>;
  /** As {@link Validator.validateText}, with the terminology server as `validateAsync`. */
  validateTextAsync(
    text: string | Uint8Array,
    options?: ValidateOptions,
  ): Promise<ValidationResult>;
}

/**
 * Creates a FHIR R4 validator for base R4 (all resource types): JSON shape, primitives,
 * cardinality, choice elements, nested resources, Bundle rules, FHIRPath invariants and
 * bindings. Start-up is fast: it loads a precompiled model, and compiles each resource type's
 * checks the first time it meets one.
 *
 * @see https://hl7.org/fhir/R4/validation.html
 * @example
 * const validator = createValidator();
 * validator.validateText('{"resourceType":"Patient","birthDate":"1970-02-30"}').issues[0]?.expression;
 * // 'Patient.birthDate'
 */
export function createValidator(options: ValidatorOptions = {}): Validator {
  const limits: ValidationLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const reportUnverifiedCodes = options.reportUnverifiedCodes ?? true;
  const compileInvariant = invariantCompiler(R4_MODEL, options.compiledCode);
  const definitions: DefinitionSource = options.definitions ?? NO_DEFINITIONS;
  const profiles = new ProfileEngine(R4_MODEL, definitions, compileInvariant, {
    reportUnverifiedCodes,
    mustSupport: options.mustSupport ?? false,
    compiledCode: options.compiledCode,
  });
  const extra = options.profiles ?? [];
  // The profiles of the call under way (validation is synchronous, so one at a time).
  let callProfiles: readonly string[] = extra;
  profiles.useBaseValidation((resource, run) => {
    const contained =
      Array.isArray(run.rootResource.contained) && run.rootResource.contained.includes(resource);
    engine.validateNested(resource, run.pointer, run, contained);
  });
  const services: EngineServices = {
    compileInvariant,
    reportUnverifiedCodes,
    expansion: (valueSet) => profiles.expansion(valueSet),
    codeInSystem: (system, code) => profiles.codeInSystem(system, code),
    supplementOf: (system) => profiles.supplementOf(system),
    codeDisplays: (system, code) => profiles.codeDisplays(system, code),
    canonicalResource: (url, resourceType) => profiles.canonicalResource(url, resourceType),
    supersedesCore: (url) => definitions.supersedesCore?.(url) === true,
    validateExtension: (extension, pointer, modifier, run) => {
      profiles.validateExtension(extension, pointer, modifier, run);
    },
    validateProfiles: (resource, run) => {
      profiles.validateResource(resource, run, callProfiles);
    },
  };
  const engine = new ValidationEngine(R4_MODEL, services, { precompiled: R4_PRECOMPILED });
  const index = new ElementIndex(R4_MODEL);

  const finish = (
    document: unknown,
    raw: readonly RawIssue[],
    locate?: (pointer: string) => TextPosition,
  ): ValidationResult => {
    const issues = raw.map((issue) => toValidationIssue(issue, index, document, locate));
    const outcome = toOperationOutcome(issues);
    return hasErrors(issues)
      ? { ok: false, issues, outcome }
      : { ok: true, value: document as Resource, issues, outcome };
  };

  /** The raw issues of one document; never throws (the last line of defence for the caller). */
  const check = (document: unknown, deferred?: DeferredCodeCheck[]): RawIssue[] => {
    try {
      return engine.validateDocument(document, [], deferred);
    } catch (error) {
      const overflow = error instanceof RangeError;
      return [
        {
          severity: 'fatal',
          code: overflow ? 'too-costly' : 'exception',
          pointer: '',
          whole: true,
          diagnostics: overflow
            ? 'The resource is nested too deeply to validate'
            : `The validator failed on this input: ${error instanceof Error ? error.message : String(error)}`,
        },
      ];
    }
  };

  /** The document to validate, or the finished result when the input cannot be read at all. */
  interface Readable {
    readonly document: unknown;
    readonly locate?: (pointer: string) => TextPosition;
    readonly extra: ValidationIssue[];
  }
  type Prepared = Readable | { readonly result: ValidationResult };

  const prepareValue = (resource: unknown, call: ValidateOptions | undefined): Prepared => {
    callProfiles = call?.profiles === undefined ? extra : [...extra, ...call.profiles];
    if (exceedsDepth(resource, limits.maxDepth))
      return { result: finish(resource, [tooDeep(limits)]) };
    return { document: resource, extra: [] };
  };

  const prepareText = (input: string | Uint8Array, call: ValidateOptions | undefined): Prepared => {
    callProfiles = call?.profiles === undefined ? extra : [...extra, ...call.profiles];
    const parsed =
      typeof input === 'string' ? parseJsonText(input, limits) : parseJsonBytes(input, limits);
    if (!parsed.ok) {
      const issue: ValidationIssue = {
        severity: 'fatal',
        code: parsed.problem.code,
        expression: '',
        diagnostics: parsed.problem.diagnostics,
        ...(parsed.problem.position ?? {}),
      };
      return { result: { ok: false, issues: [issue], outcome: toOperationOutcome([issue]) } };
    }
    const lexical = integerLexicalIssues(
      parsed.value,
      parsed.fractionalNumbers,
      index,
      parsed.locate,
    );
    return { document: parsed.value, locate: parsed.locate, extra: lexical };
  };

  const complete = (prepared: Readable, raw: readonly RawIssue[]): ValidationResult => {
    const result = finish(prepared.document, raw, prepared.locate);
    if (prepared.extra.length === 0) return result;
    const issues = [...result.issues, ...prepared.extra];
    return { ok: false, issues, outcome: toOperationOutcome(issues) };
  };

  const syncRun = (prepared: Prepared): ValidationResult =>
    'result' in prepared ? prepared.result : complete(prepared, check(prepared.document));

  const asyncRun = async (prepared: Prepared): Promise<ValidationResult> => {
    if ('result' in prepared) return prepared.result;
    const terminology = options.terminology;
    if (terminology === undefined) return complete(prepared, check(prepared.document));
    const deferred: DeferredCodeCheck[] = [];
    const raw = check(prepared.document, deferred);
    await checkDeferredCodes(deferred, raw, terminology);
    return complete(prepared, raw);
  };

  return {
    validate: (resource, call) => syncRun(prepareValue(resource, call)),
    validateText: (text, call) => syncRun(prepareText(text, call)),
    validateAsync: (resource, call) => asyncRun(prepareValue(resource, call)),
    validateTextAsync: (text, call) => asyncRun(prepareText(text, call)),
  };
}

const NO_DEFINITIONS: DefinitionSource = {
  structureDefinition: () => undefined,
  valueSet: () => undefined,
  codeSystem: () => undefined,
};

const INTEGER_TYPES = new Set(['integer', 'positiveInt', 'unsignedInt']);

/** Integers written with a decimal point or exponent in the text (`1.0`, `1e2`): not FHIR integers. */
function integerLexicalIssues(
  document: unknown,
  pointers: readonly string[],
  index: ElementIndex,
  locate: (pointer: string) => TextPosition,
): ValidationIssue[] {
  if (pointers.length === 0 || typeof document !== 'object' || document === null) return [];
  const out: ValidationIssue[] = [];
  for (const pointer of pointers) {
    const context = elementContextAt(R4_MODEL, document as Record<string, unknown>, pointer);
    if (context === undefined || !INTEGER_TYPES.has(context.type)) continue;
    out.push({
      severity: 'error',
      code: 'value',
      expression: pointerToFhirPath(index, document, pointer),
      diagnostics: `Value is not a valid FHIR ${context.type}: integers are written without a decimal point or exponent`,
      ...locate(pointer),
    });
  }
  return out;
}

function tooDeep(limits: ValidationLimits): RawIssue {
  return {
    severity: 'fatal',
    code: 'too-costly',
    pointer: '',
    whole: true,
    diagnostics: `The JSON is nested more than ${String(limits.maxDepth)} levels deep; raise maxDepth to validate it`,
  };
}

function toValidationIssue(
  raw: RawIssue,
  index: ElementIndex,
  document: unknown,
  locate: ((pointer: string) => TextPosition) | undefined,
): ValidationIssue {
  const expression = raw.whole === true ? '' : pointerToFhirPath(index, document, raw.pointer);
  const issue: ValidationIssue = {
    severity: raw.severity,
    code: raw.code,
    expression,
    diagnostics:
      raw.element === undefined
        ? raw.diagnostics
        : `${expression}.${raw.element}: ${raw.diagnostics}`,
  };
  if (locate !== undefined) Object.assign(issue, locate(raw.pointer));
  if (raw.ruleId !== undefined) issue.ruleId = raw.ruleId;
  if (raw.specUrl !== undefined) issue.specUrl = raw.specUrl;
  return issue;
}
