/**
 * Majors from version texts and from the ranges manifests state. Only the major matters to
 * agent-team (conventions are chosen per major), so nothing here compares full versions.
 * Every function is linear in its input: simple scans and anchored patterns without nested
 * repetition, so a hostile manifest cannot make them slow.
 */

/** Texts longer than this are not version specs; nobody writes them by hand. */
const MAX_SPEC = 256;
const MAX_MAJOR = 100_000;

function toMajor(digits: string): number | undefined {
  if (digits.length > 6) return undefined;
  const n = Number.parseInt(digits, 10);
  return Number.isFinite(n) && n <= MAX_MAJOR ? n : undefined;
}

/** `13.3.2-canary.13` → 13, `v5.0.12` → 5, `==1.0.2` → 1, `0.81.5` → 0; undefined when no number leads. */
export function majorOfVersion(text: string | undefined): number | undefined {
  if (typeof text !== 'string' || text.length > MAX_SPEC) return undefined;
  const match = /^\s*(?:={1,3}|v)?\s*(\d+)/i.exec(text);
  return match ? toMajor(match[1]!) : undefined;
}

export type RangeDialect = 'npm' | 'pep440' | 'maven' | 'pub';

/** Specs that name no version: a tag, a path, a repository, a sibling package. */
function namesNoVersion(spec: string): boolean {
  return (
    spec === '' || spec === '*' || /^(x|latest|next|canary|beta|any|release|LATEST|RELEASE)$/i.test(spec) ||
    /^(workspace|catalog|file|link|portal|patch|git|git\+[a-z]+|github|gitlab|bitbucket|https?|exec):/i.test(spec) ||
    spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/') || spec.startsWith('~/') ||
    // `user/repo` and `user/repo#tag` are GitHub shorthands.
    /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(#.*)?$/.test(spec)
  );
}

/** The lowest major one comparator (`^13.3.0`, `>=2`, `<3`, `1.x`, `~4.1`) allows, or undefined for "any". */
function comparatorFloor(comparator: string): { major?: number; upperOnly?: boolean } {
  const match = /^(\^|~=|~>?|===?|!=|>=?|<=?)?\s*v?(\d+|[xX*])?/.exec(comparator);
  if (!match) return {};
  const [, op = '', digits] = match;
  if (op === '!=') return {};
  if (op === '<' || op === '<=') return { upperOnly: true };
  if (digits === undefined || /[xX*]/.test(digits)) return {};
  const major = toMajor(digits);
  if (major === undefined) return {};
  // `>2` allows 2.0.1 when written as 2.0.0, but a bare `>2` (an X-range) starts at 3.
  if (op === '>' && /^>\s*v?\d+\s*$/.test(comparator)) return { major: major + 1 };
  return { major };
}

/** Lowest major of one set of comparators that must all hold, e.g. `>=4.2,<4.3` or `>=1.2.0 <2`. */
function setFloor(set: string): number | undefined {
  const hyphen = /^\s*v?(\d+)[^\s]*\s+-\s+\S+\s*$/.exec(set);
  if (hyphen) return toMajor(hyphen[1]!);
  const comparators = set.split(/[\s,]+/).filter(Boolean);
  let floor: number | undefined;
  let upper = false;
  for (const c of comparators) {
    // `>= 2.0` (a space after the operator) arrives as two words.
    const floorOf = comparatorFloor(c);
    if (floorOf.upperOnly) upper = true;
    if (floorOf.major !== undefined) floor = floor === undefined ? floorOf.major : Math.max(floor, floorOf.major);
  }
  if (floor !== undefined) return floor;
  // Only an upper bound (`<3.0`): everything from 0 up is allowed.
  return upper ? 0 : undefined;
}

/** Joins `>= 2.0` into `>=2.0` so each comparator is one word. */
function tightenOperators(spec: string): string {
  return spec.replace(/(\^|~=|~>?|===?|!=|>=?|<=?)\s+(?=[v\d])/g, '$1');
}

function mavenFloor(spec: string): number | undefined {
  // `[1.0,2.0)`, `(,1.0]`, `[1.5,)`; several ranges joined by commas are alternatives.
  if (/^[[(]/.test(spec)) {
    const lower = /^[[(]\s*v?(\d+)/.exec(spec);
    if (lower) return toMajor(lower[1]!);
    return /^[[(]\s*,/.test(spec) ? 0 : undefined;
  }
  return majorOfVersion(spec);
}

/**
 * The lowest major a manifest's range allows: `^13.3.0` → 13, `~4.1` → 4, `>=2,<3` → 2,
 * `==5.0.2` → 5, `<3.0` → 0; `*`, `latest`, git, file and workspace specs → undefined.
 */
export function lowestMajor(spec: string | undefined, dialect: RangeDialect): number | undefined {
  if (typeof spec !== 'string' || spec.length > MAX_SPEC) return undefined;
  let text = spec.trim();
  // `npm:real-name@^1.2.3` (an alias) states the range after the name.
  const alias = /^npm:(?:@[^@/\s]+\/)?[^@\s]+@(.*)$/.exec(text);
  if (alias) text = alias[1]!.trim();
  if (namesNoVersion(text)) return undefined;
  if (dialect === 'maven') return mavenFloor(text);
  if (dialect === 'pep440') text = text.replace(/;.*$/, '');
  const alternatives = tightenOperators(text).split('||');
  let lowest: number | undefined;
  for (const alternative of alternatives) {
    const floor = setFloor(alternative.trim());
    if (floor === undefined) return undefined;
    lowest = lowest === undefined ? floor : Math.min(lowest, floor);
  }
  return lowest;
}
