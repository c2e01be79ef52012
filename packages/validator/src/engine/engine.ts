import type { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { CompactModel, ConstraintModel, ValueSetExpansion } from '../model/r4-model-types';
import { issuesFromAjv } from './ajv-errors';
import { createAjv } from './internal/ajv-package';
import { hasCodeIn } from '../terminology/check-binding';
import { correctedExpression } from './invariant-fixes';
import { schemaId, typeSchemaById } from './json-schemas';
import { addFhirKeywords, KEYWORD_RUNTIME, keywordRuntime } from './keywords';
import type { KeywordRuntime } from './keywords';
import { instantiatePrecompiled } from './precompiled-schemas';
import type { PrecompiledSchemas } from './precompiled-schemas';
import { bundleScope } from './resource-rules';
import type {
  BundleScope,
  CompiledConstraint,
  DeferredCodeCheck,
  InvariantCheck,
  JsonObject,
  KeywordHost,
  RawIssue,
  ValidationRun,
} from './run';
import { isJsonObject } from './run';

/** Compiles a FHIRPath invariant for nodes of `contextType` (a type name or backbone path). */
export type InvariantCompiler = (expression: string, contextType: string) => InvariantCheck;

/** The parts of the engine that can be swapped or extended (terminology, extensions, profiles). */
export interface EngineServices {
  readonly compileInvariant: InvariantCompiler;
  /** Expansion of a value set beyond the model's own (from loaded packages or a server). */
  readonly expansion?: (valueSet: string) => ValueSetExpansion | undefined;
  /** Membership of a code in a code system known with complete content, else undefined. */
  readonly codeInSystem?: (system: string, code: string) => boolean | undefined;
  /** When `system` is a loaded CodeSystem supplement: the code system it supplements. */
  readonly supplementOf?: (system: string) => string | undefined;
  /** The displays a loaded code system gives a code (display and designations), if any. */
  readonly codeDisplays?: (system: string, code: string) => readonly string[] | undefined;
  /** A resource of the loaded definitions by canonical URL, of `resourceType` when given. */
  readonly canonicalResource?: (url: string, resourceType?: string) => JsonObject | undefined;
  /**
   * Whether the loaded definitions hold their own edition of a value set or code system R4
   * defines (a newer one from terminology.hl7.org): theirs is used instead of the model's.
   */
  readonly supersedesCore?: (url: string) => boolean;
  /** Validates an extension against its definition; reports unknown ones. */
  readonly validateExtension?: (
    extension: JsonObject,
    pointer: string,
    modifier: boolean,
    run: ValidationRun,
  ) => void;
  /** Validates a resource against the profiles it claims (meta.profile), after the base rules. */
  readonly validateProfiles?: (resource: JsonObject, run: ValidationRun) => void;
  readonly reportUnverifiedCodes?: boolean;
}

/** How the engine gets its compiled schemas. */
export interface EngineOptions {
  /** Schemas compiled ahead of time, used instead of compiling them here. */
  readonly precompiled?: PrecompiledSchemas | undefined;
  /** Keep the generated code of compiled schemas (for writing it out as standalone code). */
  readonly keepSource?: boolean;
}

/**
 * The base validation engine: a JSON Schema per type of the model, compiled with ajv the first
 * time the type is met (or taken precompiled), then reused (compile once, validate many). Nested
 * resources are validated as their own types; every finding lands on the
 * run's issue list, located by JSON pointer.
 *
 * @example
 * ```ts
 * const engine = new ValidationEngine(R4_MODEL, services);
 * const issues = engine.validateDocument(JSON.parse(text));
 * ```
 */
export class ValidationEngine implements KeywordHost {
  readonly reportUnverifiedCodes: boolean;
  private readonly supersededUrls = new Map<string, boolean>();
  private ajv: Ajv | undefined;
  private readonly keywords: KeywordRuntime;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly constraintIndex = new Map<string, ConstraintModel>();
  private readonly constraintCache = new Map<string, CompiledConstraint | undefined>();
  private readonly resourceTypes: ReadonlySet<string>;
  private readonly coreCodes = new Map<
    string,
    { caseInsensitive: boolean; codes: ReadonlySet<string> }
  >();

  /** `memberOf()` in invariants: membership of a value set expanded here, else unknown. */
  private readonly memberOf = (value: unknown, type: string, valueSet: string) =>
    hasCodeIn(type, value, this.expansion(valueSet.split('|')[0] ?? valueSet));

  constructor(
    readonly model: CompactModel,
    private readonly services: EngineServices,
    private readonly options: EngineOptions = {},
  ) {
    this.reportUnverifiedCodes = services.reportUnverifiedCodes ?? true;
    this.resourceTypes = new Set(model.resourceTypes);
    for (const [key, type] of Object.entries(model.types)) {
      for (const c of type.constraints) this.constraintIndex.set(`${key}|${c.key}`, c);
      for (const element of type.elements) {
        for (const c of element.constraints ?? []) {
          this.constraintIndex.set(`${element.type}|${c.key}`, c);
        }
      }
    }
    this.keywords = keywordRuntime(this);
  }

  /** The ajv instance that compiles schemas, made when a schema is first compiled here. */
  get ajvInstance(): Ajv {
    if (this.ajv === undefined) {
      this.ajv = createAjv({
        allErrors: true,
        // Errors carry their data and schema: the messages name the value found and the value set.
        verbose: true,
        passContext: true,
        strict: true,
        strictTypes: false,
        strictRequired: false,
        allowUnionTypes: true,
        // FHIR's lexical regexes are ASCII; without the `u` flag they run faster.
        unicodeRegExp: false,
        code: { optimize: false, source: this.options.keepSource === true },
      });
      addFhirKeywords(this.ajv, this.keywords);
    }
    return this.ajv;
  }

  /** Whether `type` is a concrete resource type of the model. */
  isResourceType(type: string): boolean {
    return this.resourceTypes.has(type);
  }

  /**
   * Validates a parsed resource: its JSON shape and every rule of its base type, its nested
   * resources, and (through the services) its extensions and claimed profiles.
   */
  validateDocument(
    resource: unknown,
    issues: RawIssue[] = [],
    deferred?: DeferredCodeCheck[],
  ): RawIssue[] {
    if (!isJsonObject(resource)) {
      issues.push({
        severity: 'error',
        code: 'structure',
        pointer: '',
        diagnostics: `A resource must be a JSON object, not ${describe(resource)}`,
      });
      return issues;
    }
    const bundle = resource.resourceType === 'Bundle' ? bundleScope(resource) : undefined;
    const run: ValidationRun = {
      host: this,
      issues,
      resource,
      rootResource: resource,
      pointer: '',
      bundle,
      resolve: (reference) => resolveReference(reference, resource, bundle),
      memberOf: this.memberOf,
      ...(deferred === undefined ? {} : { deferred }),
      elementIds: new Map(),
    };
    this.validateInRun(resource, run);
    return issues;
  }

  validateNested(
    resource: JsonObject,
    pointer: string,
    parent: ValidationRun,
    contained: boolean,
  ): void {
    const rootResource = contained ? parent.rootResource : resource;
    const bundle = resource.resourceType === 'Bundle' ? bundleScope(resource) : parent.bundle;
    const run: ValidationRun = {
      host: this,
      issues: parent.issues,
      resource,
      rootResource,
      pointer,
      bundle,
      resolve: (reference) => resolveReference(reference, rootResource, bundle),
      memberOf: this.memberOf,
      ...(parent.deferred === undefined ? {} : { deferred: parent.deferred }),
      elementIds: new Map(),
    };
    this.validateInRun(resource, run);
  }

  validateExtension(
    extension: JsonObject,
    pointer: string,
    modifier: boolean,
    run: ValidationRun,
  ): void {
    this.services.validateExtension?.(extension, pointer, modifier, run);
  }

  constraint(context: string, key: string): CompiledConstraint | undefined {
    const cacheKey = `${context}|${key}`;
    if (this.constraintCache.has(cacheKey)) return this.constraintCache.get(cacheKey);
    const definition = this.constraintIndex.get(cacheKey);
    const compiled =
      definition === undefined
        ? undefined
        : {
            key,
            severity: definition.severity,
            human: definition.human,
            source: definition.source,
            check: this.services.compileInvariant(
              correctedExpression(definition.expression),
              context,
            ),
          };
    this.constraintCache.set(cacheKey, compiled);
    return compiled;
  }

  expansion(valueSet: string): ValueSetExpansion | undefined {
    const own = this.superseded(valueSet) ? undefined : this.model.valueSets[valueSet];
    return own ?? this.services.expansion?.(valueSet);
  }

  /** Whether the loaded definitions replace R4's own edition of `url` (asked once per url). */
  private superseded(url: string): boolean {
    if (this.services.supersedesCore === undefined) return false;
    let answer = this.supersededUrls.get(url);
    if (answer === undefined) {
      answer = this.services.supersedesCore(url);
      this.supersededUrls.set(url, answer);
    }
    return answer;
  }

  codeInSystem(system: string, code: string): boolean | undefined {
    // The code systems of the spec itself first: they are precompiled, so no bundle is read.
    let codes = this.coreCodes.get(system);
    if (codes === undefined) {
      const listed = this.superseded(system) ? undefined : this.model.codeSystems[system];
      if (listed === undefined) return this.services.codeInSystem?.(system, code);
      codes = {
        caseInsensitive: listed.caseInsensitive === true,
        codes: new Set(
          listed.caseInsensitive === true ? listed.codes.map((c) => c.toLowerCase()) : listed.codes,
        ),
      };
      this.coreCodes.set(system, codes);
    }
    return codes.codes.has(codes.caseInsensitive ? code.toLowerCase() : code);
  }

  codeDisplays(system: string, code: string): readonly string[] | undefined {
    return this.services.codeDisplays?.(system, code);
  }

  canonicalResource(url: string, resourceType?: string): JsonObject | undefined {
    return this.services.canonicalResource?.(url, resourceType);
  }

  supplementOf(system: string): string | undefined {
    // R4's own code systems (precompiled in the model) are none of them supplements.
    if (this.model.codeSystems[system] !== undefined && !this.superseded(system)) return undefined;
    return this.services.supplementOf?.(system);
  }

  /** The compiled base validator of a resource type (compiled on first use). */
  validatorFor(type: string): ValidateFunction | undefined {
    return this.resourceTypes.has(type) ? this.schemaValidator(schemaId(type)) : undefined;
  }

  /** The validator of any type's schema by id: precompiled, or compiled on first use. */
  schemaValidator(id: string): ValidateFunction | undefined {
    let validate = this.compiled.get(id);
    if (validate === undefined) {
      const { precompiled } = this.options;
      const code = precompiled?.code(id);
      if (precompiled !== undefined && code !== undefined) {
        validate = instantiatePrecompiled(code, { [KEYWORD_RUNTIME]: this.keywords }, (m) =>
          precompiled.require(m),
        );
      } else {
        // Each type's schema is built and added to ajv only when it is first needed.
        const schema = typeSchemaById(this.model, id);
        if (schema === undefined) return undefined;
        validate = this.ajvInstance.compile(schema);
      }
      this.compiled.set(id, validate);
    }
    return validate;
  }

  private validateInRun(resource: JsonObject, run: ValidationRun): void {
    const type = resource.resourceType;
    if (typeof type !== 'string') {
      run.issues.push({
        severity: 'error',
        code: 'required',
        pointer: `${run.pointer}/resourceType`,
        diagnostics:
          type === undefined
            ? 'resourceType: minimum required = 1, but only found 0 (every resource names its type)'
            : 'resourceType must be a string naming a FHIR resource type',
      });
      return;
    }
    const validate = this.validatorFor(type);
    if (validate === undefined) {
      run.issues.push({
        severity: 'error',
        code: 'invalid',
        pointer: `${run.pointer}/resourceType`,
        diagnostics: `Unknown resource type '${type}': not a FHIR R4 resource type`,
      });
      return;
    }
    if (!validate.call(run, resource)) {
      run.issues.push(...issuesFromAjv(validate.errors ?? [], run.pointer));
    }
    this.services.validateProfiles?.(resource, run);
  }
}

/** Follows a reference to a contained resource (`#id`) or to an entry of the Bundle in scope. */
export function resolveReference(
  reference: string,
  rootResource: JsonObject,
  bundle: BundleScope | undefined,
): JsonObject | undefined {
  if (reference.startsWith('#')) {
    const id = reference.slice(1);
    if (id === '') return rootResource;
    const contained = rootResource.contained;
    if (!Array.isArray(contained)) return undefined;
    const found: unknown = contained.find((c) => isJsonObject(c) && c.id === id);
    return isJsonObject(found) ? found : undefined;
  }
  return bundle?.resources.get(reference);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
