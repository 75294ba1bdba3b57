import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildIndex, rank, stem, SYNONYMS, terms, type RoleText } from './helpers/delegation-matcher.js';

/**
 * One owner for every kind of work: a typical request, judged only by the text Claude sees when
 * it delegates (each role's description and `owns` phrases), reaches exactly one role, and it
 * is the role the boundaries in the role rules name. The matcher is in helpers/delegation-matcher.ts.
 */
const registry = parse(readFileSync(fileURLToPath(new URL('../.claude/skills-registry.yaml', import.meta.url)), 'utf8')) as {
  roles: Record<string, { description: string; owns?: unknown[]; hands_off?: Array<{ work: string; to: string }> }>;
};
const requests = parse(readFileSync(fileURLToPath(new URL('fixtures/delegation-requests.yaml', import.meta.url)), 'utf8')) as Array<{ request: string; owner: string }>;

const roles: RoleText[] = Object.entries(registry.roles).map(([name, r]) => ({ name, description: r.description, owns: (r.owns ?? []).map(String) }));
const index = buildIndex(roles);
const roleNames = roles.map((r) => r.name);

function explain(request: string): string {
  return rank(index, request).scores.slice(0, 3).map((s) => `${s.role} ${s.score.toFixed(2)} [${s.matched.join(' ')}]`).join('; ');
}

describe('the matcher', () => {
  it('brings word forms together and drops words that name no kind of work', () => {
    expect(new Set(['migrate', 'migrates', 'migrating', 'migration'].map(stem)).size).toBe(1);
    expect(stem('stories')).toBe(stem('story'));
    expect(stem('ADRs'.toLowerCase())).toBe('adr');
    expect(terms('Please add a new test for the API')).toEqual(['test', 'api']);
  });

  it('keeps its synonym list short and free of role names', () => {
    expect(Object.keys(SYNONYMS).length).toBeLessThanOrEqual(15);
    const roleWords = new Set(roleNames.flatMap((n) => n.split('-')));
    for (const expansion of Object.values(SYNONYMS)) for (const w of expansion.split(/\W+/)) expect(roleWords.has(w), expansion).toBe(false);
  });
});

describe('delegation by description and owns', () => {
  it('has enough typical requests, and every role owns some of them', () => {
    expect(requests.length).toBeGreaterThanOrEqual(45);
    expect(requests.filter((r) => !roleNames.includes(r.owner))).toEqual([]);
    for (const role of roleNames) expect(requests.filter((r) => r.owner === role).length, role).toBeGreaterThanOrEqual(3);
  });

  it.each(requests.map((r) => [r.request, r.owner]))('"%s" goes to %s alone', (request, owner) => {
    expect(rank(index, request).owner, explain(request)).toBe(owner);
  });

  const handOffs = Object.entries(registry.roles).flatMap(([from, r]) => (r.hands_off ?? []).map((h) => [from, h.work, h.to] as const));

  it.each(handOffs)('%s hands off "%s", and that work goes to %s', (_from, work, to) => {
    expect(rank(index, work).owner, explain(work)).toBe(to);
  });
});
