// Checks on the text of one file: hidden characters, look-alikes, encoded payloads, commands,
// instructions aimed at the model, inline shell and frontmatter. Where a hit sits (a script, a
// Markdown example, prose, a hidden comment) decides its severity; see docs/scan.md.
import { frontmatterHits } from './frontmatter.js';
import {
  codeSpans,
  inlineCommands,
  isLabelledAntiPattern,
  listIntro,
  quoteSpans,
  RUN_IMPERATIVE,
  structure,
  within,
  type LineInfo,
  type MarkdownStructure,
} from './markdown.js';
import {
  ADDRESSES_MODEL,
  codeHits,
  foldCode,
  hasSender,
  IMPERATIVE,
  injectionHits,
  onlyOwnHosts,
  READ_OR_SEND,
  secretVarsIn,
  type PatternHit,
} from './patterns.js';
import type { RuleId } from './rules.js';
import type { Severity } from './types.js';
import { codePointName, decodeTags, excerptAt, fold, hiddenRuns, mixedScriptWords, origin, visible, type HiddenHit } from './unicode.js';

export type TextKind = 'skill-md' | 'markdown' | 'script' | 'data';

export interface TextFinding {
  rule: RuleId;
  severity: Severity;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column?: number;
  message: string;
  excerpt: string;
}

/** Regexes see at most this much text at once; longer lines are read in overlapping windows. */
export const WINDOW = 10_000;
const OVERLAP = 1_000;
const MAX_BLOBS = 200;
const MAX_BLOB_CHARS = 64 * 1024;

type Context = 'script' | 'data' | 'frontmatter' | 'prose' | 'fence' | 'labelled' | 'comment' | 'inline-shell';

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

/** Pieces of text (lines, or lines joined by a trailing backslash) with where each piece starts. */
interface Segment {
  text: string;
  pieces: Array<{ line: number; start: number; col: number }>;
}

function* windows(s: string): Generator<{ offset: number; chunk: string }> {
  for (let w = 0; ; w += WINDOW - OVERLAP) {
    yield { offset: w, chunk: s.slice(w, w + WINDOW) };
    if (w + WINDOW >= s.length) return;
  }
}

function locate(seg: Segment, at: number): { line: number; col: number } {
  let lo = 0;
  let hi = seg.pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (seg.pieces[mid]!.start <= at) lo = mid;
    else hi = mid - 1;
  }
  const p = seg.pieces[lo]!;
  return { line: p.line, col: p.col + Math.max(0, at - p.start) };
}

/** Lines joined into segments: every line alone, lines continued by a trailing backslash, or all in one. */
function join(lines: readonly string[], idx: readonly number[], joiner: string, mode: 'lines' | 'continuation' | 'all'): Segment[] {
  const segs: Segment[] = [];
  let cur: Segment | null = null;
  for (const i of idx) {
    const raw = lines[i]!;
    const backslash = mode === 'continuation' && /\\\s*$/.test(raw);
    const cont = backslash || mode === 'all';
    const text = backslash ? raw.replace(/\\\s*$/, '') : raw;
    if (!cur) cur = { text: '', pieces: [] };
    else cur.text += joiner;
    cur.pieces.push({ line: i, start: cur.text.length, col: 0 });
    cur.text += text;
    if (!cont) {
      segs.push(cur);
      cur = null;
    }
  }
  if (cur) segs.push(cur);
  return segs;
}

export function scanText(source: string, kind: TextKind): TextFinding[] {
  const lines = source.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const md: MarkdownStructure | null = kind === 'skill-md' || kind === 'markdown' ? structure(lines) : null;
  // One finding per rule and line, the most severe; a line of ten thousand `curl`s is one finding.
  const best = new Map<string, TextFinding>();
  const add = (rule: RuleId, severity: Severity, line: number, col: number | undefined, message: string) => {
    const key = `${rule}\u0000${line}`;
    const prev = best.get(key);
    if (prev && RANK[prev.severity] >= RANK[severity]) return;
    best.set(key, { rule, severity, line: line + 1, column: col === undefined ? undefined : col + 1, message, excerpt: excerptAt(lines[line] ?? '', col ?? 0) });
  };

  const info = (i: number): LineInfo | undefined => md?.lines[i];
  const ctxAt = (i: number, col: number): Context => {
    const li = info(i);
    if (!li) return kind === 'script' ? 'script' : 'data';
    switch (li.ctx) {
      case 'frontmatter':
      case 'frontmatter-marker':
        return 'frontmatter';
      case 'fence':
      case 'fence-marker':
        return li.fence!.bang ? 'inline-shell' : li.fence!.labelled ? 'labelled' : 'fence';
      case 'comment':
        return 'comment';
      default:
        if (within(li.comments, col)) return 'comment';
        return proseLabelled(i) ? 'labelled' : 'prose';
    }
  };
  const labelledLines = new Map<number, boolean>();
  const proseLabelled = (i: number): boolean => {
    let v = labelledLines.get(i);
    if (v === undefined) {
      const prev = info(i - 1);
      const own = lines[i]!.slice(0, 2000);
      v =
        isLabelledAntiPattern(own) ||
        (!RUN_IMPERATIVE.test(own) &&
          ((prev?.ctx === 'prose' && isLabelledAntiPattern(lines[i - 1]!)) || isLabelledAntiPattern(listIntro(lines, md!.lines, i))));
      labelledLines.set(i, v);
    }
    return v;
  };

  const codeSeverity = (h: PatternHit, ctx: Context, text: string): Severity | null => {
    if (h.needsAction && ctx !== 'script' && ctx !== 'comment' && ctx !== 'inline-shell' && !READ_OR_SEND.test(text)) return null;
    if (h.severity === 'low') return 'low';
    switch (ctx) {
      case 'script':
      case 'inline-shell':
        return h.severity;
      case 'labelled':
        return 'low';
      default:
        return h.weak ? 'low' : h.severity;
    }
  };

  // -- hidden characters, look-alikes, encoded blobs: line by line over the raw text
  let blobs = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    for (const h of hiddenRuns(line, i === 0)) reportHidden(h, i);
    const mixed = mixedScriptWords(line)[0];
    if (mixed) add('homoglyph', 'medium', i, mixed.index, `"${visible(mixed.word)}" mixes ${mixed.scripts.join(' and ')} letters`);
    if (blobs < MAX_BLOBS && line.length >= 40) blobs += scanBlobs(line, i, MAX_BLOBS - blobs);
  }

  function reportHidden(h: HiddenHit, i: number) {
    const n = h.codePoints.length;
    const names = [...new Set(h.codePoints.map(codePointName))].slice(0, 4).join(', ');
    const inScript = kind === 'script';
    switch (h.kind) {
      case 'bidi-embedding':
        add('bidi-control', 'high', i, h.index, `bidirectional control ${names}: what is shown is not what is read`);
        break;
      case 'bidi-mark':
        add('bidi-control', inScript ? 'high' : 'medium', i, h.index, `bidirectional mark ${names}`);
        break;
      case 'tag': {
        const spelled = decodeTags(h.codePoints);
        add('hidden-unicode', 'high', i, h.index, `${n} invisible Unicode tag character${n > 1 ? 's' : ''}${spelled ? ` spelling "${visible(spelled.slice(0, 60))}"` : ''}`);
        if (spelled) analyzeDecoded(spelled, i, h.index, 'spelled in invisible tag characters');
        break;
      }
      case 'variation':
        add('hidden-unicode', n > 1 ? 'high' : 'medium', i, h.index, `${n} variation selector${n > 1 ? 's' : ''} (${names}) where none belongs${n > 1 ? ': a run can carry hidden data' : ''}`);
        break;
      case 'soft-hyphen':
        add('hidden-unicode', inScript && h.insideWord ? 'medium' : 'low', i, h.index, `soft hyphen ${names} (invisible)`);
        break;
      case 'control': {
        const esc = h.codePoints.includes(0x1b);
        add('hidden-unicode', esc ? 'high' : 'medium', i, h.index, esc ? 'terminal escape sequence: can rewrite what a terminal shows' : `control character ${names}`);
        break;
      }
      default:
        add(
          'hidden-unicode',
          n > 1 || h.insideWord || inScript ? 'high' : 'medium',
          i,
          h.index,
          `${n} invisible character${n > 1 ? 's' : ''} (${names})${h.insideWord ? ' inside a word' : ''}`,
        );
    }
  }

  /** Decode base64 and hex runs that decode to text, and check what they say. */
  function scanBlobs(line: string, i: number, budget: number): number {
    let used = 0;
    for (const { offset, chunk } of windows(line)) {
      for (const m of chunk.matchAll(/[A-Za-z0-9+/]{40,}={0,2}|(?:\\x[0-9a-fA-F]{2}){12,}|(?:[0-9a-fA-F]{2}){20,}/g)) {
        if (used >= budget) return used;
        const s = m[0].slice(0, MAX_BLOB_CHARS);
        let bytes: Buffer;
        if (s.startsWith('\\x')) bytes = Buffer.from(s.replace(/\\x/g, ''), 'hex');
        else if (/^[0-9a-fA-F]+$/.test(s)) bytes = Buffer.from(s, 'hex');
        else if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9+/]/.test(s)) bytes = Buffer.from(s, 'base64');
        else continue;
        used++;
        if (bytes.length < 16) continue;
        let printable = 0;
        for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d) printable++;
        if (printable / bytes.length < 0.95) continue;
        const how = s.startsWith('\\x') || /^[0-9a-fA-F]+$/.test(s) ? 'inside hex text' : 'inside base64 text';
        analyzeDecoded(bytes.toString('latin1'), i, offset + m.index!, how);
      }
    }
    return used;
  }

  /** Text decoded from an invisible or encoded form is read as a script would be: nobody was meant to see it. */
  function analyzeDecoded(text: string, i: number, col: number, how: string) {
    for (const line of text.split('\n').slice(0, 200)) {
      const f = foldCode(line.slice(0, WINDOW));
      for (const h of codeHits(f.text)) add(h.rule, h.severity, i, col, `${h.message} (${how})`);
      for (const h of injectionHits(fold(line.slice(0, WINDOW)).text))
        if (h.severity !== 'low') add(h.rule, 'high', i, col, `${h.message} (${how})`);
    }
  }

  // -- commands: logical lines (a trailing backslash continues a line in scripts and examples)
  const codeIdx: number[][] = [];
  if (md) {
    let run: number[] = [];
    let runFence: unknown = undefined;
    for (let i = 0; i < lines.length; i++) {
      const li = md.lines[i]!;
      const inCode = li.ctx === 'fence';
      if (!inCode || li.fence !== runFence) {
        if (run.length) codeIdx.push(run);
        run = [];
        runFence = inCode ? li.fence : undefined;
      }
      if (inCode) run.push(i);
      else if (li.ctx === 'prose' || li.ctx === 'comment' || li.ctx === 'frontmatter') codeIdx.push([i]);
    }
    if (run.length) codeIdx.push(run);
  } else {
    codeIdx.push(lines.map((_, i) => i));
  }
  const perLine: Array<{ cred: boolean; secrets: string[]; sender: boolean; text: string }> = [];
  for (const idx of codeIdx) {
    for (const seg of join(lines, idx, ' ', idx.length > 1 || !md ? 'continuation' : 'lines')) {
      if (seg.text.trim() === '') continue;
      for (const { offset, chunk } of windows(seg.text)) {
        const f = foldCode(chunk);
        const hits = codeHits(f.text);
        for (const h of hits) {
          const at = locate(seg, offset + origin(f, h.index));
          const sev = codeSeverity(h, ctxAt(at.line, at.col), f.text);
          if (sev) add(h.rule, sev, at.line, at.col, h.message);
        }
        if (kind === 'script') {
          const first = seg.pieces[0]!.line;
          perLine[first] = {
            cred: hits.some((h) => h.rule === 'credential-read'),
            secrets: secretVarsIn(f.text),
            sender: hasSender(f.text),
            text: f.text,
          };
        }
      }
    }
  }
  if (kind === 'script') crossLineChecks(perLine);

  /** Secrets read on one line of a script and the network used on another. */
  function crossLineChecks(info: typeof perLine) {
    const rows = info.map((r, i) => ({ ...r, i })).filter(Boolean);
    const readsCred = rows.find((r) => r.cred);
    const secretRows = rows.filter((r) => r.secrets.length > 0);
    const sendRow = rows.find((r) => r.sender);
    if (sendRow && (readsCred || secretRows.length > 0)) {
      const vars = [...new Set(secretRows.flatMap((r) => r.secrets))];
      const all = rows.map((r) => r.text).join('\n');
      const own = !readsCred && onlyOwnHosts(all, vars);
      const what = readsCred ? `credentials (line ${readsCred.i + 1})` : `${vars.join(', ')} (line ${secretRows[0]!.i + 1})`;
      add('secret-exfiltration', own ? 'low' : 'high', sendRow.i, undefined, `reads ${what} and sends data over the network (line ${sendRow.i + 1})${own ? ', to its own service' : ''}`);
    }
    const all = rows.map((r) => r.text).join('\n');
    if (/\bsocket\.(?:socket|connect|create_connection)\b/.test(all) || /\bnet\.sockets\.tcpclient\b/.test(all)) {
      const shell = rows.find((r) => /\b(?:os\.dup2|pty\.spawn)\b|\bsubprocess\.\w+\s*\(\s*\[?\s*["'](?:\/bin\/)?(?:ba)?sh\b|\b(?:iex|invoke-expression)\b/.test(r.text));
      if (shell) add('reverse-shell', 'high', shell.i, undefined, 'a socket wired to a shell in the same script');
    }
  }

  // -- instructions aimed at the model: paragraph by paragraph
  const blocks: number[][] = [];
  {
    let run: number[] = [];
    let key: unknown = null;
    for (let i = 0; i < lines.length; i++) {
      const li = info(i);
      const k = !li ? (lines[i]!.trim() === '' ? null : 'text') : li.ctx === 'fence' ? li.fence : ['prose', 'comment', 'frontmatter'].includes(li.ctx) ? li.ctx : null;
      if (k !== key || k === null) {
        if (run.length) blocks.push(run);
        run = [];
        key = k;
      }
      if (k !== null) run.push(i);
    }
    if (run.length) blocks.push(run);
  }
  for (const idx of blocks) {
    for (const seg of join(lines, idx, ' ', 'all')) {
      // Quotes and code spans are paired over the whole paragraph: a quote may open on the line before.
      let mentions: Array<[number, number]> | null = null;
      for (const { offset, chunk } of windows(seg.text)) {
        const f = fold(chunk);
        for (const h of injectionHits(f.text)) {
          const from = offset + origin(f, h.index);
          const to = offset + origin(f, h.index + h.length - 1) + 1;
          mentions ??= seg.text.length <= 4 * WINDOW ? [...codeSpans(seg.text), ...quoteSpans(seg.text)] : [];
          const at = locate(seg, from);
          const sev = injectionSeverity(h, at, within(mentions, from, to));
          add(h.rule, sev, at.line, at.col, sev === 'low' && h.severity !== 'low' ? `${h.message} (quoted or labelled as an example)` : h.message);
        }
      }
    }
  }

  function injectionSeverity(h: PatternHit, at: { line: number; col: number }, mentioned: boolean): Severity {
    const ctx = ctxAt(at.line, at.col);
    if (h.severity === 'low') return 'low';
    if (ctx === 'comment') return 'high';
    if (mentioned) return 'low';
    if (ctx === 'labelled' || ctx === 'fence') {
      const fence = info(at.line)?.fence;
      if (fence && (fence.labelled || /\b(?:injection|jailbreak|payload|attack|malicious|red[- ]flag)/i.test(fence.intro))) return 'low';
    }
    return h.severity;
  }

  // -- Markdown: hidden comments that address the model, alt text and link titles
  if (md) {
    let comment = '';
    let commentLine = -1;
    const flush = () => {
      if (commentLine >= 0) {
        const f = fold(comment.slice(0, WINDOW)).text;
        if (ADDRESSES_MODEL.test(f) && IMPERATIVE.test(f)) add('prompt-injection', 'high', commentLine, undefined, 'hidden instruction to the model in an HTML comment');
      }
      comment = '';
      commentLine = -1;
    };
    for (let i = 0; i < lines.length; i++) {
      const li = md.lines[i]!;
      if (li.comments.length === 0) {
        flush();
      } else {
        if (commentLine < 0) commentLine = i;
        for (const [a, b] of li.comments) comment += ` ${lines[i]!.slice(a, b)}`;
        const last = li.comments[li.comments.length - 1]!;
        if (last[1] < lines[i]!.length || li.ctx !== 'comment') flush();
      }
      if (li.ctx === 'prose') hiddenInLinks(lines[i]!, i, li);
    }
    flush();
  }

  function hiddenInLinks(line: string, i: number, li: LineInfo) {
    if (!line.includes('](') && !line.includes(']:')) return;
    const chunk = line.slice(0, WINDOW);
    const texts: Array<{ text: string; at: number; what: string }> = [];
    for (const m of chunk.matchAll(/!\[([^\]\n]{1,1000})\]\(/g)) texts.push({ text: m[1]!, at: m.index! + 2, what: 'image alt text' });
    for (const m of chunk.matchAll(/\]\([^\s)]{0,2000}\s+(?:"([^"\n]{1,1000})"|'([^'\n]{1,1000})')\s*\)/g))
      texts.push({ text: m[1] ?? m[2]!, at: m.index!, what: 'a link title' });
    for (const m of chunk.matchAll(/^\s{0,3}\[[^\]\n]{1,200}\]:\s*\S{1,2000}\s+"([^"\n]{1,1000})"/g)) texts.push({ text: m[1]!, at: m.index!, what: 'a link title' });
    for (const t of texts) {
      if (within(li.code, t.at)) continue;
      const f = fold(t.text).text;
      const words = f.split(' ').filter(Boolean).length;
      if (injectionHits(f).some((h) => h.severity !== 'low') || (ADDRESSES_MODEL.test(f) && IMPERATIVE.test(f)))
        add('prompt-injection', 'high', i, t.at, `hidden instruction to the model in ${t.what}`);
      else if (words > 30) add('prompt-injection', 'medium', i, t.at, `${words} words in ${t.what}, which a reader of the rendered page does not see`);
    }
  }

  // -- SKILL.md: what Claude Code runs on load, and frontmatter that changes what runs
  if (kind === 'skill-md') {
    const text = lines.join('\n');
    const starts = [0];
    for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) starts.push(k + 1);
    const lineOf = (at: number) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= at) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo, col: at - starts[lo]! };
    };
    for (const c of inlineCommands(text)) {
      const at = lineOf(c.index);
      const f = foldCode(c.command.slice(0, WINDOW));
      const hits = codeHits(f.text);
      const body = c.block ? text.indexOf(c.command, c.index) : c.index + 2;
      for (const h of hits) {
        const pos = lineOf(body + origin(f, h.index));
        add(h.rule, h.severity, pos.line, pos.col, `${h.message} (in a command the client runs on load)`);
      }
      const dangerous = hits.some((h) => h.severity !== 'low' && !h.weak);
      const network = hits.some((h) => h.rule === 'network-access' || h.rule === 'remote-package');
      const secrets = secretVarsIn(f.text).length > 0 || hits.some((h) => h.rule === 'credential-read');
      const shown = visible(c.command.replace(/\s+/g, ' ').slice(0, 60));
      let sev: Severity = 'medium';
      let why = 'runs when the skill loads, before the model reads it';
      if (dangerous || network || secrets) {
        sev = 'high';
        why = `runs when the skill loads and ${secrets ? 'touches secrets' : network ? 'reaches the network' : 'matches a dangerous pattern'}`;
      } else if (isReadOnly(c.command)) {
        sev = 'low';
        why = 'read-only command run when the skill loads';
      } else if (/\$(?:arguments\b|\d|\{?[a-z_][a-z0-9_]*)/i.test(c.command.replace(/\$\{CLAUDE_(?:SKILL|PROJECT|PLUGIN)_[A-Z_]+\}/g, ''))) {
        why = 'runs when the skill loads, with the user’s arguments substituted into the command';
      }
      add('inline-shell', sev, at.line, at.col, `\`${shown}\` ${why}`);
    }
    for (const h of frontmatterHits(lines)) add(h.rule, h.severity, h.line, h.column, h.message);
  }

  return [...best.values()];
}

const READ_ONLY =
  /^(?:git\s+(?:status|diff|log|show|branch|rev-parse|describe|ls-files|blame|shortlog|tag|remote)\b|ls|pwd|date|whoami|uname|echo|cat|head|tail|wc|tree|[a-z][a-z0-9-]*\s+--version)(?:\s|$)/;

/** Read-only commands with nothing that chains, redirects, substitutes or leaves the project. */
export function isReadOnly(command: string): boolean {
  const c = command.replace(/\$\{CLAUDE_(?:SKILL|PROJECT)_DIR\}/g, '.').trim();
  if (!READ_ONLY.test(c) || /[;&|<>`$(){}\n\\]/.test(c)) return false;
  const args = c.split(/\s+/).slice(1);
  return !args.some((a) => a.startsWith('/') || a.startsWith('~') || a.split('/').includes('..'));
}
