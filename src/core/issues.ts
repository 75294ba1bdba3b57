import type * as z from 'zod/mini';

type Issue = z.core.$ZodIssue;

/** `roles.dev-fe.skills.include[2]` for a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (!/^[A-Za-z0-9_-]+$/.test(String(key))) out += `[${JSON.stringify(String(key))}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}

function describe(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `has unknown key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    case 'too_big':
      return `is too long (at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''})`;
    case 'too_small':
      return issue.origin === 'string' ? 'must not be empty' : `needs at least ${String(issue.minimum)}`;
    case 'invalid_format':
      return issue.message && issue.message !== 'Invalid input' ? issue.message : `has an invalid format`;
    case 'invalid_union':
      return 'has a value of the wrong shape';
    case 'invalid_key':
      return 'has an invalid key';
    default:
      return issue.message && issue.message !== 'Invalid input' ? issue.message : 'is invalid';
  }
}

/** One readable line per problem: `<key path> <what is wrong>`. */
export function formatIssues(issues: readonly Issue[]): string[] {
  return issues.map((issue) => `${formatPath(issue.path)} ${describe(issue)}`);
}

/**
 * A schema built on first use. Building zod schemas is a measurable part of a small command's
 * start, and a command that finds its team file and lockfile in the cache (cache.ts) never
 * parses them, so no module builds a schema when it loads.
 */
export function lazySchema<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
