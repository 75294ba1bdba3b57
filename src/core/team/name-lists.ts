/** Lists of names (agents, owners) as the lockfile keeps them: sorted, compared without regard to order. */

/** The list itself when it is already sorted (as render makes them), else a sorted copy: thousands of entries share one list. */
export function sortedNames(names: string[]): string[] {
  for (let i = 1; i < names.length; i += 1) if (!(names[i - 1]! < names[i]!)) return [...names].sort();
  return names;
}

/** The same names, each as often, in any order. */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 1) return a[0] === b[0];
  const sorted = [...b].sort();
  return [...a].sort().every((name, i) => name === sorted[i]);
}
