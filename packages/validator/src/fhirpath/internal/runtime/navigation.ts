import { nodePathOf } from '../../fhirpath-tables';
import { FpNode, bail } from './values';

/** The `fhirpath` package's model tables navigation needs. */
export interface NavigationTables {
  readonly choiceTypePaths: Readonly<Record<string, readonly string[]>>;
  readonly pathsDefinedElsewhere: Readonly<Record<string, string>>;
  readonly path2Type: Readonly<Record<string, string>>;
}

const hasOwn = (value: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(value, key);

/** Names objects inherit (`toString`, `constructor` …): reading them needs care. */
const INHERITED: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Array.prototype),
]);

/**
 * `value?.[key]` as the package reads it from JSON. A key found on the prototype of the value
 * (`length` of a string, `toString` of an object) would make the package navigate into
 * JavaScript internals; such a read hands the evaluation to the package.
 */
function readProperty(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (!INHERITED.has(key)) return record[key];
    if (hasOwn(record, key)) return record[key];
    if (key in record) bail();
    return undefined;
  }
  if (typeof value === 'number') bail();
  if (key in Object(value)) bail();
  return undefined;
}

/** Whether a value counts as present (`util.isSome`). */
function isSome(value: unknown): boolean {
  return value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
}

/** The JSON values and typing of the child `name` of a node. */
interface ChildLookup {
  value: unknown;
  ext: unknown;
  path: string | null;
  type: string | null;
}

/** What navigation reads of a parent node (an {@link FpNode}, or a reusable view of one). */
export interface NodeView {
  readonly data: unknown;
  readonly ext: unknown;
  readonly path: string | null;
}

/** How the package resolves the child `name` of a node at a path, cached per path. */
interface ChildRoute {
  /** The JSON names to try, with their `_` names and the child path each gives. */
  readonly fields: readonly {
    readonly json: string;
    readonly ext: string;
    readonly path: string | null;
    readonly type: string | null;
  }[];
  /** Whether this is a choice element (no fallback to the parent's `_name` sibling). */
  readonly choice: boolean;
}

const routeCaches = new WeakMap<NavigationTables, Map<string | null, Map<string, ChildRoute>>>();
let lastTables: NavigationTables | undefined;
let lastCache: Map<string | null, Map<string, ChildRoute>> | undefined;

function route(path: string | null, name: string, tables: NavigationTables): ChildRoute {
  let byPath = tables === lastTables ? lastCache : routeCaches.get(tables);
  if (byPath === undefined) {
    byPath = new Map();
    routeCaches.set(tables, byPath);
  }
  lastTables = tables;
  lastCache = byPath;
  let byName = byPath.get(path);
  if (byName === undefined) {
    byName = new Map();
    byPath.set(path, byName);
  }
  let found = byName.get(name);
  if (found === undefined) {
    found = computeRoute(path, name, tables);
    byName.set(name, found);
  }
  return found;
}

function computeRoute(path: string | null, name: string, tables: NavigationTables): ChildRoute {
  if (path === null) {
    return { fields: [{ json: name, ext: `_${name}`, path: null, type: null }], choice: false };
  }
  let childPath = `${path}.${name}`;
  childPath = tables.pathsDefinedElsewhere[childPath] ?? childPath;
  const typed = (p: string): { path: string; type: string | null } => ({
    path: nodePathOf(tables, p),
    type: tables.path2Type[p] ?? null,
  });
  const alternatives = tables.choiceTypePaths[childPath];
  if (alternatives !== undefined) {
    const fields = alternatives.map((suffix) => ({
      json: name + suffix,
      ext: `_${name}${suffix}`,
      ...typed(childPath + suffix),
    }));
    // When no form is present, the package keeps the element's own path (typed, if at all, by it).
    return { fields: [...fields, { json: '', ext: '', ...typed(childPath) }], choice: true };
  }
  return {
    fields: [
      { json: name, ext: `_${name}`, ...typed(name === 'extension' ? 'Extension' : childPath) },
    ],
    choice: false,
  };
}

function lookup(parent: NodeView, name: string, tables: NavigationTables): ChildLookup {
  const data = parent.data;
  const { fields, choice } = route(parent.path, name, tables);
  if (choice) {
    for (let i = 0; i < fields.length - 1; i += 1) {
      const field = fields[i];
      if (field === undefined) continue;
      const value = readProperty(data, field.json);
      const ext = readProperty(data, field.ext);
      if (value !== undefined || ext !== undefined)
        return { value, ext, path: field.path, type: field.type };
    }
    const none = fields[fields.length - 1];
    return { value: undefined, ext: undefined, path: none?.path ?? null, type: none?.type ?? null };
  }
  const field = fields[0];
  if (field === undefined) return { value: undefined, ext: undefined, path: null, type: null };
  let value = readProperty(data, field.json);
  const ext = readProperty(data, field.ext);
  if (value === undefined && ext === undefined) value = readProperty(parent.ext, name);
  return { value, ext, path: field.path, type: field.type };
}

function extAt(ext: unknown, index: number): unknown {
  if (ext === null || ext === undefined || ext === 0 || ext === '' || ext === false) return ext;
  return readIndexed(ext, index);
}

function readIndexed(value: unknown, index: number): unknown {
  if (Array.isArray(value)) return value[index];
  if (typeof value === 'object' && value !== null) return readProperty(value, String(index));
  if (typeof value === 'string') return value[index];
  return readProperty(value, String(index));
}

/** `value?.length || 0`, for the `_name` sibling of a repeating element. */
function lengthOf(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'string') return value.length;
  if (readProperty(value, 'length') !== undefined) bail();
  return 0;
}

/** The children named `name` of a node (`util.makeChildResNodes`). */
function childNodes(parent: FpNode, name: string, tables: NavigationTables): FpNode[] {
  const { value, ext, path, type } = lookup(parent, name, tables);
  if (!isSome(value) && !isSome(ext)) return [];
  if (Array.isArray(value)) {
    const result: FpNode[] = [];
    for (let i = 0; i < value.length; i += 1) {
      result.push(new FpNode(value[i], extAt(ext, i), path, type));
    }
    const extLength = lengthOf(ext);
    for (let i = value.length; i < extLength; i += 1) {
      result.push(new FpNode(null, readIndexed(ext, i), path, type));
    }
    return result;
  }
  if ((value === null || value === undefined) && Array.isArray(ext)) {
    return ext.map((x: unknown) => new FpNode(null, x, path, type));
  }
  return [new FpNode(value, ext, path, type)];
}

/** How many children named `name` a node has, without building them. */
function countChildNodes(parent: NodeView, name: string, tables: NavigationTables): number {
  const { value, ext } = lookup(parent, name, tables);
  if (!isSome(value) && !isSome(ext)) return 0;
  if (Array.isArray(value)) return Math.max(value.length, lengthOf(ext));
  if ((value === null || value === undefined) && Array.isArray(ext)) return ext.length;
  return 1;
}

/** Whether `children()` looks into the node's JSON object (else into its `_name` sibling). */
function childKeys(
  node: NodeView,
): { source: Record<string, unknown>; fromData: boolean } | undefined {
  const data = node.data;
  if (typeof data === 'object' && data !== null) {
    return { source: data as Record<string, unknown>, fromData: true };
  }
  if (typeof node.ext === 'object' && node.ext !== null && typeof data !== 'number') {
    return { source: node.ext as Record<string, unknown>, fromData: false };
  }
  return undefined;
}

/** `children()` of the items of a collection (non-node items have none). */
export function children(items: readonly unknown[], tables: NavigationTables): FpNode[] {
  const result: FpNode[] = [];
  for (const item of items) {
    if (!(item instanceof FpNode)) continue;
    const keys = childKeys(item);
    if (keys === undefined) continue;
    for (const key in keys.source) {
      if (!keys.fromData) {
        result.push(...childNodes(item, key, tables));
      } else if (key.startsWith('_')) {
        const plain = key.slice(1);
        if (!hasOwn(keys.source, plain)) result.push(...childNodes(item, plain, tables));
      } else if (key !== 'resourceType') {
        result.push(...childNodes(item, key, tables));
      }
    }
  }
  return result;
}

/** How many nodes a JSON value and its `_name` sibling make (`makeChildResNodes`, counted). */
function countValues(value: unknown, ext: unknown): number {
  if (!isSome(value) && !isSome(ext)) return 0;
  if (Array.isArray(value)) return Math.max(value.length, lengthOf(ext));
  if ((value === null || value === undefined) && Array.isArray(ext)) return ext.length;
  return 1;
}

/**
 * `children().count()` of one node, stopping once `limit` is exceeded (the count is then some
 * number above the limit). `special` holds the names of choice elements and inherited
 * properties: only a JSON key with such a name (never in well-formed JSON) needs the node's path
 * and the package's full navigation to be counted as the package does.
 */
export function countChildren(
  node: NodeView,
  tables: NavigationTables,
  limit: number,
  special: ReadonlySet<string>,
): number {
  const data = node.data;
  let count = 0;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const keys = childKeys(node);
    if (keys === undefined) return 0;
    for (const key in keys.source) {
      count += countChildNodes(node, key, tables);
      if (count > limit) return count;
    }
    return count;
  }
  const source = data as Record<string, unknown>;
  for (const key in source) {
    if (key.charCodeAt(0) === 95) {
      const plain = key.slice(1);
      if (hasOwn(source, plain)) {
        // The sibling of `plain`, which counts once with it: correct the count `plain` gives alone.
        if (!special.has(plain))
          count += countValues(source[plain], source[key]) - countValues(source[plain], undefined);
        continue;
      }
      count += special.has(plain)
        ? countChildNodes(node, plain, tables)
        : countValues(undefined, source[key]);
    } else if (key === 'resourceType') {
      continue;
    } else if (special.has(key)) {
      count += countChildNodes(node, key, tables);
    } else {
      count += countValues(source[key], undefined);
    }
    if (count > limit) return count;
  }
  return count;
}

/**
 * What a `_name` key adds to `children().count()` of a JSON object: the correction to its
 * sibling's count when `name` is present too, else the nodes it makes alone.
 */
export function countUnderscoreKey(
  node: NodeView,
  key: string,
  tables: NavigationTables,
  special: ReadonlySet<string>,
): number {
  const source = node.data as Record<string, unknown>;
  const plain = key.slice(1);
  if (hasOwn(source, plain)) {
    return special.has(plain)
      ? 0
      : countValues(source[plain], source[key]) - countValues(source[plain], undefined);
  }
  return special.has(plain)
    ? countChildNodes(node, plain, tables)
    : countValues(undefined, source[key]);
}

/** What the key `name` adds to `children().count()`, counted as the package's navigation does. */
export function countKey(node: NodeView, name: string, tables: NavigationTables): number {
  return countChildNodes(node, name, tables);
}

/** Names whose children the package counts in a way that needs the node's path or care. */
export function specialNames(choiceNames: Iterable<string>): Set<string> {
  return new Set([...choiceNames, ...INHERITED]);
}

/** `descendants()` of the items of a collection. */
export function descendants(items: readonly unknown[], tables: NavigationTables): FpNode[] {
  const result: FpNode[] = [];
  let level = children(items, tables);
  while (level.length > 0) {
    result.push(...level);
    level = children(level, tables);
  }
  return result;
}

/**
 * Member navigation (`MemberInvocation` without the root-type shortcut): the children named
 * `name` of every item, where an item whose `resourceType` is `name` stands for itself.
 */
export function navigate(
  items: readonly unknown[],
  name: string,
  tables: NavigationTables,
): FpNode[] {
  const result: FpNode[] = [];
  for (const item of items) {
    const node = item instanceof FpNode ? item : wrapValue(item);
    const data = node.data;
    if (typeof data === 'object' && data !== null && readProperty(data, 'resourceType') === name) {
      result.push(node);
    } else {
      result.push(...childNodes(node, name, tables));
    }
  }
  return result;
}

/** A computed value navigated into, as the package wraps it (a node without a path). */
function wrapValue(value: unknown): FpNode {
  if (typeof value === 'object' && value !== null) bail();
  if (typeof value === 'number') bail();
  return new FpNode(value, null, null, null);
}

/** One JSON form of a choice element, with the typing of its node. */
export interface ChoiceForm {
  readonly json: string;
  readonly nodePath: string;
  readonly dataType: string | null;
}

/** The forms of a choice element, indexed by JSON name (and `_` name) for quick lookups. */
export class ChoiceForms {
  private readonly index = new Map<string, number>();
  /** The `_name` property of each form. */
  readonly extNames: readonly string[];

  constructor(readonly forms: readonly ChoiceForm[]) {
    this.extNames = forms.map((form) => `_${form.json}`);
    forms.forEach((form, i) => {
      if (!this.index.has(form.json)) this.index.set(form.json, i);
      if (!this.index.has(`_${form.json}`)) this.index.set(`_${form.json}`, i);
    });
  }

  /**
   * The form the package picks in a JSON object: the first, in the package's order, whose value
   * or `_name` sibling is present; undefined when none is.
   */
  present(data: unknown): number {
    if (typeof data !== 'object' || data === null) {
      if (data === null || data === undefined) return -1;
      for (let i = 0; i < this.forms.length; i += 1) {
        const form = this.forms[i];
        if (form === undefined) continue;
        if (
          readProperty(data, form.json) !== undefined ||
          readProperty(data, this.extNames[i] ?? '') !== undefined
        ) {
          return i;
        }
      }
      return -1;
    }
    let best = -1;
    for (const key in data) {
      const i = this.index.get(key);
      if (i !== undefined && (best < 0 || i < best)) best = i;
    }
    return best;
  }
}

/** The nodes of a choice element (`value` of an Observation), as the package finds them. */
export function choiceNodes(data: unknown, forms: ChoiceForms): FpNode[] {
  const index = forms.present(data);
  const form = forms.forms[index];
  if (form === undefined) return [];
  const value = readProperty(data, form.json);
  const ext = readProperty(data, forms.extNames[index] ?? '');
  if (!isSome(value) && !isSome(ext)) return [];
  if (Array.isArray(value) || Array.isArray(ext)) bail();
  return [new FpNode(value, ext, form.nodePath, form.dataType)];
}

/** How many nodes a choice element has (0 or 1 in well-formed JSON). */
export function countChoice(data: unknown, forms: ChoiceForms): number {
  const index = forms.present(data);
  const form = forms.forms[index];
  if (form === undefined) return 0;
  const value = readProperty(data, form.json);
  const ext = readProperty(data, forms.extNames[index] ?? '');
  if (!isSome(value) && !isSome(ext)) return 0;
  if (Array.isArray(value) || Array.isArray(ext)) bail();
  return 1;
}
