/**
 * Lookups by names that come from users (agent, role, preset, variant and value names): own
 * keys only, so `constructor` or `toString` never find what every object inherits.
 */
export function own<T>(map: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return map && Object.hasOwn(map, key) ? map[key] : undefined;
}

/** A parsed object made prototype-free in place: its own keys are all it has (for thousands of keys, cheaper than a copy). */
export function asDict<T>(parsed: Record<string, T>): Record<string, T> {
  return Object.setPrototypeOf(parsed, null) as Record<string, T>;
}

/** A record without a prototype: nothing is found in it that was not put there. */
export function dict<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (entries) for (const [k, v] of entries) out[k] = v;
  return out;
}
