// File-level facts: what a file is (by its bytes, not its name), whether its name or type is
// odd, and a bounded read that never follows a link and never blocks on a FIFO or device.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { RuleId } from './rules.js';
import type { Severity } from './types.js';
import { isHiddenChar, visible } from './unicode.js';

export interface FileHit {
  rule: RuleId;
  severity: Severity;
  message: string;
}

// O_NOFOLLOW refuses a link swapped in after lstat; O_NONBLOCK keeps open() of a FIFO from waiting
// for a writer. Windows has neither; there lstat's answer is all we have.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** Read at most `max` bytes of a regular file; null when it is not one by the time it is opened. */
export function readBounded(path: string, max: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    return null;
  }
  try {
    if (!fstatSync(fd).isFile()) return null;
    const buf = Buffer.alloc(Math.max(0, max));
    let got = 0;
    while (got < max) {
      const n = readSync(fd, buf, got, max - got, got);
      if (n <= 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export type Content =
  | { type: 'text' }
  | { type: 'executable'; what: string }
  | { type: 'archive'; what: string }
  | { type: 'media'; what: string; exts: readonly string[] }
  | { type: 'binary'; what: string };

const starts = (b: Buffer, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** What the bytes are. Checked by magic numbers, so a renamed binary is still a binary. */
export function classify(b: Buffer): Content {
  if (starts(b, [0x7f, 0x45, 0x4c, 0x46])) return { type: 'executable', what: 'an ELF executable' };
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe]].some((s) => starts(b, s)))
    return { type: 'executable', what: 'a Mach-O executable' };
  if (starts(b, [0xca, 0xfe, 0xba, 0xbe])) return { type: 'executable', what: 'a Mach-O universal binary or Java class' };
  if (starts(b, [0x4d, 0x5a]) && b.length >= 64) {
    const pe = b.readUInt32LE(0x3c);
    if (pe + 4 <= b.length && starts(b, [0x50, 0x45, 0x00, 0x00], pe)) return { type: 'executable', what: 'a Windows (PE) executable' };
  }
  if (starts(b, [0x00, 0x61, 0x73, 0x6d])) return { type: 'executable', what: 'a WebAssembly module' };
  if (starts(b, [0x50, 0x4b, 0x03, 0x04]) || starts(b, [0x50, 0x4b, 0x05, 0x06]) || starts(b, [0x50, 0x4b, 0x07, 0x08]))
    return { type: 'archive', what: 'a zip archive' };
  if (starts(b, [0x1f, 0x8b])) return { type: 'archive', what: 'gzip data' };
  if (starts(b, ascii('BZh'))) return { type: 'archive', what: 'bzip2 data' };
  if (starts(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return { type: 'archive', what: 'xz data' };
  if (starts(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { type: 'archive', what: 'a 7z archive' };
  if (starts(b, ascii('Rar!'))) return { type: 'archive', what: 'a rar archive' };
  if (starts(b, [0x28, 0xb5, 0x2f, 0xfd])) return { type: 'archive', what: 'zstd data' };
  if (starts(b, ascii('MSCF'))) return { type: 'archive', what: 'a cab archive' };
  if (starts(b, ascii('ustar'), 257)) return { type: 'archive', what: 'a tar archive' };
  if (starts(b, [0x89, 0x50, 0x4e, 0x47])) return { type: 'media', what: 'a PNG image', exts: ['.png'] };
  if (starts(b, [0xff, 0xd8, 0xff])) return { type: 'media', what: 'a JPEG image', exts: ['.jpg', '.jpeg'] };
  if (starts(b, ascii('GIF8'))) return { type: 'media', what: 'a GIF image', exts: ['.gif'] };
  if (starts(b, ascii('RIFF')) && starts(b, ascii('WEBP'), 8)) return { type: 'media', what: 'a WebP image', exts: ['.webp'] };
  if (starts(b, ascii('%PDF'))) return { type: 'media', what: 'a PDF document', exts: ['.pdf'] };
  if (starts(b, [0x00, 0x00, 0x01, 0x00])) return { type: 'media', what: 'an icon', exts: ['.ico'] };
  if (starts(b, ascii('wOFF')) || starts(b, ascii('wOF2'))) return { type: 'media', what: 'a web font', exts: ['.woff', '.woff2'] };
  if (starts(b, [0x00, 0x01, 0x00, 0x00]) || starts(b, ascii('OTTO'))) return { type: 'media', what: 'a font', exts: ['.ttf', '.otf'] };
  const head = b.subarray(0, 8192);
  if (head.includes(0)) return { type: 'binary', what: 'binary data (NUL bytes)' };
  return { type: 'text' };
}

/** Compiled code that has no reliable magic number of its own. */
const COMPILED_EXT = new Set(['.pyc', '.pyo', '.class', '.dll', '.exe', '.so', '.dylib', '.node', '.wasm', '.bin', '.o', '.a']);
export const SCRIPT_EXT = new Set([
  '.sh', '.bash', '.zsh', '.fish', '.ksh', '.ps1', '.psm1', '.psd1', '.bat', '.cmd', '.vbs', '.py', '.js', '.mjs', '.cjs',
  '.ts', '.mts', '.cts', '.rb', '.pl', '.pm', '.php', '.lua', '.applescript', '.scpt', '.tcl', '.r', '.jl', '.go', '.rs',
]);
export const MARKDOWN_EXT = new Set(['.md', '.markdown', '.mdx', '.txt', '.rst', '.adoc']);

export function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

export function contentHits(c: Content, name: string): FileHit[] {
  const ext = extOf(name);
  switch (c.type) {
    case 'executable':
      return [{ rule: 'binary-file', severity: 'high', message: `${c.what}: cannot be reviewed and can be run` }];
    case 'archive':
      return [{ rule: 'archive-file', severity: 'medium', message: `${c.what}: its content is not scanned` }];
    case 'media':
      return c.exts.includes(ext) ? [] : [{ rule: 'binary-file', severity: 'medium', message: `${c.what} named as ${ext || 'a file without extension'}` }];
    case 'binary':
      return [{ rule: 'binary-file', severity: COMPILED_EXT.has(ext) ? 'high' : 'medium', message: `${c.what}${MARKDOWN_EXT.has(ext) || SCRIPT_EXT.has(ext) ? ' in a file named as text' : ''}` }];
    default:
      return COMPILED_EXT.has(ext) ? [{ rule: 'binary-file', severity: 'high', message: `compiled code (${ext})` }] : [];
  }
}

const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)/i;

/** Problems with one path component's name. */
export function nameHits(name: string): FileHit[] {
  const hits: FileHit[] = [];
  let hidden = false;
  for (const ch of name) if (isHiddenChar(ch.codePointAt(0)!)) hidden = true;
  if (hidden) hits.push({ rule: 'odd-path', severity: 'high', message: `name "${visible(name)}" holds control, bidirectional or invisible characters` });
  if (name.includes('\\')) {
    const parts = name.split('\\');
    hits.push({
      rule: 'odd-path',
      severity: parts.includes('..') ? 'high' : 'medium',
      message: parts.includes('..') ? `name "${visible(name)}" climbs out of its folder on Windows` : `name "${visible(name)}" holds a backslash (a folder separator on Windows)`,
    });
  } else if (name.includes('..') && /(?:^|[/\\])\.\.(?:[/\\]|$)/.test(name)) {
    hits.push({ rule: 'odd-path', severity: 'high', message: `name "${visible(name)}" holds ..` });
  }
  if (WINDOWS_RESERVED.test(name) || /[ .]$/.test(name) || /[<>:"|?*]/.test(name))
    hits.push({ rule: 'odd-path', severity: 'low', message: `name "${visible(name)}" cannot exist on Windows` });
  if (name.startsWith('-')) hits.push({ rule: 'odd-path', severity: 'low', message: `name "${visible(name)}" starts with - (read as an option by commands)` });
  return hits;
}
