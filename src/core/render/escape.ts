/**
 * Text from a team file, a source or a library lands inside files with a format of their own.
 * These keep it from changing that format: one line stays one line, a table cell stays one cell,
 * and nothing opens or closes an HTML comment (which is how the CLAUDE.md block is marked).
 */

/** Whitespace runs, newlines included, become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** No `<!--` or `-->` survives: the entity form reads the same to people and to the model. */
export function noComments(text: string): string {
  // Both need "--", which most text lacks: one substring check costs less than two regex passes.
  if (!text.includes('--')) return text;
  return text.replace(/<!--/g, '&lt;!--').replace(/--!?>/g, '--&gt;');
}

/** One cell of a Markdown table. */
export function tableCell(text: string): string {
  return noComments(oneLine(text)).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** Inline text in Markdown prose (a title, a description). */
export function inline(text: string): string {
  return noComments(oneLine(text));
}
