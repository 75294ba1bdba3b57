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
    return { value: parse(text, { schema: 'core', uniqueKeys: true, maxAliasCount: MAX_ALIASES, prettyErrors: true }) };
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

/** Reads YAML; a problem names the file, line and column, and carries the hint given. */
export function loadYaml(text: string, file: string, hint: string, limits: YamlLimits = { maxBytes: 1024 * 1024 }): unknown {
  const result = yamlProblem(text, limits);
  if ('value' in result) return result.value;
  const where = result.line ? `${file}:${result.line}:${result.column}` : file;
  throw failure('invalid-yaml', `${where}: ${result.message}.`, hint, undefined, { file });
}
