import type { ValidateFunction } from 'ajv';
import type { CompactModel, ValueSetExpansion } from '../model/r4-model-types';
import type { IssueCode, IssueSeverity } from '../outcome/issue';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * A finding located by an absolute JSON pointer into the validated document; the validator turns
 * the pointer into a FHIRPath expression (and a line and column for text) at the end.
 */
export interface RawIssue {
  severity: IssueSeverity;
  code: IssueCode;
  pointer: string;
  diagnostics: string;
  ruleId?: string;
  specUrl?: string;
  /**
   * The child element the issue is about when it is located on the parent, as for a missing
   * required element: the report prefixes the diagnostics with `<parent path>.<element>`.
   */
  element?: string;
  /** The issue is about the input as a whole (too large, too deep): it has no expression. */
  whole?: true;
}

/**
 * A code the validator could not check locally, kept for a terminology server when validating
 * with one: a Coding of a code system not known here in full, or a value of an element bound
 * to a value set that cannot be expanded here.
 */
export interface DeferredCodeCheck {
  /** Where to report the answer. */
  readonly pointer: string;
  /** The coded value: a `code` string, a Coding or a CodeableConcept. */
  readonly value: unknown;
  readonly type: string;
  /** For a binding: the value set and its strength (and the profile that sets it). */
  readonly valueSet?: string;
  readonly strength?: 'required' | 'extensible' | 'preferred';
  readonly profile?: string;
  /** The note standing in for the check, replaced by the server's answer. */
  readonly placeholder?: RawIssue;
}

/** A compiled invariant: true when it holds for the node. */
export type InvariantCheck = (node: unknown, env: InvariantEnvironment) => boolean;

/** What an invariant sees besides its node (`%resource`, `%rootResource`, `resolve()`, `memberOf()`). */
export interface InvariantEnvironment {
  readonly resource: JsonObject;
  readonly rootResource: JsonObject;
  /** Follows a reference to a contained resource or a Bundle entry, for `resolve()`. */
  readonly resolve: (reference: string) => unknown;
  /** Whether a coded value is in a value set expanded here, for `memberOf()` (undefined: unknown). */
  readonly memberOf: (value: unknown, type: string, valueSet: string) => boolean | undefined;
}

/** An invariant ready to run, with what the report says when it fails. */
export interface CompiledConstraint {
  readonly key: string;
  readonly severity: 'error' | 'warning';
  readonly human: string;
  readonly source: string | undefined;
  /** Throws when the expression cannot be evaluated on the node (reported as an error). */
  readonly check: InvariantCheck;
}

/** The Bundle a resource sits in, for resolving references between entries. */
export interface BundleScope {
  /**
   * The resource type of each entry, by its `fullUrl` and, for entries with a RESTful fullUrl
   * or an id, by `Type/id`.
   */
  readonly targets: ReadonlyMap<string, string>;
  /** The entry resources, by the same keys as `targets`. */
  readonly resources: ReadonlyMap<string, JsonObject>;
  /** The Bundle's `type`, which decides how strictly unresolved references are reported. */
  readonly type: string | undefined;
}

/**
 * The services the schema keywords call back into: the model, compiled invariants, terminology,
 * nested resources and extensions. Implemented by the validator engine.
 */
export interface KeywordHost {
  readonly model: CompactModel;
  /** The invariant `key` of the type or backbone `context`, compiled; undefined if unknown. */
  constraint(context: string, key: string): CompiledConstraint | undefined;
  /** The local expansion of a value set, or undefined when it is not known here. */
  expansion(valueSet: string): ValueSetExpansion | undefined;
  /**
   * Whether `code` is defined in the code system `system`: true or false when the code system is
   * known here with complete content, undefined otherwise.
   */
  codeInSystem(system: string, code: string): boolean | undefined;
  /** When `system` is a loaded CodeSystem supplement: the code system it supplements. */
  supplementOf(system: string): string | undefined;
  /** The displays a code system known here gives a code (display and designations), if any. */
  codeDisplays(system: string, code: string): readonly string[] | undefined;
  /** A resource of the loaded definitions by canonical URL, of `resourceType` when given. */
  canonicalResource(url: string, resourceType?: string): JsonObject | undefined;
  /** Whether codes that cannot be checked here (SNOMED CT without a server) get a note. */
  readonly reportUnverifiedCodes: boolean;
  /** Validates a resource found inside another (contained, a Bundle entry, a parameter). */
  validateNested(
    resource: JsonObject,
    pointer: string,
    run: ValidationRun,
    contained: boolean,
  ): void;
  /** The compiled validator of a schema by id, compiled on first use. */
  schemaValidator(id: string): ValidateFunction | undefined;
  /** Validates an extension against its definition, when the definition is known. */
  validateExtension(
    extension: JsonObject,
    pointer: string,
    modifier: boolean,
    run: ValidationRun,
  ): void;
}

/**
 * The state of one resource's validation, passed to every keyword as `this` (ajv's
 * `passContext`). Nested resources get their own run sharing the `issues` list.
 */
export interface ValidationRun extends InvariantEnvironment {
  readonly host: KeywordHost;
  readonly issues: RawIssue[];
  /** The nearest resource (`%resource`). */
  readonly resource: JsonObject;
  /** The container of a contained resource, else the resource itself (`%rootResource`). */
  readonly rootResource: JsonObject;
  /** The JSON pointer of `resource` in the validated document (`''` at the top). */
  readonly pointer: string;
  /** The Bundle the resource is in, if any. */
  readonly bundle: BundleScope | undefined;
  /** Present when a terminology server will check what could not be checked here. */
  readonly deferred?: DeferredCodeCheck[];
  /** Element ids met so far in the resource, by parent and id, with where (see checkElementId). */
  readonly elementIds: Map<string, string>;
}

/**
 * Escapes one JSON pointer segment (RFC 6901).
 *
 * @example
 * escapePointer('a/b'); // 'a~1b'
 */
export function escapePointer(segment: string): string {
  return segment.includes('~') || segment.includes('/')
    ? segment.replaceAll('~', '~0').replaceAll('/', '~1')
    : segment;
}

/** A plain JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
