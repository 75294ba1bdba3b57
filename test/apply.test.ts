import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEntries, recoverInterrupted } from '../src/core/apply/apply.js';
import { checkTargets } from '../src/core/apply/safe-path.js';
import { faultyFs, realFs, type ApplyFs } from '../src/core/apply/fs.js';
import { JOURNAL_FILE, readLocalState, STATE_FILE } from '../src/core/apply/local-state.js';
import { AgentTeamError } from '../src/core/errors.js';
import type { PlanEntry } from '../src/core/plan/plan.js';
import { snapshot, tempDir } from './helpers/cli.js';

// apply, in this process: the file system is a parameter, so every step can be made to fail.

const buf = (s: string) => Buffer.from(s, 'utf8');
const A = '.claude/agents/a.md';
const B = '.claude/agents/b.md';
const OLD = '.claude/agents/old.md';

function project(): string {
  const dir = tempDir();
  mkdirSync(join(dir, '.claude/agents'), { recursive: true });
  writeFileSync(join(dir, B), 'b v1\n');
  writeFileSync(join(dir, OLD), 'old\n');
  return dir;
}

const entries = (): PlanEntry[] => [
  { path: A, kind: 'managed', action: 'create', agents: ['a'], content: buf('a v1\n') },
  { path: B, kind: 'managed', action: 'update', agents: ['b'], content: buf('b v2\n') },
  { path: OLD, kind: 'managed', action: 'delete', agents: ['old'] },
];
const lockfile = { path: '.claude/agent-team.lock', content: buf('{"lock":true}\n') };
const ownership = { [A]: 'a'.repeat(64), [B]: 'b'.repeat(64), [OLD]: null };

/** Counts the mutating calls one apply makes, so a fault can be put at each of them. */
function steps(): number {
  let n = 0;
  const counting: ApplyFs = Object.fromEntries(Object.entries(realFs).map(([k, f]) => [k, (...a: unknown[]) => ((n += 1), (f as (...x: unknown[]) => unknown)(...a))])) as unknown as ApplyFs;
  applyEntries(project(), entries(), { last: lockfile, ownership, fs: counting });
  return n;
}

/** The staging files and journal a failure could leave behind. */
function leftovers(dir: string): string[] {
  return Object.keys(snapshot(dir)).filter((p) => p.includes('agent-team-tmp') || p.endsWith('.tmp') || p === JOURNAL_FILE);
}

describe('applyEntries', () => {
  it('writes, deletes, writes the lockfile last and records what it wrote', () => {
    const dir = project();
    const result = applyEntries(dir, entries(), { last: lockfile, ownership, fs: realFs });
    expect(result).toEqual({ written: [A, B], deleted: [OLD], backups: [] });
    expect(readFileSync(join(dir, A), 'utf8')).toBe('a v1\n');
    expect(readFileSync(join(dir, B), 'utf8')).toBe('b v2\n');
    expect(existsSync(join(dir, OLD))).toBe(false);
    expect(readFileSync(join(dir, lockfile.path), 'utf8')).toBe('{"lock":true}\n');
    expect(readLocalState(dir).files).toEqual({ [A]: 'a'.repeat(64), [B]: 'b'.repeat(64) });
    expect(leftovers(dir)).toEqual([]);
  });

  it('keeps a backup of a file it replaces when asked to', () => {
    const dir = project();
    const withBackup = entries().map((e) => (e.path === B ? { ...e, backup: true } : e));
    expect(applyEntries(dir, withBackup, { fs: realFs }).backups).toEqual([`${B}.bak`]);
    expect(readFileSync(join(dir, `${B}.bak`), 'utf8')).toBe('b v1\n');
  });

  it('a failure at any step while staging changes nothing and leaves nothing behind', () => {
    const total = steps();
    expect(total).toBeGreaterThan(6);
    let staging = 0;
    for (let step = 1; step <= total; step += 1) {
      const dir = project();
      const before = snapshot(dir);
      let error: unknown;
      try {
        applyEntries(dir, entries(), { last: lockfile, ownership, fs: faultyFs(step, 'EIO') });
      } catch (err) {
        error = err;
      }
      expect(error, `step ${step}`).toBeInstanceOf(AgentTeamError);
      if ((error as AgentTeamError).code === 'apply-interrupted') continue;
      staging += 1;
      expect((error as AgentTeamError).code, `step ${step}`).toBe('write-failed');
      const after = snapshot(dir);
      // Only agent-team's own record may have appeared (its folder and .gitignore); the project is as it was.
      expect(Object.fromEntries(Object.entries(after).filter(([p]) => !p.startsWith('.claude/.agent-team'))), `step ${step}`).toEqual(before);
      expect(leftovers(dir), `step ${step}`).toEqual([]);
    }
    expect(staging).toBeGreaterThan(2);
  });

  it('a failure after the first rename says the project is partly updated, and records what reached its place', () => {
    const total = steps();
    let interrupted = 0;
    for (let step = 1; step <= total; step += 1) {
      const dir = project();
      try {
        applyEntries(dir, entries(), { last: lockfile, ownership, fs: faultyFs(step, 'EIO') });
      } catch (err) {
        if ((err as AgentTeamError).code !== 'apply-interrupted') continue;
        interrupted += 1;
        expect((err as AgentTeamError).message).toMatch(/partly updated/);
        expect(leftovers(dir), `step ${step}`).toEqual([]);
        const state = readLocalState(dir).files;
        // A file in its place is recorded as agent-team's; one not yet renamed is not.
        if (readFileSync(join(dir, B), 'utf8') === 'b v2\n') expect(state[B]).toBe('b'.repeat(64));
        else expect(state[B]).toBeUndefined();
        if (existsSync(join(dir, A))) expect(state[A]).toBe('a'.repeat(64));
      }
    }
    expect(interrupted).toBeGreaterThan(1);
  });

  it('the next command finishes what a killed apply left: staging files go, renamed files are recorded', () => {
    const dir = project();
    const tmp = join(dir, `${A}.1.abc.agent-team-tmp`);
    writeFileSync(tmp, 'a v1\n');
    writeFileSync(join(dir, B), 'b v2\n'); // renamed before the kill
    mkdirSync(join(dir, '.claude/.agent-team'), { recursive: true });
    writeFileSync(
      join(dir, JOURNAL_FILE),
      JSON.stringify({
        pid: 999999,
        phase: 'commit',
        writes: [
          { path: A, tmp, sha: 'a'.repeat(64) },
          { path: B, tmp: join(dir, `${B}.1.abc.agent-team-tmp`), sha: 'b'.repeat(64) },
          // A journal never makes agent-team touch a file that is not a staging file inside the project.
          { path: 'x', tmp: join(dir, 'CLAUDE.md'), sha: null },
          { path: 'y', tmp: '/etc/passwd.agent-team-tmp', sha: null },
        ],
        deletes: [],
        backups: [],
      }),
    );
    writeFileSync(join(dir, 'CLAUDE.md'), 'mine\n');
    expect(recoverInterrupted(dir, realFs)).toBe(true);
    expect(existsSync(tmp)).toBe(false);
    expect(existsSync(join(dir, JOURNAL_FILE))).toBe(false);
    expect(readFileSync(join(dir, 'CLAUDE.md'), 'utf8')).toBe('mine\n');
    expect(JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')).files).toEqual({ [B]: 'b'.repeat(64) });
    expect(recoverInterrupted(dir, realFs)).toBe(false);
  });

  it('refuses to write through a link that leaves the project', () => {
    const dir = project();
    const outside = tempDir();
    writeFileSync(join(outside, 'victim.md'), 'keep me\n');
    symlinkSync(join(outside, 'victim.md'), join(dir, '.claude/agents/c.md'));
    expect(() => applyEntries(dir, [{ path: '.claude/agents/c.md', kind: 'managed', action: 'update', agents: [], content: buf('x') }], { fs: realFs })).toThrow(/outside the project/);
    expect(readFileSync(join(outside, 'victim.md'), 'utf8')).toBe('keep me\n');
  });
});

describe('checkTargets', () => {
  it('returns the paths it found missing, themselves or below a missing folder, and still refuses a link out', () => {
    const dir = project();
    const paths = [B, A, '.claude/skills/new/SKILL.md', '.claude/skills/new/references/more.md', '.claude/agents/b.md/under'];
    expect(() => checkTargets(dir, paths)).toThrow(/b\.md is a file, but agent-team needs a folder there/);
    expect([...checkTargets(dir, paths.slice(0, 4))].sort()).toEqual([A, '.claude/skills/new/SKILL.md', '.claude/skills/new/references/more.md'].sort());
    symlinkSync(tempDir(), join(dir, '.claude/skills'));
    expect(() => checkTargets(dir, ['.claude/skills/new/SKILL.md'])).toThrow(/symlink to .* outside the project/);
  });
});

describe('checkTargets over a big folder', () => {
  /** What one look at each path says, the way a small plan asks. */
  const oneByOne = (dir: string, paths: string[]) => new Set(paths.flatMap((p) => [...checkTargets(dir, [p])]));

  it('a folder asked about many entries is listed once, and answers as a look at each entry would', () => {
    const dir = project();
    const skills = join(dir, '.claude/skills');
    mkdirSync(skills, { recursive: true });
    for (let i = 0; i < 40; i += 3) {
      mkdirSync(join(skills, `s${i}`));
      writeFileSync(join(skills, `s${i}`, 'SKILL.md'), 'x\n');
    }
    writeFileSync(join(skills, 's7'), 'a file where a folder goes\n');
    mkdirSync(join(skills, 'Upper'));
    writeFileSync(join(skills, 'Upper', 'SKILL.md'), 'x\n');
    symlinkSync(join(skills, 's0'), join(skills, 'inside'));
    const paths = [...Array.from({ length: 40 }, (_, i) => `.claude/skills/s${i}/SKILL.md`).filter((p) => !p.includes('/s7/')), '.claude/skills/upper/SKILL.md', '.claude/skills/Upper/SKILL.md', '.claude/skills/inside/SKILL.md', '.claude/skills/ü/SKILL.md'];
    const missing = checkTargets(dir, paths);
    expect(missing).toEqual(oneByOne(dir, paths));
    expect(missing.has('.claude/skills/s0/SKILL.md')).toBe(false);
    expect(missing.has('.claude/skills/s1/SKILL.md')).toBe(true);
    expect(missing.has('.claude/skills/inside/SKILL.md')).toBe(false);
    expect(missing.has('.claude/skills/Upper/SKILL.md')).toBe(false);
    // A file where a folder is needed, and a link out, are still refused after the folder is listed.
    expect(() => checkTargets(dir, [...paths, '.claude/skills/s7/SKILL.md'])).toThrow(/s7 is a file, but agent-team needs a folder there/);
    symlinkSync(tempDir(), join(skills, 'out'));
    expect(() => checkTargets(dir, [...paths, '.claude/skills/out/SKILL.md'])).toThrow(/symlink to .* outside the project/);
  });
});
