import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { CompactModel, ConstraintModel, ValueSetExpansion } from '../model/r4-model-types';
import { issuesFromAjv } from './ajv-errors';
import { correctedExpression } from './invariant-fixes';
import { schemaId, typeSchemaById } from './json-schemas';
import { addFhirKeywords } from './keywords';
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

/**
 * The base validation engine: one ajv instance holding a JSON Schema per type of the model,
 * compiled lazily per resource type the first time it is seen, then reused (compile once,
 * validate many). Nested resources are validated as their own types; every finding lands on the
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
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly constraintIndex = new Map<string, ConstraintModel>();
  private readonly constraintCache = new Map<string, CompiledConstraint | undefined>();
  private readonly resourceTypes: ReadonlySet<string>;
  private readonly added = new Set<string>();
  private readonly coreCodes = new Map<
    string,
    { caseInsensitive: boolean; codes: ReadonlySet<string> }
  >();

  constructor(
    readonly model: CompactModel,
    private readonly services: EngineServices,
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
    this.ajv = new Ajv({
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
      // Each type's schema compiles once into its own function, shared by every type that
      // refers to it: inlining them all makes each resource type's code far larger and slower
      // to compile (a cold start cost), for little gain in validation speed.
      inlineRefs: false,
      code: { optimize: false },
    });
    addFhirKeywords(this.ajv, this);
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
      ...(deferred === undefined ? {} : { deferred }),
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
      ...(parent.deferred === undefined ? {} : { deferred: parent.deferred }),
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
    return this.model.valueSets[valueSet] ?? this.services.expansion?.(valueSet);
  }

  codeInSystem(system: string, code: string): boolean | undefined {
    // The code systems of the spec itself first: they are precompiled, so no bundle is read.
    let codes = this.coreCodes.get(system);
    if (codes === undefined) {
      const listed = this.model.codeSystems[system];
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

  /** The compiled base validator of a resource type (compiled on first use). */
  validatorFor(type: string): ValidateFunction | undefined {
    let validate = this.compiled.get(type);
    if (validate === undefined) {
      if (!this.resourceTypes.has(type)) return undefined;
      this.addWithReferences(schemaId(type));
      validate = this.ajv.getSchema(schemaId(type));
      if (validate === undefined) return undefined;
      this.compiled.set(type, validate);
    }
    return validate;
  }

  /** The compiled validator of any type's schema by id (for schemas referenced lazily). */
  schemaValidator(id: string): ValidateFunction | undefined {
    this.addWithReferences(id);
    return this.ajv.getSchema(id);
  }

  /** Adds a schema and those it `$ref`s to ajv, once: start-up adds none. */
  private addWithReferences(id: string): void {
    const pending = [id];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (this.added.has(next)) continue;
      // Each type's schema is built and added to ajv only when a compiled type needs it.
      const schema = typeSchemaById(this.model, next);
      if (schema === undefined) continue;
      this.added.add(next);
      this.ajv.addSchema(schema);
      collectRefs(schema, pending);
    }
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

function collectRefs(node: unknown, into: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.push(value);
      else collectRefs(value, into);
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
