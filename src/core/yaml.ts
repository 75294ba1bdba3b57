import yaml from 'js-yaml';
import { failure } from './errors.js';

/** Reads YAML with the core schema; a syntax error names the file, line and column. */
export function loadYaml(text: string, file: string, hint: string): unknown {
  try {
    return yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (err) {
    const e = err as yaml.YAMLException;
    const where = e.mark ? `${file}:${e.mark.line + 1}:${e.mark.column + 1}` : file;
    throw failure('invalid-yaml', `${where}: ${e.reason ?? e.message}.`, hint);
  }
}
