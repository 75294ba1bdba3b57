/**
 * A deliberately plain model of delegation: which role would a request go to if the only
 * thing known about each role were the text Claude sees when it delegates - the role's
 * one-line `description` and its `owns` phrases (the engine renders both into the agent).
 *
 * No model, no per-request rules. Words are lower-cased, split on anything that is not a
 * letter or digit, expanded through a short list of general abbreviations, stripped of
 * stop words and stemmed. Each role's vocabulary is the set of stems of its text. A request
 * scores, for every role, the sum of the weights of its stems found in that role's
 * vocabulary; a stem's weight is log(roles / roles whose vocabulary has it), so words every
 * role uses count for nothing and a word only one role uses counts most. The owner is the
 * role with the highest score, and only when no other role has the same score.
 */

/**
 * Function words and verbs that say a task is wanted but not which kind of work it is. Shared by
 * every role and every request; adding a word here changes all results, never just one.
 */
export const STOP_WORDS = new Set(
  `a an the this that these those it its is are was were be been being am do does did done
  and or but if then than so as of in on at by for to from with without into onto over under
  before after between during until
  up down out off about via per vs our ours my your you we us me i they them their he she his her
  can could would should will shall may might must need needs want wants please let lets
  add adding make making set get put use using help new some any all each every other more most
  how what which who whom whose when where there here also just only still again too very
  not no yes now today next`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * General abbreviations and near-synonyms people type in requests, expanded before stemming.
 * Each maps a short form to the words a role's text would use; none names a role.
 */
export const SYNONYMS: Readonly<Record<string, string>> = {
  pr: 'pull request',
  prs: 'pull requests',
  e2e: 'end-to-end',
  k8s: 'kubernetes',
  db: 'database',
  a11y: 'accessibility',
  ota: 'over-the-air',
  devs: 'developers',
  dev: 'developer',
  pick: 'choose',
  select: 'choose',
};

const SUFFIXES: Array<[RegExp, string]> = [
  [/ibilities$|ibility$/, ''],
  [/ities$|ity$/, ''],
  [/iness$/, 'y'],
  [/ness$/, ''],
  [/ations$|ation$/, 'at'],
  [/ions$|ion$/, ''],
  [/ments$|ment$/, ''],
  [/ies$/, 'y'],
  [/ing$/, ''],
  [/ible$|able$/, ''],
  [/ed$/, ''],
  [/ly$/, ''],
  [/sses$/, 'ss'],
  [/([^su])s$/, '$1'],
];

/** A small suffix stripper: enough that migrate, migrates, migrating and migration meet. */
export function stem(word: string): string {
  let out = word;
  // Plurals of short words and acronyms (ADRs, PRDs, APIs, jobs) lose their s as well.
  if (out.length === 4 && /[^su]s$/.test(out)) out = out.slice(0, -1);
  if (out.length > 4) {
    for (const [suffix, replacement] of SUFFIXES) {
      const next = out.replace(suffix, replacement);
      if (next !== out && next.length >= 3) {
        out = next;
        break;
      }
    }
  }
  // A trailing e or a doubled final consonant is noise for matching (migrate / migrat, plann / plan).
  if (out.length > 4) out = out.replace(/e$/, '');
  if (out.length > 4) out = out.replace(/([^aeiou])\1$/, '$1');
  return out;
}

/** The stems of a text, in order, after abbreviations, stop words and stemming. */
export function terms(text: string): string[] {
  const words = text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const expanded = words.flatMap((w) => (Object.hasOwn(SYNONYMS, w) ? SYNONYMS[w]!.split(/[^a-z0-9]+/) : [w]));
  return expanded.filter((w) => w.length > 1 && !STOP_WORDS.has(w)).map(stem);
}

export interface RoleText {
  name: string;
  description: string;
  owns: string[];
}

export interface DelegationIndex {
  roles: string[];
  vocabulary: Map<string, Set<string>>;
  weight: (term: string) => number;
}

export function buildIndex(roles: RoleText[]): DelegationIndex {
  const vocabulary = new Map<string, Set<string>>();
  for (const role of roles) vocabulary.set(role.name, new Set(terms([role.description, ...role.owns].join('\n'))));
  const df = new Map<string, number>();
  for (const words of vocabulary.values()) for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  const n = roles.length;
  return { roles: roles.map((r) => r.name), vocabulary, weight: (t) => (df.has(t) ? Math.log(n / df.get(t)!) : 0) };
}

export interface Ranking {
  /** The role with the single highest score, or null when nothing matched or two roles tie. */
  owner: string | null;
  scores: Array<{ role: string; score: number; matched: string[] }>;
}

export function rank(index: DelegationIndex, request: string): Ranking {
  const wanted = [...new Set(terms(request))];
  const scores = index.roles
    .map((role) => {
      const words = index.vocabulary.get(role)!;
      const matched = wanted.filter((t) => words.has(t));
      return { role, matched, score: matched.reduce((sum, t) => sum + index.weight(t), 0) };
    })
    .sort((a, b) => b.score - a.score || a.role.localeCompare(b.role));
  const [first, second] = scores;
  const owner = first && first.score > 0 && (!second || first.score - second.score > 1e-9) ? first.role : null;
  return { owner, scores };
}
