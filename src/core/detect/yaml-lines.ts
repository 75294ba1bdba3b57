/**
 * A line reader for the block-mapping subset of YAML that lockfiles are written in (pnpm,
 * Yarn Berry, pubspec.lock). Lockfiles run to megabytes; a full YAML parser would build all of
 * it, while detection needs a few keys near the top. This reads `key: value` lines by their
 * indentation and hands each scalar with its key path to a callback; sequences, flow
 * collections and block scalars are skipped. Linear in the text, bounded in depth and line length.
 */

const MAX_LINE = 4096;
const MAX_DEPTH = 12;

export function unquoteYaml(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith('"') && t.endsWith('"')))) {
    return t.startsWith("'") ? t.slice(1, -1).replace(/''/g, "'") : t.slice(1, -1).replace(/\\"/g, '"');
  }
  return t;
}

/** Splits `key: value` where the key may be quoted and hold `:` or `@`; undefined for other lines. */
function splitEntry(body: string): { key: string; value: string } | undefined {
  let end: number;
  if (body.startsWith('"') || body.startsWith("'")) {
    const quote = body[0]!;
    end = body.indexOf(quote, 1);
    while (end > 0 && quote === "'" && body[end + 1] === "'") end = body.indexOf(quote, end + 2);
    if (end < 0 || body[end + 1] !== ':') return undefined;
    end += 1;
  } else {
    end = body.indexOf(': ');
    if (end < 0) end = body.endsWith(':') ? body.length - 1 : -1;
    if (end < 0) return undefined;
  }
  const key = unquoteYaml(body.slice(0, end));
  let value = body.slice(end + 1).trim();
  // A comment after a plain scalar; quoted scalars in lockfiles carry none.
  if (!value.startsWith('"') && !value.startsWith("'")) value = value.replace(/\s+#.*$/, '');
  return { key, value };
}

/**
 * Calls `onScalar(path, value)` for every `key: scalar` line, `path` being the keys from the top.
 * Stops at a top-level key in `stopAt` (the bulky sections a caller does not need).
 */
export function scanYamlScalars(text: string, onScalar: (path: readonly string[], value: string) => void, stopAt: ReadonlySet<string> = new Set()): void {
  const stack: Array<{ indent: number; key: string }> = [];
  // Inside a block scalar (`key: |`), lines indented deeper than its key are text, not entries.
  let blockIndent = -1;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (line.length > MAX_LINE) continue;
    const body = line.trimStart();
    if (body === '' || body.startsWith('#') || body.startsWith('- ') || body === '-' || body === '---') continue;
    const indent = line.length - body.length;
    if (blockIndent >= 0) {
      if (indent > blockIndent) continue;
      blockIndent = -1;
    }
    const entry = splitEntry(body);
    if (!entry) continue;
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    if (stack.length === 0 && stopAt.has(entry.key)) return;
    const path = [...stack.map((s) => s.key), entry.key];
    if (/^[|>][+-]?\d*$/.test(entry.value)) {
      blockIndent = indent;
      continue;
    }
    if (entry.value === '') {
      if (stack.length < MAX_DEPTH) stack.push({ indent, key: entry.key });
      continue;
    }
    if (entry.value.startsWith('{') || entry.value.startsWith('[')) continue;
    onScalar(path, unquoteYaml(entry.value));
  }
}
