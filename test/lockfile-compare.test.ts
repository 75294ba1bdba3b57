// Whether a plan's lockfile records what the project's does: compared entry by entry, so it must
// agree with comparing the canonical (sorted) forms in every way that matters.
import { describe, expect, it } from 'vitest';
import { sameLockedFiles, serializeLock } from '../src/core/apply/lockfile.js';
import type { LockData } from '../src/core/apply/lock-schema.js';
import { fileGroup } from '../src/core/paths.js';
import { sameNames, sortedNames } from '../src/core/team/name-lists.js';

const h = (c: string) => c.repeat(64);
const base = (): LockData => ({
  lockfileVersion: 4,
  generator: 'agent-team 0.1.0',
  catalog: 'x',
  files: {
    '.claude/agents/a.md': { sha256: h('a'), kind: 'managed', agents: ['a'] },
    '.claude/skills/s/SKILL.md': { sha256: h('b'), kind: 'managed', agents: ['a', 'b', 'c'], git: 'c'.repeat(40) },
  },
  settings: { '.claude/settings.json': { created: true, keys: { '["env","A"]': h('d'), '["permissions","allow"]': [h('e'), h('f')] }, containers: ['["env"]', '["permissions"]'] } },
});

describe('sameLockedFiles', () => {
  it('the same files, owners and settings in another order are the same', () => {
    const b = base();
    b.files['.claude/skills/s/SKILL.md']!.agents = ['c', 'a', 'b'];
    b.files = Object.fromEntries(Object.entries(b.files).reverse());
    b.settings!['.claude/settings.json']!.containers = ['["permissions"]', '["env"]'];
    expect(sameLockedFiles(base(), b)).toBe(true);
    // The serialised lockfile is canonical, whatever order the data came in.
    expect(serializeLock(b)).toBe(serializeLock(base()));
  });

  it('any difference in a file, an owner or a settings key is a difference', () => {
    const changes: Array<(l: LockData) => void> = [
      (l) => (l.files['.claude/agents/a.md']!.sha256 = h('9')),
      (l) => (l.files['.claude/agents/a.md']!.kind = 'seed'),
      (l) => (l.files['.claude/agents/a.md']!.agents = ['b']),
      (l) => (l.files['.claude/skills/s/SKILL.md']!.agents = ['a', 'b']),
      (l) => (l.files['.claude/skills/s/SKILL.md']!.agents = ['a', 'a', 'c']),
      (l) => delete l.files['.claude/agents/a.md'],
      (l) => (l.files['.claude/agents/z.md'] = { sha256: h('a'), kind: 'managed', agents: ['a'] }),
      (l) => (l.settings!['.claude/settings.json']!.created = false),
      (l) => (l.settings!['.claude/settings.json']!.keys['["env","A"]'] = h('0')),
      (l) => (l.settings!['.claude/settings.json']!.keys['["permissions","allow"]'] = [h('f'), h('e')]),
      (l) => (l.settings!['.claude/settings.json']!.keys['["env","A"]'] = [h('d')]),
      (l) => (l.settings!['.claude/settings.json']!.containers = ['["env"]']),
      (l) => delete l.settings,
      (l) => (l.settings!['.claude/settings.local.json'] = { keys: {} }),
    ];
    for (const [i, change] of changes.entries()) {
      const b = base();
      change(b);
      expect(sameLockedFiles(base(), b), `change ${i}`).toBe(false);
      expect(sameLockedFiles(b, base()), `change ${i}, the other way`).toBe(false);
    }
    expect(sameLockedFiles(undefined, base())).toBe(false);
  });

  it('a path named like an inherited property is looked up on own keys only', () => {
    const a = base();
    const b = base();
    b.files = { ...b.files };
    delete b.files['.claude/agents/a.md'];
    const inherited: string = 'constructor';
    b.files[inherited] = { sha256: h('a'), kind: 'managed', agents: ['a'] };
    expect(sameLockedFiles(a, b)).toBe(false);
  });
});

describe('fileGroup', () => {
  it('names the skill folder a file is in, and nothing else', () => {
    expect(fileGroup('.claude/skills/api-design/SKILL.md')).toBe('skill:api-design');
    expect(fileGroup('.claude/skills/api-design/references/a.md')).toBe('skill:api-design');
    for (const path of ['.claude/skills/SKILL.md', '.claude/skills//x', '.claude/agents/a.md', 'x/.claude/skills/a/b', '.claude/skills/']) expect(fileGroup(path), path).toBeUndefined();
  });
});

describe('name lists', () => {
  it('a sorted list is kept as it is; any other is sorted into a copy, the original untouched', () => {
    const sorted = ['a', 'b', 'c'];
    expect(sortedNames(sorted)).toBe(sorted);
    const unsorted = ['c', 'a', 'b'];
    expect(sortedNames(unsorted)).toEqual(['a', 'b', 'c']);
    expect(unsorted).toEqual(['c', 'a', 'b']);
    expect(sortedNames(['a', 'a'])).toEqual(['a', 'a']);
  });

  it('compares names in any order, each as often', () => {
    expect(sameNames(['b', 'a'], ['a', 'b'])).toBe(true);
    expect(sameNames(['a', 'b'], ['a', 'a'])).toBe(false);
    expect(sameNames(['a'], ['b'])).toBe(false);
    expect(sameNames([], [])).toBe(true);
  });
});
