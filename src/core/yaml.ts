import { parse, YAMLParseError } from 'yaml';
import { failure } from './errors.js';

/**
 * The one way YAML is read: the YAML 1.2 core schema, unique keys, and bounds on everything a
 * hostile file could blow up — its size, its aliases (a few KB of nested aliases can expand to
 * gigabytes) and its nesting (which the parser follows by recursion).
 */
export interface YamlLimits {
  /** Largest accepted text, in bytes. */
  maxBytes: number;
}

const MAX_ALIASES = 100;

export function yamlProblem(text: string, limits: YamlLimits): { message: string; line?: number; column?: number } | { value: unknown } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) return { message: `is ${Math.ceil(bytes / 1024)} KiB, more than the ${Math.floor(limits.maxBytes / 1024)} KiB agent-team reads` };
  try {
    const value: unknown = parse(text, { schema: 'core', uniqueKeys: true, maxAliasCount: MAX_ALIASES, prettyErrors: true, logLevel: 'error' });
    const proto = protoKey(value, 0);
    return proto ? { message: `uses "__proto__" as a key (${proto}), which is not a name agent-team accepts` } : { value };
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const [at] = err.linePos ?? [];
      const reason = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      const deep = /call stack/i.test(reason);
      return { message: deep ? 'is nested too deeply' : reason, line: at?.line, column: at?.col };
    }
    if (err instanceof RangeError) return { message: 'is nested too deeply' };
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      return { message: `uses YAML aliases that expand too far (more than ${MAX_ALIASES} alias uses); write the values out` };
    }
    throw err;
  }
}

/**
 * Where a `__proto__` key is, if any: zod and object spreads drop it without a word, so a value
 * written under it would be silently ignored instead of refused.
 */
function protoKey(value: unknown, depth: number, path = ''): string | undefined {
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key === '__proto__') return here;
    const inner = protoKey((value as Record<string, unknown>)[key], depth + 1, here);
    if (inner) return inner;
  }
  return undefined;
}

/** Reads YAML; a problem names the file, line and column, and carries the hint given. */
export function loadYaml(text: string, file: string, hint: string, limits: YamlLimits = { maxBytes: 1024 * 1024 }): unknown {
  const result = yamlProblem(text, limits);
  if ('value' in result) return result.value;
  const where = result.line ? `${file}:${result.line}:${result.column}` : file;
  throw failure('invalid-yaml', `${where}: ${result.message}.`, hint, undefined, { file });
}
