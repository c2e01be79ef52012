import type { ElementDefinition, StructureDefinition } from '@lhcr/models';
import { SnapshotError } from './snapshot-error';

/** Where the snapshot generator finds the definitions a profile builds on. */
export interface SnapshotSource {
  /** A StructureDefinition by canonical URL (`url` or `url|version`), with or without snapshot. */
  structureDefinition(url: string): StructureDefinition | undefined;
}

const CORE_PREFIX = 'http://hl7.org/fhir/StructureDefinition/';

/**
 * Generates snapshots for StructureDefinitions that carry only a differential, as the FHIR
 * profiling rules describe: the snapshot starts as the base definition's snapshot; each
 * differential element, matched by its id, then constrains its element, creating slices and
 * stepping into the children of data types (or of the type's profile, such as an extension
 * definition) and of `contentReference`s as needed; constraints are inherited and added to.
 * Snapshots are cached per canonical URL.
 *
 * @see https://hl7.org/fhir/R4/profiling.html#snapshot
 * @example
 * ```ts
 * const generator = new SnapshotGenerator(registry);
 * const patient = generator.snapshot('https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient');
 * patient.snapshot?.element.find((e) => e.id === 'Patient.identifier:nhsNumber.system')?.fixedUri;
 * // 'https://fhir.nhs.uk/Id/nhs-number'
 * ```
 */
export class SnapshotGenerator {
  private readonly cache = new Map<string, StructureDefinition>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly source: SnapshotSource) {}

  /**
   * The definition at `url` with its snapshot: the published one when it has one, otherwise
   * generated from its differential.
   *
   * @throws {SnapshotError} when the definition, or one it builds on, is unknown or unusable.
   */
  snapshot(url: string): StructureDefinition {
    const cached = this.cache.get(url);
    if (cached !== undefined) return cached;
    const definition = this.source.structureDefinition(url);
    if (definition === undefined) {
      throw new SnapshotError('not-found', `No StructureDefinition is loaded for ${url}`, url);
    }
    const result = this.withSnapshot(definition);
    this.cache.set(url, result);
    return result;
  }

  /**
   * `definition` with a snapshot, generated from its differential when it has none.
   *
   * @throws {SnapshotError} as {@link SnapshotGenerator.snapshot}.
   */
  withSnapshot(definition: StructureDefinition): StructureDefinition {
    if (definition.snapshot !== undefined && definition.snapshot.element.length > 0)
      return definition;
    const url = definition.url;
    if (this.inProgress.has(url)) {
      throw new SnapshotError(
        'circular',
        `${url} builds on itself (through its base or a type profile)`,
        url,
      );
    }
    this.inProgress.add(url);
    try {
      return { ...definition, snapshot: { element: this.generate(definition) } };
    } finally {
      this.inProgress.delete(url);
    }
  }

  private generate(definition: StructureDefinition): ElementDefinition[] {
    const url = definition.url;
    if (definition.derivation === 'specialization') {
      throw new SnapshotError(
        'unsupported',
        `${url} is a specialization without a snapshot; only constraints can be snapshotted from a differential`,
        url,
      );
    }
    if (definition.baseDefinition === undefined) {
      throw new SnapshotError('missing-base', `${url} has no baseDefinition and no snapshot`, url);
    }
    const base = this.snapshot(definition.baseDefinition);
    const elements = new SnapshotElements(clone(base.snapshot?.element ?? []), this, url);
    for (const diff of definition.differential?.element ?? []) elements.apply(diff);
    return elements.list;
  }
}

/** The elements of one snapshot under construction, with the operations on them. */
class SnapshotElements {
  /** The base snapshot as it was before this differential: new slices start from it. */
  private readonly base: readonly ElementDefinition[];

  constructor(
    readonly list: ElementDefinition[],
    private readonly generator: SnapshotGenerator,
    private readonly url: string,
  ) {
    this.base = clone(list);
  }

  /** Applies one differential element to the snapshot. */
  apply(diff: ElementDefinition): void {
    const id = diff.id ?? idFromPath(diff);
    const target = this.resolve(id, diff);
    merge(target, diff);
  }

  /** The snapshot element for a differential id, created (slices, type children) if needed. */
  private resolve(id: string, diff: ElementDefinition): ElementDefinition {
    const segments = splitId(id);
    const root = this.list[0];
    const first = segments[0];
    if (root === undefined || first === undefined || first.name !== root.path) {
      throw this.error(
        'unknown-element',
        `the differential element ${id} is not in ${root?.path ?? 'the base'}`,
      );
    }
    let current = root;
    for (const segment of segments.slice(1)) {
      this.ensureChildren(current, id);
      let child = this.find(`${current.id ?? current.path}.${segment.name}`);
      let name = segment.name;
      let slice = segment.slice;
      if (child === undefined) {
        // R4 allows a choice element constrained to one type to be named by its type form:
        // `valueQuantity` for `value[x]` restricted to Quantity.
        const renamed = this.choiceByTypeName(current, segment.name);
        if (renamed === undefined) {
          throw this.error(
            'unknown-element',
            `the differential element ${id} names ${segment.name}, which ${current.path} does not have`,
          );
        }
        child = renamed.element;
        name = renamed.name;
        restrictToType(child, renamed.type, diff, segment === segments.at(-1));
        slice = segment.slice;
      }
      current = slice === undefined ? child : this.slice(current, child, name, slice);
    }
    return current;
  }

  /**
   * The slice `sliceName` of `sliced` (the child `name` of `parent`), created if new. A
   * re-slice (`a/b`) is a slice of the slice `a`.
   */
  private slice(
    parent: ElementDefinition,
    sliced: ElementDefinition,
    name: string,
    sliceName: string,
  ): ElementDefinition {
    let target = sliced;
    let id = `${parent.id ?? parent.path}.${name}`;
    const parts = sliceName.split('/');
    parts.forEach((part, k) => {
      id += (k === 0 ? ':' : '/') + part;
      target = this.find(id) ?? this.createSlice(target, id, parts.slice(0, k + 1).join('/'));
    });
    return target;
  }

  /**
   * A new slice copies the element it slices, with its children, and goes after the last of
   * that element's existing slices (and their children).
   */
  private createSlice(sliced: ElementDefinition, id: string, sliceName: string): ElementDefinition {
    const slicedId = sliced.id ?? sliced.path;
    const start = this.list.indexOf(sliced);
    if (
      sliced.slicing === undefined &&
      sliced.sliceName === undefined &&
      isExtensionList(sliced.path)
    ) {
      // Extensions are always sliced by url, open (R4 §2.21.0.3), even where a base forgot to say so.
      sliced.slicing = {
        discriminator: [{ type: 'value', path: 'url' }],
        ordered: false,
        rules: 'open',
      };
    }
    // A slice copies the element it slices as constrained so far (so nested slices and fixed
    // values carry over), but takes its cardinality from the base: constraining the number of
    // items of the whole element says nothing about how many fall in one slice.
    const base = this.base.find((e) => (e.id ?? e.path) === slicedId);
    const copies = this.subtree(start).map((e, i) => {
      const copy = clone(e);
      copy.id = id + (e.id ?? e.path).slice(slicedId.length);
      if (i === 0) {
        delete copy.slicing;
        copy.sliceName = sliceName;
        if (base !== undefined) {
          copy.min = base.min ?? 0;
          if (base.max !== undefined) copy.max = base.max;
        }
      }
      return copy;
    });
    let end = start + 1;
    while (end < this.list.length) {
      const nextId = this.list[end]?.id ?? '';
      const inGroup =
        isInside(nextId, slicedId) ||
        nextId.startsWith(`${slicedId}:`) ||
        nextId.startsWith(`${slicedId}/`);
      if (!inGroup) break;
      end++;
    }
    this.list.splice(end, 0, ...copies);
    const created = copies[0];
    if (created === undefined) throw this.error('unknown-element', `cannot slice ${slicedId}`);
    return created;
  }

  /** Makes sure the element's children are in the list, from its type or content reference. */
  private ensureChildren(element: ElementDefinition, forId: string): void {
    const id = element.id ?? element.path;
    const index = this.list.indexOf(element);
    const next = this.list[index + 1];
    if (next !== undefined && (next.id ?? next.path).startsWith(`${id}.`)) return;

    let children: ElementDefinition[];
    let fromPath: string;
    let fromId: string;
    if (element.contentReference !== undefined) {
      const target = element.contentReference.slice(element.contentReference.indexOf('#') + 1);
      const referenced = this.list.find(
        (e) => e.id === target || (e.id === undefined && e.path === target),
      );
      if (referenced === undefined) {
        throw this.error(
          'unknown-element',
          `${id} refers to ${target}, which is not in the snapshot`,
        );
      }
      children = this.subtree(this.list.indexOf(referenced)).slice(1);
      fromPath = referenced.path;
      fromId = referenced.id ?? referenced.path;
    } else {
      const types = element.type ?? [];
      const codes = new Set(types.map((t) => t.code));
      const [only] = types;
      if (only === undefined || codes.size !== 1) {
        throw this.error(
          'ambiguous-type',
          `the differential element ${forId} constrains children of ${id}, which has ${String(codes.size)} types; constrain it to one type first`,
        );
      }
      const profile = only.profile?.length === 1 ? only.profile[0] : undefined;
      const typeUrl = profile ?? (only.code.includes(':') ? only.code : CORE_PREFIX + only.code);
      const typeDefinition = this.generator.snapshot(typeUrl);
      const all = typeDefinition.snapshot?.element ?? [];
      children = all.slice(1);
      const typeRoot = all[0];
      fromPath = typeRoot?.path ?? only.code;
      fromId = typeRoot?.id ?? fromPath;
    }
    const copies = children.map((e) => {
      const copy = clone(e);
      copy.path = element.path + e.path.slice(fromPath.length);
      copy.id = id + (e.id ?? e.path).slice(fromId.length);
      return copy;
    });
    this.list.splice(index + 1, 0, ...copies);
  }

  /** `valueQuantity` → the `value[x]` child of `parent` allowing Quantity, if there is one. */
  private choiceByTypeName(
    parent: ElementDefinition,
    name: string,
  ): { element: ElementDefinition; name: string; type: string } | undefined {
    const parentId = parent.id ?? parent.path;
    for (const element of this.list) {
      const id = element.id ?? element.path;
      if (!id.startsWith(`${parentId}.`) || !id.endsWith('[x]')) continue;
      const stem = id.slice(parentId.length + 1, -3);
      if (stem.includes('.') || stem.includes(':') || !name.startsWith(stem)) continue;
      const suffix = name.slice(stem.length);
      const type = element.type?.find((t) => upperFirst(t.code) === suffix);
      if (type !== undefined) return { element, name: `${stem}[x]`, type: type.code };
    }
    return undefined;
  }

  private find(id: string): ElementDefinition | undefined {
    return this.list.find((e) => (e.id ?? e.path) === id);
  }

  /** The element at `start` and every element after it whose id lies inside it. */
  private subtree(start: number): ElementDefinition[] {
    return subtreeOf(this.list, start);
  }

  private error(code: 'unknown-element' | 'ambiguous-type', detail: string): SnapshotError {
    return new SnapshotError(
      code,
      `Cannot generate the snapshot of ${this.url}: ${detail}`,
      this.url,
    );
  }
}

function subtreeOf(list: readonly ElementDefinition[], start: number): ElementDefinition[] {
  const root = list[start];
  if (root === undefined) return [];
  const id = root.id ?? root.path;
  const out = [root];
  for (let i = start + 1; i < list.length; i++) {
    const e = list[i];
    if (e === undefined || !isInside(e.id ?? e.path, id)) break;
    out.push(e);
  }
  return out;
}

function isExtensionList(path: string): boolean {
  return path.endsWith('.extension') || path.endsWith('.modifierExtension');
}

/** Whether `id` names an element below `ancestor` (its children, their slices, and so on). */
function isInside(id: string, ancestor: string): boolean {
  return id.startsWith(`${ancestor}.`);
}

/** Restricts a choice element named by a type form (`valueQuantity`) to that type. */
function restrictToType(
  element: ElementDefinition,
  type: string,
  diff: ElementDefinition,
  isTarget: boolean,
): void {
  if (isTarget && diff.type !== undefined) return;
  const kept = (element.type ?? []).filter((t) => t.code === type);
  if (kept.length > 0) element.type = kept;
}

/** Applies a differential element's constraints to its snapshot element. */
function merge(target: ElementDefinition, diff: ElementDefinition): void {
  const out = target as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(diff as unknown as Record<string, unknown>)) {
    switch (key) {
      case 'id':
      case 'path':
      case 'base':
        break;
      case 'constraint': {
        const added = value as NonNullable<ElementDefinition['constraint']>;
        const kept = (target.constraint ?? []).filter((c) => !added.some((a) => a.key === c.key));
        target.constraint = [...kept, ...clone(added)];
        break;
      }
      case 'slicing':
        target.slicing = {
          ...(target.slicing ?? {}),
          ...clone(value as NonNullable<ElementDefinition['slicing']>),
        };
        break;
      case 'binding':
        target.binding = {
          ...(target.binding ?? {}),
          ...clone(value as NonNullable<ElementDefinition['binding']>),
        };
        break;
      case 'mapping':
        target.mapping = [
          ...(target.mapping ?? []),
          ...clone(value as NonNullable<ElementDefinition['mapping']>),
        ];
        break;
      default:
        out[key] = clone(value);
    }
  }
}

interface IdSegment {
  readonly name: string;
  readonly slice?: string;
}

/** `Patient.identifier:nhsNumber.system` → Patient, identifier (slice nhsNumber), system. */
function splitId(id: string): IdSegment[] {
  const segments: IdSegment[] = [];
  // Slice names may contain dots only inside [x] forms; split on dots outside slice names.
  for (const part of id.split('.')) {
    const colon = part.indexOf(':');
    segments.push(
      colon === -1 ? { name: part } : { name: part.slice(0, colon), slice: part.slice(colon + 1) },
    );
  }
  return segments;
}

function idFromPath(element: ElementDefinition): string {
  return element.sliceName === undefined ? element.path : `${element.path}:${element.sliceName}`;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * A deep copy of JSON data (what definitions are): several times faster than `structuredClone`,
 * which took about half of snapshot generation's time.
 */
function clone<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index += 1) items[index] = clone(value[index]);
    return items as T;
  }
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const item = clone(source[key]);
    // Defined, not assigned, so a `__proto__` key stays data.
    if (key === '__proto__') {
      Object.defineProperty(copy, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else copy[key] = item;
  }
  return copy as T;
}
