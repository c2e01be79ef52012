import type { StructureDefinition } from '@lhcr/models';
import type { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { resolveReference } from '../engine/engine';
import type { InvariantCompiler } from '../engine/engine';
import { correctedExpression } from '../engine/invariant-fixes';
import type { JsonObject, ValidationRun } from '../engine/run';
import { isJsonObject } from '../engine/run';
import type { CompactModel, ConstraintModel, ValueSetExpansion } from '../model/r4-model-types';
import type { IssueCode, IssueSeverity } from '../outcome/issue';
import { SnapshotError } from '../snapshot/snapshot-error';
import { SnapshotGenerator } from '../snapshot/generate-snapshot';
import { expandValueSet } from '../terminology/expand-value-set';
import type { CodeSystemLike, ConceptLike, ValueSetLike } from '../terminology/expand-value-set';
import { compileProfileSchema } from './compile-profile';
import type { SlicingRule } from './compile-profile';
import type { DiscriminatorScope } from './discriminator';
import { elementContextAt, extensionAllowedAt } from './element-context';
import { reportMissingMustSupport } from './must-support';
import type { Schema } from '../engine/json-schemas';
import { instantiatePrecompiled } from '../engine/precompiled-schemas';
import type { CompiledCodeCache } from '../engine/compiled-code-cache';
import { createAjv, standaloneCodeOf } from '../engine/internal/ajv-package';
import {
  addProfileKeywords,
  PROFILE_KEYWORD_RUNTIME,
  profileKeywordRuntime,
} from './profile-keywords';
import type { ProfileHost, ProfileKeywordRuntime } from './profile-keywords';
import { buildProfileTree } from './profile-tree';
import type { ProfileNode } from './profile-tree';

/** Where profiles, extension definitions and terminology come from (loaded FHIR packages). */
export interface DefinitionSource {
  structureDefinition(url: string): StructureDefinition | undefined;
  valueSet(url: string): ValueSetLike | undefined;
  codeSystem(url: string): CodeSystemLike | undefined;
  /**
   * Whether these definitions hold their own edition of a value set or code system that R4
   * itself defines (a newer one from terminology.hl7.org, say), to be used instead of R4's.
   * Without it, R4's editions (compiled into the validator) are used.
   */
  supersedesCore?(url: string): boolean;
  /**
   * A canonical resource of any type (a Questionnaire, a SearchParameter …) by URL, of
   * `resourceType` when given: for checking what a `canonical` element points at.
   */
  canonicalResource?(url: string, resourceType?: string): CanonicalResource | undefined;
  /**
   * The global profiles of the loaded implementation guides (`ImplementationGuide.global`):
   * every resource of the type must conform to the profile.
   */
  globalProfiles?(): readonly GlobalProfile[];
}

/** A profile every resource of a type must conform to, by an implementation guide's say. */
export interface GlobalProfile {
  readonly type: string;
  readonly profile: string;
}

/** A resource found by its canonical URL. */
export interface CanonicalResource {
  readonly resourceType: string;
  readonly [property: string]: unknown;
}

/** Options of the profile engine. */
export interface ProfileEngineOptions {
  readonly reportUnverifiedCodes: boolean;
  /** Report must-support elements that are absent, as information. */
  readonly mustSupport: boolean;
  /** Where compiled profile schemas are kept between processes, if anywhere. */
  readonly compiledCode?: CompiledCodeCache | undefined;
}

interface CompiledProfile {
  readonly url: string;
  readonly label: string;
  readonly type: string;
  readonly kind: string | undefined;
  readonly tree: ProfileNode;
  readonly validate: ValidateFunction;
}

const CORE_PREFIX = 'http://hl7.org/fhir/StructureDefinition/';

/**
 * Validates instances against profiles and extension definitions from loaded packages:
 * snapshots are generated where packages ship differentials only, compiled into overlay
 * schemas once per profile, and cached. Also answers terminology questions (expansions, code
 * systems) from the loaded packages.
 *
 * @example
 * ```ts
 * const profiles = new ProfileEngine(R4_MODEL, registry, compileInvariant, { reportUnverifiedCodes: true, mustSupport: false });
 * profiles.validateAgainst(patient, 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient', '', run);
 * ```
 */
export class ProfileEngine implements ProfileHost {
  readonly reportUnverifiedCodes: boolean;
  private profileAjv: Ajv | undefined;
  private readonly keywords: ProfileKeywordRuntime;
  private readonly snapshots: SnapshotGenerator;
  private readonly slicings = new Map<string, SlicingRule>();
  private readonly compiled = new Map<string, CompiledProfile | string>();
  private readonly trees = new Map<string, ProfileNode | undefined>();
  private readonly expansions = new Map<string, ValueSetExpansion | undefined>();
  private readonly codeSets = new Map<string, ReadonlySet<string> | undefined>();
  private readonly supplements = new Map<string, string | undefined>();
  private readonly canonicals = new Map<string, CanonicalResource | undefined>();
  private globals: Map<string, readonly string[]> | undefined;
  private readonly displays = new Map<string, ReadonlyMap<string, string[]> | undefined>();
  private baseValidation: ((resource: JsonObject, run: ValidationRun) => void) | undefined;
  private readonly invariants = new Map<
    string,
    ((node: unknown, run: ValidationRun) => boolean) | string
  >();

  constructor(
    private readonly model: CompactModel,
    private readonly source: DefinitionSource,
    private readonly compileInvariant: InvariantCompiler,
    private readonly options: ProfileEngineOptions,
  ) {
    this.reportUnverifiedCodes = options.reportUnverifiedCodes;
    this.snapshots = new SnapshotGenerator(source);
    this.keywords = profileKeywordRuntime(this);
  }

  /** The ajv instance that compiles profile schemas, made when one is first compiled. */
  private get ajv(): Ajv {
    if (this.profileAjv === undefined) {
      this.profileAjv = createAjv({
        allErrors: true,
        passContext: true,
        strict: false,
        allowUnionTypes: true,
        // The generated code is kept only when it is to be cached.
        code: { optimize: true, source: this.options.compiledCode !== undefined },
      });
      addProfileKeywords(this.profileAjv, this.keywords);
    }
    return this.profileAjv;
  }

  /**
   * Compiles a schema with the profile keywords: taken from the cache of compiled schemas when it
   * holds this very schema, else compiled by ajv and its code added to the cache.
   */
  compileSchema(schema: Schema): ValidateFunction {
    const cache = this.options.compiledCode;
    if (cache === undefined) return this.ajv.compile(schema);
    const key = JSON.stringify(schema);
    const code = cache.code(key);
    if (code !== undefined) {
      try {
        return instantiatePrecompiled(code, { [PROFILE_KEYWORD_RUNTIME]: this.keywords }, (m) =>
          cache.require(m),
        );
      } catch {
        // Unusable code (a damaged cache file) is compiled again and replaced.
      }
    }
    const ajv = this.ajv;
    const validate = ajv.compile(schema);
    cache.set(key, standaloneCodeOf(ajv, validate));
    return validate;
  }

  /** The generator of snapshots, shared with callers that want snapshots themselves. */
  get snapshotGenerator(): SnapshotGenerator {
    return this.snapshots;
  }

  /**
   * Validates a resource against the profiles it claims in `meta.profile` and, at the top of
   * the document, against `extra` profiles too.
   */
  validateResource(resource: JsonObject, run: ValidationRun, extra: readonly string[]): void {
    const claimed =
      isJsonObject(resource.meta) && Array.isArray(resource.meta.profile)
        ? resource.meta.profile
        : [];
    const urls = new Set<string>();
    for (const url of claimed) if (typeof url === 'string') urls.add(url);
    if (typeof resource.resourceType === 'string') {
      for (const url of this.globalProfilesOf(resource.resourceType)) urls.add(url);
    }
    // Profiles asked for by the caller, not claimed by the resource: one that cannot be used
    // leaves the question asked unanswered, so that is an error, not a warning.
    const requested = new Set<string>();
    if (run.pointer === '') {
      for (const url of extra) if (!urls.has(url)) requested.add(url);
      for (const url of extra) urls.add(url);
    }
    for (const url of urls) {
      this.validateAgainst(resource, url, run.pointer, run, requested.has(url));
      if (this.options.mustSupport && run.pointer === '') {
        const compiled = this.profile(url);
        if (typeof compiled !== 'string')
          reportMissingMustSupport(compiled.tree, resource, run, compiled.label);
      }
    }
  }

  /** The global profiles the loaded implementation guides set for a resource type. */
  private globalProfilesOf(type: string): readonly string[] {
    if (this.globals === undefined) {
      this.globals = new Map();
      for (const { type: forType, profile } of this.source.globalProfiles?.() ?? []) {
        this.globals.set(forType, [...(this.globals.get(forType) ?? []), profile]);
      }
    }
    return this.globals.get(type) ?? [];
  }

  validateAgainst(
    node: unknown,
    url: string,
    pointer: string,
    run: ValidationRun,
    requested = false,
  ): void {
    const profile = this.profile(url);
    if (typeof profile === 'string') {
      report(run, pointer, requested ? 'error' : 'warning', 'not-found', profile);
      return;
    }
    if (
      isJsonObject(node) &&
      typeof node.resourceType === 'string' &&
      profile.kind === 'resource'
    ) {
      if (
        profile.type !== node.resourceType &&
        profile.type !== 'Resource' &&
        profile.type !== 'DomainResource'
      ) {
        report(
          run,
          pointer,
          'error',
          'invalid',
          `The profile ${profile.label} is for ${profile.type} resources, not ${node.resourceType}`,
        );
        return;
      }
    }
    profile.validate.call({ ...run, pointer }, node);
  }

  /**
   * Lets conformance checks of whole resources (targets of references, `profile`
   * discriminators) run the base rules too, extensions included, not just the profile overlay.
   */
  useBaseValidation(validate: (resource: JsonObject, run: ValidationRun) => void): void {
    this.baseValidation = validate;
  }

  unusable(url: string): string | undefined {
    const profile = this.profile(url);
    return typeof profile === 'string' ? profile : undefined;
  }

  conforms(node: unknown, url: string, run: ValidationRun): boolean {
    if (this.unusable(url) !== undefined) return false;
    const issues: ValidationRun['issues'] = [];
    let quiet: ValidationRun = { ...run, issues };
    if (isJsonObject(node) && typeof node.resourceType === 'string') {
      // A resource is checked as itself: `%resource`, and where its extensions sit, are its own.
      // Its pointer is one of its own (its issues are only counted), never '', which would make
      // it the validated document's resource and give it the profiles asked for that one.
      const contained =
        Array.isArray(run.rootResource.contained) && run.rootResource.contained.includes(node);
      const rootResource = contained ? run.rootResource : node;
      quiet = {
        ...quiet,
        resource: node,
        rootResource,
        pointer: `${run.pointer}/(referenced)`,
        resolve: (reference) => resolveReference(reference, rootResource, run.bundle),
      };
      this.baseValidation?.(node, quiet);
    }
    this.validateAgainst(node, url, quiet.pointer, quiet);
    return !issues.some((i) => i.severity === 'error' || i.severity === 'fatal');
  }

  /** Checks an extension: its definition known, its context allowed, its content valid. */
  validateExtension(
    extension: JsonObject,
    pointer: string,
    modifier: boolean,
    run: ValidationRun,
  ): void {
    const url = extension.url;
    // Sub-extensions of a complex extension have relative urls; their parent's definition checks them.
    if (typeof url !== 'string' || !url.includes(':')) return;
    const definition = this.source.structureDefinition(url);
    if (definition === undefined) {
      report(
        run,
        pointer,
        modifier ? 'error' : 'warning',
        modifier ? 'not-supported' : 'extension',
        modifier
          ? `Unknown modifier extension ${url}: a modifier extension that is not understood means the resource cannot be processed safely`
          : `Unknown extension ${url}: no definition is loaded, so its content was not checked`,
      );
      return;
    }
    if (definition.type !== 'Extension') {
      report(
        run,
        pointer,
        'error',
        'invalid',
        `The extension url ${url} names a ${definition.type} definition, not an extension`,
      );
      return;
    }
    const root = this.typeProfileRoot(url)?.definition;
    if (root !== undefined && (root.isModifier === true) !== modifier) {
      report(
        run,
        pointer,
        'error',
        'structure',
        modifier
          ? `The extension ${url} is not a modifier extension, so it cannot be used in modifierExtension`
          : `The extension ${url} is a modifier extension, so it must be used in modifierExtension`,
      );
    }
    const relative = pointer.slice(run.pointer.length);
    const parentPointer = relative.replace(/\/(extension|modifierExtension)\/\d+$/, '');
    const where = elementContextAt(this.model, run.resource, parentPointer);
    const contexts = definition.context ?? [];
    if (where !== undefined && !extensionAllowedAt(url, contexts, where, this.model)) {
      report(
        run,
        pointer,
        'error',
        'structure',
        `The extension ${url} is not allowed on ${where.path} (allowed: ${contexts.map((c) => c.expression).join(', ')})`,
      );
    }
    this.validateAgainst(extension, url, pointer, run);
  }

  slicing(key: string): SlicingRule {
    const rule = this.slicings.get(key);
    if (rule === undefined) throw new Error(`No slicing rule ${key}`);
    return rule;
  }

  typeProfileRoot(url: string): ProfileNode | undefined {
    if (this.trees.has(url)) return this.trees.get(url);
    let tree: ProfileNode | undefined;
    try {
      const definition = this.snapshots.snapshot(url);
      tree = buildProfileTree(definition.snapshot?.element ?? []);
    } catch {
      tree = undefined;
    }
    this.trees.set(url, tree);
    return tree;
  }

  expansion(valueSet: string): ValueSetExpansion | undefined {
    const url = stripVersion(valueSet);
    if (this.expansions.has(url)) return this.expansions.get(url);
    const own = this.source.supersedesCore?.(url) === true ? undefined : this.model.valueSets[url];
    const expansion =
      own ??
      expandValueSet(url, {
        valueSet: (u) => this.source.valueSet(u),
        codeSystem: (u) => this.source.codeSystem(u),
      });
    this.expansions.set(url, expansion);
    return expansion;
  }

  /** When `system` is a loaded CodeSystem supplement: the code system it supplements. */
  supplementOf(system: string): string | undefined {
    if (!this.supplements.has(system)) {
      // Named by `supplements` (older packages leave content 'complete') or by its content.
      const codeSystem = this.source.codeSystem(system);
      const supplemented =
        codeSystem?.supplements ??
        (codeSystem?.content === 'supplement' ? '(a code system it does not name)' : undefined);
      this.supplements.set(system, supplemented);
    }
    return this.supplements.get(system);
  }

  /** A resource of the loaded definitions by canonical URL, of `resourceType` when given. */
  canonicalResource(url: string, resourceType?: string): CanonicalResource | undefined {
    const key = `${resourceType ?? ''}|${url}`;
    if (!this.canonicals.has(key)) {
      this.canonicals.set(key, this.source.canonicalResource?.(url, resourceType));
    }
    return this.canonicals.get(key);
  }

  /** The displays a loaded code system gives a code: its display and designations, if any. */
  codeDisplays(system: string, code: string): readonly string[] | undefined {
    if (!this.displays.has(system)) {
      const concepts = this.source.codeSystem(system)?.concept;
      this.displays.set(system, concepts === undefined ? undefined : displayIndex(concepts));
    }
    return this.displays.get(system)?.get(code);
  }

  /** Whether a code is defined in a loaded code system with complete content. */
  codeInSystem(system: string, code: string): boolean | undefined {
    let codes = this.codeSets.get(system);
    if (!this.codeSets.has(system)) {
      const codeSystem = this.source.codeSystem(system);
      codes =
        codeSystem?.content === 'complete' && codeSystem.concept !== undefined
          ? new Set(allCodes(codeSystem.concept))
          : undefined;
      this.codeSets.set(system, codes);
    }
    return codes === undefined ? undefined : codes.has(code);
  }

  invariant(
    constraint: ConstraintModel,
    context: string,
  ): ((node: unknown, run: ValidationRun) => boolean) | string {
    const key = `${context}|${constraint.key}|${constraint.expression}`;
    let compiled = this.invariants.get(key);
    if (compiled === undefined) {
      try {
        const check = this.compileInvariant(correctedExpression(constraint.expression), context);
        compiled = (node, run) => check(node, run);
      } catch (error) {
        compiled = error instanceof Error ? error.message : String(error);
      }
      this.invariants.set(key, compiled);
    }
    return compiled;
  }

  profileType(url: string): string | undefined {
    if (url.startsWith(CORE_PREFIX) && /^[A-Z][A-Za-z]+$/.test(url.slice(CORE_PREFIX.length))) {
      return url.slice(CORE_PREFIX.length);
    }
    const type = this.source.structureDefinition(url)?.type;
    return type === undefined ? undefined : type.replace(CORE_PREFIX, '');
  }

  scope(run: ValidationRun): DiscriminatorScope {
    return {
      resolve: (reference) => resolveReference(reference, run.rootResource, run.bundle),
      conforms: (item, url) => this.conforms(item, url, run),
    };
  }

  /** The compiled profile, or a message saying why it cannot be used. */
  private profile(url: string): CompiledProfile | string {
    const cached = this.compiled.get(url);
    if (cached !== undefined) return cached;
    let result: CompiledProfile | string;
    try {
      result = this.compile(url);
    } catch (error) {
      if (error instanceof SnapshotError && error.code === 'not-found' && error.url === url) {
        result = `Profile ${url} is not loaded, so it was not checked (load the package that defines it)`;
      } else {
        result = `Profile ${url} could not be used, so it was not checked: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    this.compiled.set(url, result);
    return result;
  }

  private compile(url: string): CompiledProfile {
    const definition = this.snapshots.snapshot(url);
    const tree = buildProfileTree(definition.snapshot?.element ?? []);
    const label = `${definition.url}${definition.version === undefined ? '' : `|${definition.version}`}`;
    const typeKey = definition.type.startsWith(CORE_PREFIX)
      ? definition.type.slice(CORE_PREFIX.length)
      : definition.type;
    // Slicings are keyed by profile and order of registration, so the schema (and the key of its
    // kept code) is the same whatever order profiles are compiled in.
    let slicings = 0;
    const schema = compileProfileSchema(tree, typeKey, label, {
      model: this.model,
      typeProfileRoot: (u) => this.typeProfileRoot(u),
      registerSlicing: (rule) => {
        const key = `${label}#${String(slicings++)}`;
        this.slicings.set(key, rule);
        return key;
      },
    });
    return {
      url,
      label,
      type: typeKey,
      kind: definition.kind,
      tree,
      validate: this.compileSchema(schema),
    };
  }
}

/** Each code's displays (display, then designations), for the codes that have any. */
function displayIndex(concepts: readonly ConceptLike[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const walk = (list: readonly ConceptLike[]): void => {
    for (const concept of list) {
      const names = [concept.display, ...(concept.designation ?? []).map((d) => d.value)];
      const displays = names.filter((n): n is string => typeof n === 'string' && n !== '');
      if (displays.length > 0 && typeof concept.code === 'string')
        index.set(concept.code, displays);
      if (Array.isArray(concept.concept)) walk(concept.concept);
    }
  };
  walk(concepts);
  return index;
}

function* allCodes(concepts: readonly { code: string; concept?: unknown }[]): Generator<string> {
  for (const c of concepts) {
    yield c.code;
    if (Array.isArray(c.concept))
      yield* allCodes(c.concept as { code: string; concept?: unknown }[]);
  }
}

function stripVersion(url: string): string {
  const bar = url.indexOf('|');
  return bar === -1 ? url : url.slice(0, bar);
}

function report(
  run: ValidationRun,
  pointer: string,
  severity: IssueSeverity,
  code: IssueCode,
  diagnostics: string,
): void {
  run.issues.push({ severity, code, pointer, diagnostics });
}
