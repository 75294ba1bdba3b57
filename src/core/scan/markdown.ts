// Just enough Markdown structure to tell a reader's prose from a code example from hidden text:
// frontmatter, fences, HTML comments, inline code and quotes. Line by line, no nesting, bounded.

export type LineContext = 'frontmatter' | 'frontmatter-marker' | 'prose' | 'fence' | 'fence-marker' | 'comment' | 'blank';

export interface Fence {
  openLine: number;
  info: string;
  /** Opened with three backticks and `!`: Claude Code runs its body. */
  bang: boolean;
  /** Introduced as something not to do (see `isLabelledAntiPattern`). */
  labelled: boolean;
  /** The info string and the prose line before the fence: what the text says the block is. */
  intro: string;
}

export interface LineInfo {
  ctx: LineContext;
  fence?: Fence;
  /** [start, end) columns of HTML comment text on a prose line (the whole line when ctx is 'comment'). */
  comments: Array<[number, number]>;
  /** [start, end) columns of inline code spans. */
  code: Array<[number, number]>;
}

export interface MarkdownStructure {
  lines: LineInfo[];
  /** Index of the first and one past the last frontmatter content line, when there is frontmatter. */
  frontmatter: { start: number; end: number } | null;
}

const MAX_FRONTMATTER_LINES = 1000;

export function frontmatterRange(lines: readonly string[]): { start: number; end: number } | null {
  if (lines.length === 0 || lines[0]!.replace(/^\uFEFF/, '').trimEnd() !== '---') return null;
  for (let i = 1; i < Math.min(lines.length, MAX_FRONTMATTER_LINES); i++) {
    const t = lines[i]!.trimEnd();
    if (t === '---' || t === '...') return { start: 1, end: i };
  }
  return null;
}

const FENCE_OPEN = /^\s{0,12}(`{3,}|~{3,})(.{0,500})$/;

/** Inline code spans of one line: a run of n backticks closed by the next run of exactly n. */
export function codeSpans(line: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < line.length) {
    const open = line.indexOf('`', i);
    if (open < 0) break;
    let n = open;
    while (line[n] === '`') n++;
    const len = n - open;
    let search = n;
    let closed = -1;
    while (search < line.length) {
      const c = line.indexOf('`', search);
      if (c < 0) break;
      let e = c;
      while (line[e] === '`') e++;
      if (e - c === len) {
        closed = c;
        break;
      }
      search = e;
    }
    if (closed < 0) {
      i = n;
      continue;
    }
    spans.push([open, closed + len]);
    i = closed + len;
  }
  return spans;
}

/** Short quoted passages ("…", “…”) of one line: how a text mentions a phrase rather than says it. */
export function quoteSpans(line: string, maxInner = 80): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const [open, close] of [['"', '"'], ['\u201c', '\u201d'], ['\u00ab', '\u00bb']] as const) {
    let i = 0;
    while (i < line.length) {
      const a = line.indexOf(open, i);
      if (a < 0) break;
      const b = line.indexOf(close, a + 1);
      if (b < 0) break;
      if (b - a - 1 <= maxInner) spans.push([a, b + 1]);
      i = b + 1;
    }
  }
  return spans;
}

export const within = (spans: ReadonlyArray<[number, number]>, from: number, to = from + 1) =>
  spans.some(([a, b]) => from >= a && to <= b);

const MARKER =
  /\banti-?patterns?\b|\b(?:never|do\s+not|don't|dont)\s+(?:ever\s+)?(?:run|do|use|pipe|paste|copy|execute|write|install|type|this)\b|\bavoid\b|\bbad\s*(?:example|practice|pattern)?\s*:|\bred[- ]flags?\b|\bmalicious\b|\battack(?:er|s)?\b|\bwhat\s+not\s+to\s+do\b|\b(?:unsafe|insecure|dangerous|vulnerable)\b|\binstead\s+of\b|\b(?:reject|refuse|forbidden)\b|❌|✗|✘|🚫|⛔/i;
const NEGATED_MARKER =
  /\b(?:not|isn't|aren't|is\s+no|nothing|never)\s+(?:\w+\s+)?(?:dangerous|unsafe|insecure|malicious|an?\s+attack|a\s+red\s+flag|bad|an?\s+anti-?pattern)\b/i;
export const RUN_IMPERATIVE = /\b(?:run|execute|paste|install|set\s*up|first|now|please|required|must)\b/i;

/**
 * Is this text introducing what follows as something not to do? A marker (never run, avoid,
 * anti-pattern, ❌ ...) without a negation of the marker, and without a call to run it once the
 * marker words are taken out ("never mind, run this first" is not a label).
 */
export function isLabelledAntiPattern(text: string): boolean {
  const t = text.slice(0, 2000);
  if (!MARKER.test(t) || NEGATED_MARKER.test(t)) return false;
  const rest = t.replace(new RegExp(MARKER.source, 'gi'), ' ');
  return !RUN_IMPERATIVE.test(rest);
}

const COMMENTISH = /^\s*(?:#|\/\/|--|;|rem\s|::|\/\*)/i;

export function structure(lines: readonly string[]): MarkdownStructure {
  const fm = frontmatterRange(lines);
  const out: LineInfo[] = [];
  let fence: Fence | null = null;
  let fenceChar = '';
  let fenceLen = 0;
  let inComment = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fm && (i === 0 || i === fm.end)) {
      out.push({ ctx: 'frontmatter-marker', comments: [], code: [] });
      continue;
    }
    if (fm && i > 0 && i < fm.end) {
      out.push({ ctx: 'frontmatter', comments: [], code: [] });
      continue;
    }
    if (fence) {
      const close = /^\s{0,12}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1]![0] === fenceChar && close[1]!.length >= fenceLen) {
        out.push({ ctx: 'fence-marker', fence, comments: [], code: [] });
        fence = null;
        continue;
      }
      if (i === fence.openLine + 1 && !fence.labelled && COMMENTISH.test(line) && isLabelledAntiPattern(line)) fence.labelled = true;
      out.push({ ctx: 'fence', fence, comments: [], code: [] });
      continue;
    }
    if (inComment) {
      const c = commentSpans(line, true);
      inComment = c.open;
      out.push({ ctx: c.onlyComment ? 'comment' : 'prose', comments: c.spans, code: codeSpans(line) });
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`') && !open[2]!.startsWith('!'))) {
      const info = open[2]!.trim();
      const before = proseBefore(lines, out, i);
      const f: Fence = { openLine: i, info, bang: open[1]![0] === '`' && info.startsWith('!'), labelled: false, intro: `${info} ${before}` };
      f.labelled = isLabelledAntiPattern(info) || isLabelledAntiPattern(before);
      fence = f;
      fenceChar = open[1]![0]!;
      fenceLen = open[1]!.length;
      out.push({ ctx: 'fence-marker', fence: f, comments: [], code: [] });
      continue;
    }
    if (line.trim() === '') {
      out.push({ ctx: 'blank', comments: [], code: [] });
      continue;
    }
    const c = commentSpans(line, false);
    inComment = c.open;
    out.push({ ctx: c.onlyComment ? 'comment' : 'prose', comments: c.spans, code: codeSpans(line) });
  }
  return { lines: out, frontmatter: fm };
}

/**
 * HTML comment text on one line, given whether a comment is open at its start: the spans, whether
 * one is still open at its end, and whether the line holds nothing but comment.
 */
function commentSpans(line: string, openAtStart: boolean): { spans: Array<[number, number]>; open: boolean; onlyComment: boolean } {
  const spans: Array<[number, number]> = [];
  const code = openAtStart ? [] : codeSpans(line);
  let i = 0;
  let open = false;
  let rest = '';
  if (openAtStart) {
    const b = line.indexOf('-->');
    if (b < 0) return { spans: [[0, line.length]], open: true, onlyComment: true };
    spans.push([0, b]);
    i = b + 3;
  }
  while (i <= line.length) {
    const a = line.indexOf('<!--', i);
    if (a >= 0 && within(code, a, a + 4)) {
      rest += line.slice(i, a + 4);
      i = a + 4;
      continue;
    }
    if (a < 0) {
      rest += line.slice(i);
      break;
    }
    rest += line.slice(i, a);
    const b = line.indexOf('-->', a + 4);
    if (b < 0) {
      spans.push([a + 4, line.length]);
      open = true;
      break;
    }
    spans.push([a + 4, b]);
    i = b + 3;
  }
  return { spans, open, onlyComment: spans.length > 0 && rest.trim() === '' };
}

const LIST_ITEM = /^\s{0,12}(?:[-*+]|\d{1,3}[.)])\s/;

/**
 * The line that introduces the list `at` is in ("Reject it when you find any of these:"), or ''
 * when the line is not in a list. Looks back at most 40 lines.
 */
export function listIntro(lines: readonly string[], infos: readonly LineInfo[], at: number): string {
  let inList = false;
  for (let k = at; k >= Math.max(0, at - 40); k--) {
    const c = infos[k]!.ctx;
    if (c === 'blank') continue;
    if (c !== 'prose') return '';
    if (LIST_ITEM.test(lines[k]!) || (/^\s{2,}\S/.test(lines[k]!) && k !== at)) {
      inList = true;
      continue;
    }
    if (k === at && !inList) {
      if (/^\s{2,}\S/.test(lines[k]!)) continue;
      return '';
    }
    return inList && lines[k]!.trimEnd().endsWith(':') ? lines[k]! : '';
  }
  return '';
}

/** The nearest prose line before a fence (within two lines), or ''. */
function proseBefore(lines: readonly string[], infos: readonly LineInfo[], at: number): string {
  for (let k = at - 1; k >= Math.max(0, at - 3); k--) {
    const c = infos[k]!.ctx;
    if (c === 'blank') continue;
    return c === 'prose' ? lines[k]! : '';
  }
  return '';
}

// ---- inline shell, as Claude Code 2.1.330 finds it -----------------------------------------

export interface InlineCommand {
  /** Index in the text of the `!` (inline) or of the opening backticks (block). */
  index: number;
  command: string;
  block: boolean;
}

/**
 * The commands Claude Code runs when it loads a skill. It matches `` ```! … ``` `` blocks and
 * `` !`…` `` (after whitespace or at a line start) over the raw text, fences or not; inline code
 * spans not preceded by `!` or a backtick are blanked first, so `` `a!` `` is not a command.
 */
export function inlineCommands(text: string): InlineCommand[] {
  const out: InlineCommand[] = [];
  let from = 0;
  for (;;) {
    const a = text.indexOf('```!', from);
    if (a < 0) break;
    const b = text.indexOf('```', a + 4);
    if (b < 0) break;
    const command = text.slice(a + 4, b).replace(/\r\n/g, '\n').trim();
    if (command) out.push({ index: a, command, block: true });
    from = b + 3;
  }
  if (text.includes('!`')) {
    const masked = text.replace(/`[^`\n]+`/g, (m, at: number) => {
      const before = text[at - 1];
      return before === '!' || before === '`' ? m : '`' + ' '.repeat(m.length - 2) + '`';
    });
    for (const m of masked.matchAll(/(?<=^|\s)!`([^`]+)`/gm)) {
      const command = m[1]!.replace(/\r\n/g, '\n').trim();
      if (command) out.push({ index: m.index!, command, block: false });
    }
  }
  return out.sort((x, y) => x.index - y.index);
}
