// Character classes the scanner cares about, the folding that lets patterns see through
// look-alikes and invisible characters, and the escaping that makes excerpts safe to print.
// Everything here walks a string once: no regex over untrusted text can backtrack.

export const EXCERPT_MAX = 120;

const isBidiEmbedding = (c: number) => (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
const isBidiMark = (c: number) => c === 0x200e || c === 0x200f || c === 0x061c;
export const isBidi = (c: number) => isBidiEmbedding(c) || isBidiMark(c);
export const isTag = (c: number) => c >= 0xe0000 && c <= 0xe007f;
export const isVariationSelector = (c: number) => (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef);
/** Zero-width, invisible operators, fillers that render as nothing, a BOM, the CGJ. */
export const isInvisible = (c: number) =>
  (c >= 0x200b && c <= 0x200d) ||
  (c >= 0x2060 && c <= 0x2064) ||
  c === 0xfeff ||
  c === 0x180e ||
  c === 0x034f ||
  c === 0x115f ||
  c === 0x1160 ||
  c === 0x3164 ||
  c === 0xffa0 ||
  c === 0x17b4 ||
  c === 0x17b5 ||
  (c >= 0xfff9 && c <= 0xfffb);
export const isSoftHyphen = (c: number) => c === 0x00ad;
/** C0 and C1 controls other than tab (line breaks never reach here), DEL, line/paragraph separators. */
export const isControl = (c: number) =>
  (c < 0x20 && c !== 0x09) || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;

/** Anything a reader cannot see, or that changes what they see: escaped in excerpts, dropped when folding. */
export const isHiddenChar = (c: number) =>
  isBidi(c) || isTag(c) || isVariationSelector(c) || isInvisible(c) || isSoftHyphen(c) || isControl(c);

const hex = (c: number) => c.toString(16).toUpperCase().padStart(4, '0');
export const codePointName = (c: number) => `U+${hex(c)}`;

/** Text with every hidden character written as \u{XXXX}, so printing it cannot reorder or hide anything. */
export function visible(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += isHiddenChar(c) ? `\\u{${hex(c)}}` : ch;
  }
  return out;
}

/** At most EXCERPT_MAX visible characters of `line` around 0-based `at`. */
export function excerptAt(line: string, at = 0): string {
  const start = Math.max(0, Math.min(at - 30, line.length - 80));
  let out = start > 0 ? '…' : '';
  let i = start;
  // A surrogate pair split at the start would print as a lone surrogate.
  if (i > 0 && i < line.length && line.charCodeAt(i) >= 0xdc00 && line.charCodeAt(i) <= 0xdfff) i++;
  while (i < line.length) {
    const c = line.codePointAt(i)!;
    const ch = String.fromCodePoint(c);
    const piece = isHiddenChar(c) ? `\\u{${hex(c)}}` : ch;
    if (out.length + piece.length > EXCERPT_MAX - 1 && i + ch.length < line.length) {
      out += '…';
      return out;
    }
    if (out.length + piece.length > EXCERPT_MAX) break;
    out += piece;
    i += ch.length;
  }
  return out.trim();
}

// ---- scripts -------------------------------------------------------------------------------

const reLatin = /\p{Script=Latin}/u;
const reCyrillic = /\p{Script=Cyrillic}/u;
const reGreek = /\p{Script=Greek}/u;
const rePictographic = /\p{Extended_Pictographic}/u;
const reSymbol = /[\p{So}\p{Sm}]/u;
const reHan = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Scripts written without spaces, where a zero-width space marks word breaks. */
const reNoSpaceScript = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const chr = (c: number | undefined) => (c === undefined ? '' : String.fromCodePoint(c));
const isAsciiAlnum = (c: number | undefined) =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));
const isEmojiPart = (c: number | undefined) =>
  c !== undefined && (rePictographic.test(chr(c)) || c === 0xfe0f || (c >= 0x1f3fb && c <= 0x1f3ff) || c === 0x20e3);
/** A letter of a script that uses joiners as part of spelling (Arabic, Persian, Indic...): not Latin, Cyrillic, Greek. */
const isJoiningScriptLetter = (c: number | undefined) => {
  if (c === undefined || c < 0x0370) return false;
  const s = chr(c);
  return /[\p{L}\p{M}]/u.test(s) && !reLatin.test(s) && !reCyrillic.test(s) && !reGreek.test(s);
};

/** Cyrillic and Greek letters that look like Latin ones, and the Latin letter they pass for. */
const CONFUSABLE: ReadonlyMap<number, string> = new Map(
  [
    ['а', 'a'], ['в', 'b'], ['е', 'e'], ['ё', 'e'], ['к', 'k'], ['м', 'm'], ['н', 'h'], ['о', 'o'], ['р', 'p'],
    ['с', 'c'], ['т', 't'], ['у', 'y'], ['х', 'x'], ['ѕ', 's'], ['і', 'i'], ['ї', 'i'], ['ј', 'j'], ['һ', 'h'],
    ['ԁ', 'd'], ['ԛ', 'q'], ['ԝ', 'w'], ['ӏ', 'l'], ['ɡ', 'g'], ['ѵ', 'v'], ['ү', 'y'], ['ғ', 'f'],
    ['А', 'a'], ['В', 'b'], ['Е', 'e'], ['К', 'k'], ['М', 'm'], ['Н', 'h'], ['О', 'o'], ['Р', 'p'], ['С', 'c'],
    ['Т', 't'], ['У', 'y'], ['Х', 'x'], ['Ѕ', 's'], ['І', 'i'], ['Ј', 'j'], ['Ԛ', 'q'], ['Ԝ', 'w'],
    ['α', 'a'], ['ο', 'o'], ['ν', 'v'], ['ρ', 'p'], ['τ', 't'], ['ι', 'i'], ['κ', 'k'], ['χ', 'x'], ['υ', 'u'],
    ['Α', 'a'], ['Β', 'b'], ['Ε', 'e'], ['Ζ', 'z'], ['Η', 'h'], ['Ι', 'i'], ['Κ', 'k'], ['Μ', 'm'], ['Ν', 'n'],
    ['Ο', 'o'], ['Ρ', 'p'], ['Τ', 't'], ['Υ', 'y'], ['Χ', 'x'],
  ].map(([k, v]) => [k!.codePointAt(0)!, v!]),
);

// ---- hidden characters ---------------------------------------------------------------------

export type HiddenKind = 'bidi-embedding' | 'bidi-mark' | 'tag' | 'invisible' | 'variation' | 'soft-hyphen' | 'control';

export interface HiddenHit {
  kind: HiddenKind;
  /** 0-based UTF-16 index of the first character of the run. */
  index: number;
  codePoints: number[];
  /** The run splits a word of ASCII letters or digits (a keyword hidden from searches). */
  insideWord: boolean;
}

/**
 * Runs of hidden characters on one line, with the ones a language or emoji needs left out:
 * joiners inside emoji sequences and between letters of joining scripts, zero-width spaces in
 * scripts written without spaces, a variation selector after a symbol or ideograph, the tag
 * sequence of a subdivision flag.
 */
export function hiddenRuns(line: string, atFileStart: boolean): HiddenHit[] {
  if (!/[^\x09\x20-\x7e]/.test(line)) return [];
  const cps: number[] = [];
  const idx: number[] = [];
  for (let i = 0; i < line.length; ) {
    const c = line.codePointAt(i)!;
    cps.push(c);
    idx.push(i);
    i += c > 0xffff ? 2 : 1;
  }
  const legit = new Uint8Array(cps.length);
  for (let k = 0; k < cps.length; k++) {
    const c = cps[k]!;
    const prev = cps[k - 1];
    const next = cps[k + 1];
    if (c === 0xfeff && k === 0 && atFileStart) legit[k] = 1;
    else if (c === 0x200d && (isEmojiPart(prev) || isEmojiPart(next))) legit[k] = 1;
    else if ((c === 0x200c || c === 0x200d) && prev !== undefined && !isHiddenChar(prev) && isJoiningScriptLetter(prev) && isJoiningScriptLetter(next)) legit[k] = 1;
    else if (c === 0x200b && prev !== undefined && next !== undefined && prev > 0x7f && !isHiddenChar(prev) && reNoSpaceScript.test(chr(prev)) && reNoSpaceScript.test(chr(next)))
      legit[k] = 1;
    else if (c === 0xfe0f || c === 0xfe0e) {
      if (prev !== undefined && !isVariationSelector(prev) && (prev > 0x7f ? !isHiddenChar(prev) : next === 0x20e3 || /[#*0-9]/.test(chr(prev))))
        legit[k] = 1;
    } else if (isVariationSelector(c)) {
      if (prev !== undefined && !isVariationSelector(prev) && (reHan.test(chr(prev)) || reSymbol.test(chr(prev)))) legit[k] = 1;
    } else if (c === 0x1f3f4) {
      // Subdivision flags: black flag, 2–6 tag letters or digits, cancel tag.
      let j = k + 1;
      while (j < cps.length && j - k <= 7 && ((cps[j]! >= 0xe0030 && cps[j]! <= 0xe0039) || (cps[j]! >= 0xe0061 && cps[j]! <= 0xe007a))) j++;
      if (j - k >= 3 && cps[j] === 0xe007f) for (let m = k + 1; m <= j; m++) legit[m] = 1;
    }
  }
  const hits: HiddenHit[] = [];
  for (let k = 0; k < cps.length; k++) {
    const c = cps[k]!;
    if (legit[k] || !isHiddenChar(c)) continue;
    const kind = kindOf(c);
    const start = k;
    const run: number[] = [];
    while (k < cps.length && !legit[k] && isHiddenChar(cps[k]!) && (kindOf(cps[k]!) === kind || run.length === 0)) run.push(cps[k++]!);
    k--;
    hits.push({
      kind,
      index: idx[start]!,
      codePoints: run,
      insideWord: isAsciiAlnum(cps[start - 1]) && isAsciiAlnum(cps[k + 1]),
    });
  }
  return hits;
}

function kindOf(c: number): HiddenKind {
  if (isBidiEmbedding(c)) return 'bidi-embedding';
  if (isBidiMark(c)) return 'bidi-mark';
  if (isTag(c)) return 'tag';
  if (isVariationSelector(c)) return 'variation';
  if (isSoftHyphen(c)) return 'soft-hyphen';
  if (isControl(c)) return 'control';
  return 'invisible';
}

/** The ASCII text that tag characters U+E0020–E007E spell, or '' when they spell nothing. */
export function decodeTags(codePoints: readonly number[]): string {
  let s = '';
  for (const c of codePoints) if (c >= 0xe0020 && c <= 0xe007e) s += String.fromCharCode(c - 0xe0000);
  return s;
}

// ---- homoglyphs ----------------------------------------------------------------------------

export interface MixedWord {
  index: number;
  word: string;
  scripts: string[];
}

/** Words holding Latin letters together with Cyrillic or Greek look-alikes. */
export function mixedScriptWords(line: string): MixedWord[] {
  const out: MixedWord[] = [];
  if (!/[^\x00-\x7f]/.test(line)) return out;
  for (const m of line.matchAll(/[\p{L}\p{M}]+/gu)) {
    const w = m[0];
    if (!/[^\x00-\x7f]/.test(w) || !/[A-Za-z\u00c0-\u024f]/.test(w)) continue;
    let latin = false;
    let confusable = false;
    const scripts = new Set<string>();
    for (const ch of w) {
      const c = ch.codePointAt(0)!;
      if (reLatin.test(ch)) latin = true;
      else if (reCyrillic.test(ch)) {
        scripts.add('Cyrillic');
        if (CONFUSABLE.has(c)) confusable = true;
      } else if (reGreek.test(ch)) {
        scripts.add('Greek');
        if (CONFUSABLE.has(c)) confusable = true;
      }
    }
    if (latin && confusable) out.push({ index: m.index!, word: w, scripts: ['Latin', ...scripts] });
  }
  return out;
}

// ---- folding -------------------------------------------------------------------------------

export interface Folded {
  text: string;
  /** For each UTF-16 unit of `text`, the index in the source it came from; null when they are the same. */
  map: number[] | null;
}

/** Where the folded text's unit `i` came from in the source. */
export const origin = (f: Folded, i: number): number => (f.map ? (f.map[Math.min(i, f.map.length - 1)] ?? 0) : i);

const QUOTES: ReadonlyMap<number, string> = new Map([
  [0x2018, "'"], [0x2019, "'"], [0x201a, "'"], [0x201b, "'"], [0x2032, "'"],
  [0x201c, '"'], [0x201d, '"'], [0x201e, '"'], [0x201f, '"'], [0x00ab, '"'], [0x00bb, '"'],
]);

/**
 * Lower-case ASCII-ish text for pattern matching: hidden characters dropped, compatibility forms
 * (full-width, mathematical letters) and look-alike letters mapped to ASCII, curly quotes
 * straightened, other white space made a space. Keeps a map back to the source.
 */
export function fold(s: string): Folded {
  // Plain ASCII (the common case) folds to itself in lower case, index for index.
  if (!/[^\t\n\r\x20-\x7e]/.test(s)) return { text: s.toLowerCase(), map: null };
  const text: string[] = [];
  const map: number[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s.codePointAt(i)!;
    const width = c > 0xffff ? 2 : 1;
    const at = i;
    i += width;
    if (c === 0x09 || c === 0x0a || c === 0x0d) {
      text.push(' ');
      map.push(at);
      continue;
    }
    if (isHiddenChar(c)) continue;
    if (c > 0x7f && /\s/u.test(String.fromCodePoint(c))) {
      text.push(' ');
      map.push(at);
      continue;
    }
    if (c < 0x80) {
      text.push(c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : String.fromCharCode(c));
      map.push(at);
      continue;
    }
    const out = CONFUSABLE.get(c) ?? QUOTES.get(c) ?? nfkcAscii(c);
    for (const u of out) {
      text.push(u);
      map.push(at);
    }
  }
  return { text: text.join(''), map };
}

function nfkcAscii(c: number): string {
  const ch = String.fromCodePoint(c);
  const n = ch.normalize('NFKC');
  return (/^[\x00-\x7f]+$/.test(n) ? n : ch).toLowerCase();
}

/** Replace every match of `re` (global) in a folded text, keeping the map: replaced text maps to the match start. */
export function rewrite(f: Folded, re: RegExp, replace: (m: RegExpExecArray) => string): Folded {
  re.lastIndex = 0;
  if (!re.test(f.text)) return f;
  const text: string[] = [];
  const map: number[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(f.text); m; m = re.exec(f.text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    text.push(f.text.slice(last, m.index));
    for (let k = last; k < m.index; k++) map.push(origin(f, k));
    const r = replace(m);
    text.push(r);
    for (let k = 0; k < r.length; k++) map.push(origin(f, m.index));
    last = m.index + m[0].length;
  }
  text.push(f.text.slice(last));
  for (let k = last; k < f.text.length; k++) map.push(origin(f, k));
  return { text: text.join(''), map };
}
