import type { ElementDefinition } from '@lhcr/models';

/**
 * One element of a snapshot as a tree node: its definition, its (unsliced) children, and, when it
 * is sliced, its slices (each with children of its own).
 */
export interface ProfileNode {
  readonly definition: ElementDefinition;
  /** The element id (`Patient.identifier:nhsNumber.system`). */
  readonly id: string;
  /** The last path segment (`system`, `value[x]`). */
  readonly name: string;
  readonly children: ProfileNode[];
  readonly slices: ProfileNode[];
}

/**
 * Builds the tree of a snapshot from its element ids: `a.b` is a child of `a`; `a.b:s` is a slice
 * of `a.b`; `a.b:s/t` is a re-slice of `a.b:s`; `a.b:s.c` is a child of the slice.
 *
 * @example
 * const root = buildProfileTree(snapshot.element);
 * root.children.find((c) => c.name === 'identifier')?.slices.map((s) => s.definition.sliceName); // ['nhsNumber']
 */
export function buildProfileTree(elements: readonly ElementDefinition[]): ProfileNode {
  const [first] = elements;
  if (first === undefined) throw new Error('A snapshot has at least one element');
  const byId = new Map<string, ProfileNode>();
  const root = node(first);
  byId.set(root.id, root);
  for (const element of elements.slice(1)) {
    const current = node(element);
    byId.set(current.id, current);
    const { parent, sliceOf } = parentIds(current.id);
    if (sliceOf !== undefined) {
      byId.get(sliceOf)?.slices.push(current);
    } else if (parent !== undefined) {
      byId.get(parent)?.children.push(current);
    }
  }
  return root;
}

function node(definition: ElementDefinition): ProfileNode {
  const id = definition.id ?? definition.path;
  return {
    definition,
    id,
    name: definition.path.slice(definition.path.lastIndexOf('.') + 1),
    children: [],
    slices: [],
  };
}

/** For `a.b:s/t`: sliceOf `a.b:s`; for `a.b:s`: sliceOf `a.b`; for `a.b:s.c`: parent `a.b:s`. */
function parentIds(id: string): { parent?: string; sliceOf?: string } {
  const dot = lastDotOutsideSlice(id);
  const last = id.slice(dot + 1);
  const colon = last.indexOf(':');
  if (colon !== -1) {
    const slash = last.lastIndexOf('/');
    return slash > colon
      ? { sliceOf: id.slice(0, dot + 1 + slash) }
      : { sliceOf: id.slice(0, dot + 1 + colon) };
  }
  return dot === -1 ? {} : { parent: id.slice(0, dot) };
}

/** The last `.` that separates path segments (slice names never contain one in practice). */
function lastDotOutsideSlice(id: string): number {
  return id.lastIndexOf('.');
}
