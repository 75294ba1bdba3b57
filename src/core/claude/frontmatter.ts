import { stringify } from 'yaml';
import { yamlProblem } from '../yaml.js';

export interface FrontmatterDoc {
  data: Record<string, unknown>;
  body: string;
}

export class FrontmatterError extends Error {}

const FENCED = /^---\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;
const MAX_FRONTMATTER_BYTES = 64 * 1024;

/** Splits `---\n<yaml>\n---\n<body>`; a file that does not open with `---` has no frontmatter. */
export function parseFrontmatter(text: string): FrontmatterDoc {
  if (!/^---\r?\n/.test(text)) return { data: {}, body: text };
  const match = FENCED.exec(text);
  if (!match) throw new FrontmatterError('frontmatter starts with --- but has no closing --- line');
  const result = yamlProblem(match[1] ?? '', { maxBytes: MAX_FRONTMATTER_BYTES });
  if (!('value' in result)) {
    const where = result.line ? ` (line ${result.line + 1})` : '';
    throw new FrontmatterError(`frontmatter is not valid YAML${where}: ${result.message}`);
  }
  const data = result.value ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new FrontmatterError('frontmatter must be a YAML mapping of keys to values');
  }
  return { data: data as Record<string, unknown>, body: text.slice(match[0].length) };
}

/**
 * Serialises frontmatter from an object. Strings are always double-quoted and never folded, so a
 * value can neither inject a key nor be misread by a strict parser; lists are block style, which
 * every Claude Code version and strictyaml read the same way.
 */
export function stringifyFrontmatter(data: Record<string, unknown>, body: string): string {
  const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  const head = stringify(clean, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0, aliasDuplicateObjects: false });
  return `---\n${head}---\n${body.startsWith('\n') ? body.slice(1) : body}`;
}
