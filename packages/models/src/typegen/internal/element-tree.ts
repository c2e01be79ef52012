import type { ProfileElementInput } from '../profile-types-input';
import { ProfileTypesError } from '../profile-types-error';

/** One element of a snapshot, placed under its parent by element id. */
export interface ElementNode {
  readonly element: ProfileElementInput;
  readonly id: string;
  /** The element's name in its parent: `identifier`, `value[x]`. */
  readonly name: string;
  /** Set on a slice: `nhsNumber` for `Patient.identifier:nhsNumber`. */
  readonly sliceName: string | undefined;
  readonly children: ElementNode[];
}

/** The children of a node that share a name: the element itself and its slices. */
export interface ElementGroup {
  readonly name: string;
  readonly main: ElementNode;
  readonly slices: readonly ElementNode[];
}

/** Where a tree is being built, for messages. */
export interface TreeSource {
  readonly url: string;
  readonly type: string;
  readonly maxElements: number;
  readonly maxDepth: number;
}

/** An element name as FHIR writes it: letters and digits, `[x]` on choice elements. */
const ELEMENT_NAME = /^[A-Za-z][A-Za-z0-9]*(\[x\])?$/;

/** The element's id, or its path (with its slice name) when the snapshot has no ids. */
function elementId(element: ProfileElementInput): string {
  if (element.id !== undefined) return element.id;
  return element.sliceName === undefined ? element.path : `${element.path}:${element.sliceName}`;
}

/**
 * Builds the element tree of a snapshot from its element ids. The first element must be the
 * profiled type itself; every other element's parent must come before it.
 *
 * @throws {ProfileTypesError} `invalid-input` for a snapshot that is not a tree, `too-large` past
 * the limits.
 */
export function buildElementTree(
  source: TreeSource,
  elements: readonly ProfileElementInput[],
): ElementNode {
  const [first] = elements;
  if (first === undefined) {
    throw new ProfileTypesError(
      'invalid-input',
      `${source.url} has no snapshot elements; generate its snapshot first`,
    );
  }
  if (elements.length > source.maxElements) {
    throw new ProfileTypesError(
      'too-large',
      `${source.url} has ${elements.length} snapshot elements; at most ${source.maxElements} are rendered`,
    );
  }
  if (first.path !== source.type || elementId(first) !== source.type) {
    throw new ProfileTypesError(
      'invalid-input',
      `${source.url}: the first snapshot element is ${elementId(first)}; expected ${source.type}, the type the profile constrains`,
    );
  }
  const root: ElementNode = {
    element: first,
    id: source.type,
    name: source.type,
    sliceName: undefined,
    children: [],
  };
  const byId = new Map<string, ElementNode>([[root.id, root]]);
  for (const element of elements.slice(1)) {
    const id = elementId(element);
    const segments = id.split('.');
    if (segments.length > source.maxDepth) {
      throw new ProfileTypesError(
        'too-large',
        `${source.url}: element ${id} is nested ${segments.length} deep; at most ${source.maxDepth} levels are rendered`,
      );
    }
    const last = segments.pop() ?? '';
    const parent = byId.get(segments.join('.'));
    const colon = last.indexOf(':');
    const name = colon === -1 ? last : last.slice(0, colon);
    const sliceName = colon === -1 ? undefined : last.slice(colon + 1);
    if (parent === undefined || !ELEMENT_NAME.test(name) || sliceName === '') {
      throw new ProfileTypesError(
        'invalid-input',
        `${source.url}: element ${id} does not follow an element it belongs to, or has no usable name; expected ids such as ${source.type}.identifier:slice.system, parents first`,
      );
    }
    if (byId.has(id)) {
      throw new ProfileTypesError(
        'invalid-input',
        `${source.url}: element ${id} appears twice; slices need element ids to tell them apart`,
      );
    }
    const node: ElementNode = { element, id, name, sliceName, children: [] };
    parent.children.push(node);
    byId.set(id, node);
  }
  return root;
}

/**
 * The children of `node` grouped by name, in snapshot order: each element with the slices
 * defined on it. Slices without their slicing element (not valid in a snapshot) are skipped.
 */
export function groupChildren(node: ElementNode): ElementGroup[] {
  const groups = new Map<string, { main?: ElementNode; slices: ElementNode[] }>();
  for (const child of node.children) {
    const group = groups.get(child.name) ?? { slices: [] };
    if (child.sliceName === undefined) group.main ??= child;
    else group.slices.push(child);
    groups.set(child.name, group);
  }
  const out: ElementGroup[] = [];
  for (const [name, group] of groups) {
    if (group.main !== undefined) out.push({ name, main: group.main, slices: group.slices });
  }
  return out;
}

/** Every node below `node`, depth first, in snapshot order. */
export function descendants(node: ElementNode): ElementNode[] {
  return node.children.flatMap((child) => [child, ...descendants(child)]);
}
