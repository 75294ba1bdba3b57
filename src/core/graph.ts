/** A dependency cycle as a path that starts and ends at the same node, or undefined. Linear in the graph. */
export function findCycle(nodes: string[], edges: (node: string) => string[]): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 2) return undefined;
    if (state.get(node) === 1) return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 1);
    stack.push(node);
    for (const next of edges(node)) {
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(node, 2);
    return undefined;
  };
  for (const node of nodes) {
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}
