import type { ElementDefinition } from '@lhcr/models';
import { isJsonObject } from '../engine/run';
import type { JsonObject } from '../engine/run';
import type { ValueSetExpansion } from '../model/r4-model-types';
import { hasCodeIn } from '../terminology/check-binding';
import { fixedOrPattern, matchesFixed, matchesPattern } from './fixed-pattern';
import type { ProfileNode } from './profile-tree';

/** A value reached by a discriminator path, with its FHIR type when the path told it. */
interface Typed {
  readonly value: unknown;
  readonly type?: string;
}

/** What matching slices may need: following references, and checking profiles. */
export interface DiscriminatorScope {
  resolve(reference: string): JsonObject | undefined;
  /** Whether a value conforms to a profile, for `profile` discriminators. */
  conforms(item: unknown, profileUrl: string): boolean;
}

/** One step of a discriminator path. */
type Step =
  | { readonly kind: 'this' }
  | { readonly kind: 'resolve' }
  | { readonly kind: 'ofType'; readonly type: string }
  | { readonly kind: 'extension'; readonly url: string }
  | { readonly kind: 'name'; readonly name: string };

/**
 * Parses a discriminator path: the restricted FHIRPath of slicing (names, `$this`, `resolve()`,
 * `ofType(T)`, `extension('url')`).
 *
 * @throws {Error} with a message naming the unsupported part.
 * @see https://hl7.org/fhir/R4/profiling.html#discriminator
 * @example
 * parseDiscriminatorPath("extension('http://x').value"); // [{ kind: 'extension', url: 'http://x' }, { kind: 'name', name: 'value' }]
 */
export function parseDiscriminatorPath(path: string): Step[] {
  const steps: Step[] = [];
  for (const part of splitPath(path)) {
    if (part === '$this') steps.push({ kind: 'this' });
    else if (part === 'resolve()') steps.push({ kind: 'resolve' });
    else if (/^ofType\([A-Za-z]+\)$/.test(part))
      steps.push({ kind: 'ofType', type: part.slice(7, -1) });
    else if (/^extension\('[^']*'\)$/.test(part))
      steps.push({ kind: 'extension', url: part.slice(11, -2) });
    else if (/^[A-Za-z][A-Za-z0-9_]*$/.test(part)) steps.push({ kind: 'name', name: part });
    else throw new Error(`unsupported discriminator path '${path}' (at '${part}')`);
  }
  return steps;
}

function splitPath(path: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inQuote = false;
  let current = '';
  for (const ch of path) {
    if (ch === "'") inQuote = !inQuote;
    if (!inQuote && ch === '(') depth++;
    if (!inQuote && ch === ')') depth--;
    if (ch === '.' && depth === 0 && !inQuote) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/**
 * Evaluates parsed steps on an instance item, keeping the FHIR type where choice names give it.
 * With `typeOnly` (a type discriminator), a final `resolve()` of a reference that cannot be
 * resolved here still gives the type the reference names (`Patient/x`, or its `type`).
 */
export function evaluateSteps(
  item: unknown,
  steps: readonly Step[],
  scope: DiscriminatorScope,
  typeOnly = false,
): Typed[] {
  let current: Typed[] = [{ value: item }];
  for (const [index, step] of steps.entries()) {
    const next: Typed[] = [];
    for (const { value, type } of current) {
      switch (step.kind) {
        case 'this':
          next.push(type === undefined ? { value } : { value, type });
          break;
        case 'resolve': {
          const reference = isJsonObject(value) ? value.reference : undefined;
          const target = typeof reference === 'string' ? scope.resolve(reference) : undefined;
          if (target !== undefined) next.push({ value: target, type: String(target.resourceType) });
          else if (typeOnly && index === steps.length - 1 && isJsonObject(value)) {
            const type = namedTargetType(value);
            if (type !== undefined) next.push({ value: { resourceType: type }, type });
          }
          break;
        }
        case 'ofType':
          if (typeOf(value, type) === step.type) next.push({ value, type: step.type });
          break;
        case 'extension':
          if (!isJsonObject(value) || !Array.isArray(value.extension)) break;
          for (const e of value.extension) {
            if (isJsonObject(e) && e.url === step.url) next.push({ value: e, type: 'Extension' });
          }
          break;
        case 'name':
          if (!isJsonObject(value)) break;
          next.push(...child(value, step.name));
          break;
      }
    }
    current = next;
  }
  return current;
}

const LITERAL_TARGET =
  /(?:^|\/)([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** The resource type a Reference names: its `type`, or the type in a RESTful literal reference. */
function namedTargetType(reference: JsonObject): string | undefined {
  const core = 'http://hl7.org/fhir/StructureDefinition/';
  if (typeof reference.type === 'string') {
    return reference.type.startsWith(core) ? reference.type.slice(core.length) : reference.type;
  }
  const literal = reference.reference;
  if (typeof literal !== 'string' || literal.startsWith('#')) return undefined;
  return LITERAL_TARGET.exec(literal)?.[1];
}

function child(node: JsonObject, name: string): Typed[] {
  const direct = node[name];
  if (direct !== undefined) {
    const items: unknown[] = Array.isArray(direct) ? direct : [direct];
    return items.filter((v) => v !== null).map((value) => ({ value }));
  }
  // A choice element is named without its type in FHIRPath: `value` finds `valueQuantity`.
  const out: Typed[] = [];
  for (const key of Object.keys(node)) {
    if (key.length > name.length && key.startsWith(name) && /[A-Z]/.test(key.charAt(name.length))) {
      const suffix = key.slice(name.length);
      out.push({ value: node[key], type: primitiveOrComplex(suffix) });
    }
  }
  return out;
}

/** `String` → `string`, `Quantity` → `Quantity`: choice suffixes name primitives capitalised. */
function primitiveOrComplex(suffix: string): string {
  const lower = suffix.charAt(0).toLowerCase() + suffix.slice(1);
  return PRIMITIVES.has(lower) ? lower : suffix;
}

const PRIMITIVES = new Set([
  'base64Binary',
  'boolean',
  'canonical',
  'code',
  'date',
  'dateTime',
  'decimal',
  'id',
  'instant',
  'integer',
  'markdown',
  'oid',
  'positiveInt',
  'string',
  'time',
  'unsignedInt',
  'uri',
  'url',
  'uuid',
]);

function typeOf(value: unknown, known: string | undefined): string | undefined {
  if (known !== undefined) return known;
  if (isJsonObject(value) && typeof value.resourceType === 'string') return value.resourceType;
  return undefined;
}

/** What compiling a slice's matcher looks up: type profiles, and value set expansions. */
export interface SliceDefinitions {
  typeProfileRoot(url: string): ProfileNode | undefined;
  expansion(valueSet: string): ValueSetExpansion | undefined;
}

/** Decides whether an instance item belongs to a slice. */
export type SliceMatcher = (item: unknown, scope: DiscriminatorScope) => boolean;

/**
 * Compiles the test "does this item belong to this slice" from the slicing's discriminators and
 * the slice's definition: every discriminator must agree (value and pattern: the item's value
 * at the path matches the slice's fixed or pattern value there; type: the item's type is one of
 * the slice's types; exists: presence matches the slice's cardinality there; profile: the item
 * conforms to one of the slice's profiles). A value discriminator is also met by a required
 * binding: the item's code is in the slice's value set (FHIR R4 profiling, discriminator type
 * `value`).
 *
 * A value or pattern discriminator the slice gives no value for does not constrain that slice,
 * as long as another discriminator does (as the reference validator reads a slicing by type and
 * subtype where some slices leave the subtype open); nor does a profile discriminator the slice
 * names no profile for.
 *
 * @throws {Error} when a discriminator cannot be compiled (the message says why).
 * @example
 * const matcher = compileSliceMatcher(slicing, nhsNumberSlice, { typeProfileRoot, expansion });
 * matcher({ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }, scope); // true
 */
export function compileSliceMatcher(
  slicing: NonNullable<ElementDefinition['slicing']>,
  slice: ProfileNode,
  definitions: SliceDefinitions,
): SliceMatcher {
  const unconstrained: string[] = [];
  const tests = (slicing.discriminator ?? []).map((d): SliceMatcher | undefined => {
    const steps = parseDiscriminatorPath(d.path);
    const target = nodeAtPath(slice, steps, (url) => definitions.typeProfileRoot(url));
    switch (d.type) {
      case 'value':
      case 'pattern': {
        const expected = expectedValue(slice, steps, target);
        if (expected === undefined) {
          const bound = boundValueSet(target, definitions);
          if (bound !== undefined) {
            return (item: unknown, scope: DiscriminatorScope): boolean =>
              evaluateSteps(item, steps, scope).some(
                ({ value, type }) => hasCodeIn(type ?? bound.type, value, bound.expansion) === true,
              );
          }
          unconstrained.push(
            `slice '${slice.definition.sliceName ?? slice.id}' has no fixed or pattern value, nor a required binding to a value set expanded here, at its discriminator '${d.path}'`,
          );
          return undefined;
        }
        return (item: unknown, scope: DiscriminatorScope): boolean =>
          evaluateSteps(item, steps, scope).some(({ value }) =>
            expected.kind === 'fixed'
              ? matchesFixed(value, expected.value)
              : matchesPattern(value, expected.value),
          );
      }
      case 'type': {
        const types = expectedTypes(slice, steps, target);
        return (item: unknown, scope: DiscriminatorScope): boolean =>
          evaluateSteps(item, steps, scope, true).some((t) => {
            const type = typeOf(t.value, t.type);
            return type !== undefined && types.has(type);
          });
      }
      case 'exists': {
        const definition = target?.definition;
        const mustExist = (definition?.min ?? 0) >= 1;
        const mustNotExist = definition?.max === '0';
        return (item: unknown, scope: DiscriminatorScope): boolean => {
          const exists = evaluateSteps(item, steps, scope).length > 0;
          return mustExist ? exists : mustNotExist ? !exists : true;
        };
      }
      case 'profile': {
        const profiles = expectedProfiles(slice, steps, target);
        if (profiles.length === 0) {
          // As a value left open: the slice is placed by its other discriminators (IPS 2.0.0
          // slices Bundle entries by type and profile, and gives some slices a type alone).
          unconstrained.push(
            `slice '${slice.definition.sliceName ?? slice.id}' names no profile at its discriminator '${d.path}'`,
          );
          return undefined;
        }
        return (item: unknown, scope: DiscriminatorScope): boolean =>
          evaluateSteps(item, steps, scope).some((t) =>
            profiles.some((p) => scope.conforms(t.value, p)),
          );
      }
    }
  });
  const used = tests.filter((test) => test !== undefined);
  const [why] = unconstrained;
  if (used.length === 0 && why !== undefined) throw new Error(why);
  return (item, scope) => used.every((test) => test(item, scope));
}

/**
 * The value set a slice's element at its discriminator is bound to with `required` strength, when
 * it expands completely here: FHIR lets a value discriminator be met by such a binding instead of
 * a fixed or pattern value (a slice holds the items whose code is a member).
 */
function boundValueSet(
  target: ProfileNode | undefined,
  definitions: SliceDefinitions,
): { readonly type: string; readonly expansion: ValueSetExpansion } | undefined {
  const binding = target?.definition.binding;
  const type = target?.definition.type?.[0]?.code;
  if (binding?.strength !== 'required' || binding.valueSet === undefined || type === undefined) {
    return undefined;
  }
  const expansion = definitions.expansion(binding.valueSet);
  return expansion?.complete === true ? { type, expansion } : undefined;
}

/** The slice's element at a discriminator path, following type profiles where needed. */
function nodeAtPath(
  slice: ProfileNode,
  steps: readonly Step[],
  typeProfileRoot: (url: string) => ProfileNode | undefined,
): ProfileNode | undefined {
  let node: ProfileNode | undefined = slice;
  for (const step of steps) {
    if (node === undefined) return undefined;
    switch (step.kind) {
      case 'this':
      case 'ofType':
        break;
      case 'resolve':
        return node;
      case 'extension': {
        const extension = childNamed(node, 'extension', typeProfileRoot);
        node = extension?.slices.find((s) => extensionUrl(s) === step.url);
        break;
      }
      case 'name':
        node = childNamed(node, step.name, typeProfileRoot);
        break;
    }
  }
  return node;
}

function childNamed(
  node: ProfileNode,
  name: string,
  typeProfileRoot: (url: string) => ProfileNode | undefined,
): ProfileNode | undefined {
  const own = node.children.find((c) => c.name === name || c.name === `${name}[x]`);
  if (own !== undefined) return own;
  const profile = singleTypeProfile(node.definition);
  if (profile === undefined) return undefined;
  const root = typeProfileRoot(profile);
  return root?.children.find((c) => c.name === name || c.name === `${name}[x]`);
}

function singleTypeProfile(definition: ElementDefinition): string | undefined {
  const profiles = (definition.type ?? []).flatMap((t) => t.profile ?? []);
  return profiles.length === 1 ? profiles[0] : undefined;
}

/** The url an extension slice stands for: its fixed url, or its extension definition's URL. */
export function extensionUrl(slice: ProfileNode): string | undefined {
  const url = slice.children.find((c) => c.name === 'url')?.definition.fixedUri;
  if (url !== undefined) return url;
  const profile = singleTypeProfile(slice.definition);
  return profile?.split('|')[0];
}

function expectedValue(
  slice: ProfileNode,
  steps: readonly Step[],
  target: ProfileNode | undefined,
): { kind: 'fixed' | 'pattern'; value: unknown } | undefined {
  if (target !== undefined) {
    const found = fixedOrPattern(target.definition);
    if (found !== undefined) return found;
  }
  // `url` of an extension slice whose url lives in its extension definition.
  const last = steps.at(-1);
  if (last?.kind === 'name' && last.name === 'url' && steps.length === 1) {
    const url = extensionUrl(slice);
    if (url !== undefined) return { kind: 'fixed', value: url };
  }
  return undefined;
}

function expectedTypes(
  slice: ProfileNode,
  steps: readonly Step[],
  target: ProfileNode | undefined,
): Set<string> {
  const definition = (target ?? slice).definition;
  const resolving = steps.some((s) => s.kind === 'resolve');
  const codes = resolving
    ? (definition.type ?? []).flatMap((t) => (t.targetProfile ?? []).map(lastSegment))
    : (definition.type ?? []).map((t) => t.code);
  return new Set(codes);
}

function expectedProfiles(
  slice: ProfileNode,
  steps: readonly Step[],
  target: ProfileNode | undefined,
): string[] {
  const definition = (target ?? slice).definition;
  const resolving = steps.some((s) => s.kind === 'resolve');
  return (definition.type ?? []).flatMap((t) =>
    resolving ? (t.targetProfile ?? []) : (t.profile ?? []),
  );
}

function lastSegment(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1).split('|')[0] ?? url;
}
