import { describe, expect, it } from 'vitest';
import { BLOCK_BEGIN, BLOCK_END, findBlock, removeBlock, spliceBlock } from '../src/core/claude/claude-md.js';
import { AgentTeamError } from '../src/core/errors.js';
import { contentHash } from '../src/core/hash.js';
import { planChanges, UPSTREAM_SUFFIX, type PlanContext, type PlanEntry } from '../src/core/plan/plan.js';
import type { DesiredFile } from '../src/core/render/project.js';
import type { LockData } from '../src/core/apply/lock-schema.js';

const buf = (s: string) => Buffer.from(s, 'utf8');
const options = { force: false, generator: 'agent-team@test', catalogDigest: 'sha256-x' };

function desired(path: string, kind: DesiredFile['kind'], content: string, agents: string[]): DesiredFile {
  const bytes = buf(content);
  return { path, kind, hash: contentHash(bytes), read: () => bytes, agents };
}

function managed(path: string, content: string, agents = ['a']): DesiredFile {
  return desired(path, 'managed', content, agents);
}

function lockOf(files: Record<string, [string, LockData['files'][string]['kind'], string[]?]>): LockData {
  return {
    lockfileVersion: 1,
    generator: 'agent-team@test',
    catalog: 'sha256-x',
    files: Object.fromEntries(Object.entries(files).map(([p, [content, kind, agents]]) => [p, { sha256: contentHash(buf(content)), kind, agents: agents ?? ['a'] }])),
  };
}

function plan(desired: DesiredFile[], disk: Record<string, string>, lock?: LockData, force = false, more: Partial<PlanContext> = {}) {
  return planChanges(desired, { ...options, disk: (p: string) => (p in disk ? buf(disk[p]!) : undefined), lock, written: {}, ...more, force });
}

/** The local record of a machine that wrote these contents. */
const wrote = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, c]) => [p, contentHash(buf(c))]));

const actionOf = (entries: PlanEntry[], path: string) => {
  const e = entries.find((x) => x.path === path)!;
  return e.reason ? `${e.action}:${e.reason}` : e.action;
};

describe('planChanges', () => {
  const A = '.claude/agents/a.md';

  it('creates missing files and records them', () => {
    const p = plan([managed(A, 'v1')], {});
    expect(actionOf(p.entries, A)).toBe('create');
    expect(p.lock.files[A]).toMatchObject({ sha256: contentHash(buf('v1')), kind: 'managed', agents: ['a'] });
  });

  it('leaves identical files alone and updates files still as we wrote them', () => {
    expect(actionOf(plan([managed(A, 'v1')], { [A]: 'v1' }, lockOf({ [A]: ['v1', 'managed'] })).entries, A)).toBe('unchanged');
    const p = plan([managed(A, 'v2')], { [A]: 'v1' }, lockOf({ [A]: ['v1', 'managed'] }));
    expect(actionOf(p.entries, A)).toBe('update');
    expect(p.lock.files[A]!.sha256).toBe(contentHash(buf('v2')));
  });

  it('keeps an edited file when there is no earlier version to merge with, and keeps its old lock entry', () => {
    const lock = lockOf({ [A]: ['v1', 'managed'] });
    const p = plan([managed(A, 'v2')], { [A]: 'v1 + my edit' }, lock);
    expect(actionOf(p.entries, A)).toBe('conflict:edited');
    expect(p.entries[0]!.content).toBeUndefined();
    expect(p.lock.files[A]!.sha256).toBe(lock.files[A]!.sha256);
  });

  it('replaces an edited file only with force, asking for a backup', () => {
    const p = plan([managed(A, 'v2')], { [A]: 'v1 + my edit' }, lockOf({ [A]: ['v1', 'managed'] }), true);
    expect(p.entries[0]).toMatchObject({ action: 'update', backup: true });
  });

  it('never replaces a file it did not write, not even with force', () => {
    for (const force of [false, true]) {
      const p = plan([managed(A, 'ours')], { [A]: 'theirs' }, undefined, force);
      expect(actionOf(p.entries, A)).toBe('conflict:foreign');
      expect(p.lock.files[A]).toBeUndefined();
    }
  });

  it('adopts an identical file only when this machine wrote it (e.g. after the lockfile was lost)', () => {
    const p = plan([managed(A, 'same')], { [A]: 'same' }, undefined, false, { written: wrote({ [A]: 'same' }) });
    expect(actionOf(p.entries, A)).toBe('unchanged');
    expect(p.lock.files[A]).toBeDefined();
  });

  it('a file found identical to what agent-team would write is the user\'s: recorded nowhere, so never deleted', () => {
    const p = plan([managed(A, 'same')], { [A]: 'same' });
    expect(actionOf(p.entries, A)).toBe('keep:user-file');
    expect(p.lock.files[A]).toBeUndefined();
  });

  it('merges the user\'s edit with the new version when the earlier version is known', () => {
    const v1 = 'rule one\nrule two\nrule three\n';
    const v2 = 'rule one\nrule two, revised\nrule three\n';
    const mine = 'rule one\nrule two\nrule three\nmy own rule\n';
    const base = (sha: string) => (sha === contentHash(buf(v1)) ? buf(v1) : undefined);
    const p = plan([managed(A, v2)], { [A]: mine }, lockOf({ [A]: [v1, 'managed'] }), false, { base, written: wrote({ [A]: v1 }) });
    expect(actionOf(p.entries, A)).toBe('update:merged');
    expect(p.entries[0]!.content!.toString()).toBe('rule one\nrule two, revised\nrule three\nmy own rule\n');
    // The next merge starts from the new version.
    expect(p.lock.files[A]!.sha256).toBe(contentHash(buf(v2)));
  });

  it('a clash keeps the user\'s file and puts the new version beside it; markers only when asked', () => {
    const v1 = 'a\nb\nc\n';
    const base = (sha: string) => (sha === contentHash(buf(v1)) ? buf(v1) : undefined);
    const args: [DesiredFile[], Record<string, string>, LockData] = [[managed(A, 'a\nB from upstream\nc\n')], { [A]: 'a\nb changed by me\nc\n' }, lockOf({ [A]: [v1, 'managed'] })];
    const p = plan(...args, false, { base });
    expect(actionOf(p.entries, A)).toBe('conflict:merge-conflict');
    expect(p.entries.find((e) => e.path === `${A}${UPSTREAM_SUFFIX}`)).toMatchObject({ action: 'create', content: buf('a\nB from upstream\nc\n') });
    expect(p.lock.files[A]!.sha256).toBe(contentHash(buf(v1)));
    const marked = plan(...args, false, { base, markers: true });
    expect(actionOf(marked.entries, A)).toBe('update:merge-conflict');
    expect(marked.entries[0]!.content!.toString()).toMatch(/<<<<<<< yours\nb changed by me\n[\s\S]*=======\nB from upstream\n>>>>>>> agent-team now/);
  });

  it('an edited file whose new version is the one it was made from stays as the user\'s, with nothing to do', () => {
    const p = plan([managed(A, 'v1')], { [A]: 'v1 + my edit' }, lockOf({ [A]: ['v1', 'managed'] }));
    expect(actionOf(p.entries, A)).toBe('keep:customised');
  });

  it('treats a whole skill folder as foreign when one of its files is not ours', () => {
    const s1 = '.claude/skills/x/SKILL.md';
    const s2 = '.claude/skills/x/references/r.md';
    const p = plan([managed(s1, 'ours'), managed(s2, 'ref')], { [s1]: 'their own skill' });
    expect(actionOf(p.entries, s1)).toBe('conflict:foreign');
    expect(actionOf(p.entries, s2)).toBe('conflict:foreign');
  });

  it('ignores CRLF line endings when comparing, so a Windows checkout is not an edit', () => {
    const p = plan([managed(A, 'line1\nline2\n')], { [A]: 'line1\r\nline2\r\n' }, lockOf({ [A]: ['line1\nline2\n', 'managed'] }));
    expect(actionOf(p.entries, A)).toBe('unchanged');
  });

  it('creates seed files once and never updates them afterwards', () => {
    const K = '.claude/agent-memory/a/knowledge.md';
    const seed: DesiredFile = desired(K, 'seed', 'template v2', ['a']);
    expect(actionOf(plan([seed], {}).entries, K)).toBe('create');
    const p = plan([seed], { [K]: 'what the agent learned' }, lockOf({ [K]: ['template v1', 'seed'] }));
    expect(actionOf(p.entries, K)).toBe('unchanged');
    expect(p.lock.files[K]!.sha256).toBe(contentHash(buf('template v1')));
    // A seed that existed before agent-team (the user's own lessons file) is theirs: not recorded.
    const q = plan([seed], { [K]: 'mine' });
    expect(actionOf(q.entries, K)).toBe('keep:user-file');
    expect(q.lock.files[K]).toBeUndefined();
  });

  it('deletes what nobody needs when this machine wrote it unchanged, and keeps edited files as the user\'s', () => {
    const B = '.claude/agents/b.md';
    const lock = lockOf({ [A]: ['a', 'managed'], [B]: ['b', 'managed'] });
    const p = plan([], { [A]: 'a', [B]: 'b edited' }, lock, false, { written: wrote({ [A]: 'a', [B]: 'b' }) });
    expect(p.entries.find((e) => e.path === A)).toMatchObject({ action: 'delete' });
    expect(p.entries.find((e) => e.path === A)!.backup).toBeFalsy();
    expect(actionOf(p.entries, B)).toBe('keep:edited');
    expect(p.lock.files[A]).toBeUndefined();
    expect(plan([], { [B]: 'b edited' }, lock, true).entries.find((e) => e.path === B)).toMatchObject({ action: 'delete', backup: true });
    // Already gone: nothing to do.
    expect(plan([], {}, lock).entries).toEqual([]);
  });

  it('a lockfile alone proves nothing: a file matching a forged entry stays', () => {
    const lock = lockOf({ [A]: ['my own agent', 'managed'] });
    expect(actionOf(plan([], { [A]: 'my own agent' }, lock).entries, A)).toBe('keep:unproven');
  });

  it('deletes, with a backup, a file that is exactly what agent-team would write for its former owner', () => {
    const lock = lockOf({ [A]: ['rendered', 'managed'] });
    const reconstruct = (path: string) => (path === A ? contentHash(buf('rendered')) : undefined);
    expect(plan([], { [A]: 'rendered' }, lock, false, { reconstruct }).entries[0]).toMatchObject({ action: 'delete', backup: true });
  });

  it('keeps a shared file while another agent still needs it', () => {
    const S = '.claude/skills/shared/SKILL.md';
    const p = plan([managed(S, 'skill', ['b'])], { [S]: 'skill' }, lockOf({ [S]: ['skill', 'managed', ['a', 'b']] }), false, { written: wrote({ [S]: 'skill' }) });
    expect(actionOf(p.entries, S)).toBe('unchanged');
    expect(p.lock.files[S]!.agents).toEqual(['b']);
  });
});

describe('CLAUDE.md block', () => {
  const block = (inner: string): DesiredFile => desired('CLAUDE.md', 'block', inner, []);

  it('appends the block after the user\'s text and changes nothing else', () => {
    const p = plan([block('team v1\n')], { 'CLAUDE.md': '# Mine\n\nKeep this.\n' });
    expect(p.entries[0]!.action).toBe('update');
    expect(p.entries[0]!.content!.toString()).toBe(`# Mine\n\nKeep this.\n\n${BLOCK_BEGIN}\nteam v1\n${BLOCK_END}\n`);
  });

  it('replaces only the inside of the markers', () => {
    const before = `# Mine\n\n${BLOCK_BEGIN}\nteam v1\n${BLOCK_END}\n\nAfter.\n`;
    const p = plan([block('team v2\n')], { 'CLAUDE.md': before }, lockOf({ 'CLAUDE.md': ['team v1\n', 'block'] }));
    expect(p.entries[0]!.content!.toString()).toBe(`# Mine\n\n${BLOCK_BEGIN}\nteam v2\n${BLOCK_END}\n\nAfter.\n`);
  });

  it('treats an edit inside the markers as a conflict', () => {
    const before = `${BLOCK_BEGIN}\nteam v1 + edit\n${BLOCK_END}\n`;
    const p = plan([block('team v2\n')], { 'CLAUDE.md': before }, lockOf({ 'CLAUDE.md': ['team v1\n', 'block'] }));
    expect(actionOf(p.entries, 'CLAUDE.md')).toBe('conflict:edited');
  });

  it('removes the block and deletes the file only when nothing else was in it', () => {
    expect(removeBlock(`# Mine\n\n${BLOCK_BEGIN}\nx\n${BLOCK_END}\n`)).toBe('# Mine\n');
    expect(removeBlock(`${BLOCK_BEGIN}\nx\n${BLOCK_END}\n`)).toBe('');
    expect(spliceBlock(undefined, 'x\n')).toBe(`${BLOCK_BEGIN}\nx\n${BLOCK_END}\n`);
  });

  it('rejects unmatched or repeated markers with the line number', () => {
    const err = (text: string) => {
      try {
        findBlock(text);
      } catch (e) {
        return (e as AgentTeamError).message;
      }
      return 'no error';
    };
    expect(err(`a\nb\n${BLOCK_BEGIN}\n`)).toMatch(/CLAUDE\.md:3: agent-team marker without its partner/);
    expect(err(`${BLOCK_BEGIN}\n${BLOCK_END}\n${BLOCK_BEGIN}\n${BLOCK_END}\n`)).toMatch(/more than one agent-team block/);
  });
});
