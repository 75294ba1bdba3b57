/**
 * The small glob dialect of the registry's `detect.files` hints and of workspace patterns:
 * `*` and `?` stay inside one path segment, `**` spans segments (`a/**` + `/b` also matches
 * `a/b`), `{x,y}` is a choice. Patterns are anchored at the package folder, so `Dockerfile`
 * means the package's own Dockerfile and `**` + `/Dockerfile` means one anywhere below it.
 */
const cache = new Map<string, RegExp>();

function escape(char: string): string {
  return /[\\^$.|+()[\]{}]/.test(char) ? `\\${char}` : char;
}

function toRegExp(pattern: string): RegExp {
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slashAfter = pattern[i + 2] === '/';
        const atSegmentStart = i === 0 || pattern[i - 1] === '/';
        i += slashAfter ? 2 : 1;
        // `**/` is zero or more whole folders; a trailing `**` is anything below.
        out += atSegmentStart && slashAfter ? '(?:[^/]*/)*' : '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces += 1;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces -= 1;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += escape(c);
  }
  return new RegExp(`^${out}$`);
}

export function globRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    re = toRegExp(pattern.replace(/^\.\//, ''));
    cache.set(pattern, re);
  }
  return re;
}

export function matchesGlob(path: string, pattern: string): boolean {
  return globRegExp(pattern).test(path);
}

export function isGlob(pattern: string): boolean {
  return /[*?{]/.test(pattern);
}
