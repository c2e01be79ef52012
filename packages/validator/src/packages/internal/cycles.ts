/**
 * Finds the cycles in a directed graph by depth-first search from each node in `nodes` order,
 * following `edges` in their order. Each cycle is returned once, as the nodes round it with the
 * first repeated at the end (`['a', 'b', 'a']`), starting from the node the search met first.
 */
export function findCycles(
  nodes: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();

  // Iterative, so a long dependency chain cannot overflow the call stack.
  for (const start of nodes) {
    if (state.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 'open');
    stack.push(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const targets = edges.get(frame.node) ?? [];
      const target = targets[frame.next];
      if (target === undefined) {
        state.set(frame.node, 'done');
        stack.pop();
        work.pop();
        continue;
      }
      frame.next += 1;
      const targetState = state.get(target);
      if (targetState === 'open') {
        const cycle = [...stack.slice(stack.indexOf(target)), target];
        const signature = [...cycle.slice(0, -1)].sort().join('\n');
        if (!seen.has(signature)) {
          seen.add(signature);
          cycles.push(cycle);
        }
      } else if (targetState === undefined) {
        state.set(target, 'open');
        stack.push(target);
        work.push({ node: target, next: 0 });
      }
    }
  }
  return cycles;
}
