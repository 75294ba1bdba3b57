import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../src/core/hash.js';
import { COMMON_RULES_FILE, LESSONS_FILE, memoryFile } from '../src/core/paths.js';
import { read, run, tempDir } from './helpers/cli.js';
import { writeLibrary } from './helpers/library.js';

/**
 * The upgrade proof: a library v1 → v2 (a rule line changed, a skill added, a skill removed, a
 * convention rewritten, a value renamed) against a project whose generated files the user edited.
 * For every kind of file agent-team writes — agent, skill file, common rules, the CLAUDE.md team
 * section, and the seed files — an edit away from what v2 changes is merged (both changes
 * survive), an edit of the same line is a reported conflict with nothing lost, and a skill v2
 * drops goes only if nobody edited it.
 */
const RULES_V1 = ['## How you work', '', '- Build components from the design system.', '- Keep bundles small.', '- Test what users see.', ''].join('\n');
const RULES_V2 = RULES_V1.replace('- Keep bundles small.', '- Keep each route under 200 kB of JavaScript.');
const REACT_V1 = ['Use function components and hooks.', '', 'Lift state only as far as it must go.', ''].join('\n');
const REACT_V2 = ['Prefer server components; mark client components with "use client".', '', 'Keep effects for synchronising with systems outside React.', ''].join('\n');
const COMMON_V1 = ['## Team rules', '', '- Say which role owns a task before starting it.', '- Write lessons down.', '- Leave the code better than you found it.', ''].join('\n');
const COMMON_V2 = COMMON_V1.replace('- Write lessons down.', '- Write each lesson down the day it is learned.');
const REVIEW_V1 = ['---', 'name: review', 'description: "Reviews changes. Use before merging."', '---', '# Review', '', 'Read the diff first.', '', 'Check the tests.', '', 'Write down what you found.', ''].join('\n');
const REVIEW_V2 = REVIEW_V1.replace('Check the tests.', 'Check the tests, and run them.');

function library(version: 1 | 2): string {
  const dir = tempDir(`agent-team-lib-v${version}-`);
  const v1Skills = { review: { category: 'core' }, git: { category: 'core' }, legacy: { category: 'core' }, 'old-notes': { category: 'core' }, components: { category: 'frontend' } };
  const v2Skills = { review: { category: 'core' }, git: { category: 'core' }, components: { category: 'frontend' }, testing: { category: 'core' } };
  const skills = version === 1 ? v1Skills : v2Skills;
  writeLibrary(
    dir,
    {
      version: 1,
      tool_profiles: { engineering: ['Read', 'Write', 'Edit', 'Bash', 'Grep', 'Glob'] },
      categories: { core: { title: 'Core' }, frontend: { title: 'Frontend' } },
      skills,
      roles: {
        fe: {
          title: 'Frontend Developer',
          description: version === 1 ? 'Builds the web client. Use for UI work.' : 'Builds the web client and its design system. Use for UI work.',
          tools: 'engineering',
          color: 'blue',
          rules: 'rules/roles/fe.md',
          skills: { include: Object.keys(skills) },
          variants: { framework: { title: 'Framework', values: { react: { title: version === 1 ? 'React' : 'React.js', conventions: 'conventions/react.md' } } } },
        },
      },
    },
    { review: version === 1 ? REVIEW_V1 : REVIEW_V2 },
  );
  writeFileSync(join(dir, 'rules/roles/fe.md'), version === 1 ? RULES_V1 : RULES_V2);
  writeFileSync(join(dir, 'conventions/react.md'), version === 1 ? REACT_V1 : REACT_V2);
  writeFileSync(join(dir, 'rules/common.md'), version === 1 ? COMMON_V1 : COMMON_V2);
  return dir;
}

const V1 = library(1);
const V2 = library(2);
const AGENT = '.claude/agents/web.md';
const SKILL = '.claude/skills/review/SKILL.md';
const MEMORY = memoryFile('web');

function project(lib = V1): { dir: string; cli: (lib: string, ...args: string[]) => ReturnType<typeof run> } {
  const dir = tempDir('agent-team-upgrade-');
  const cli = (library: string, ...args: string[]) => run(args, { cwd: dir, library });
  writeFileSync(join(dir, 'CLAUDE.md'), '# Project\n\nOur own notes, above the team section.\n');
  expect(cli(lib, 'init', '--yes').code).toBe(0);
  expect(cli(lib, 'add', 'web', 'fe', '--framework', 'react').code).toBe(0);
  return { dir, cli };
}

const edit = (dir: string, path: string, change: (text: string) => string) => {
  const before = read(dir, path);
  const after = change(before);
  expect(after, `the edit of ${path} changes it`).not.toBe(before);
  writeFileSync(join(dir, path), after);
  return after;
};

/** Each kind of file: an edit away from what v2 changes, and one on the very line v2 changes. */
interface Kind {
  kind: string;
  path: string;
  apart: (text: string) => string;
  /** The user's words the `apart` edit brings, which must survive the upgrade. */
  mine: string;
  /** What must be in the file after the upgrade when only the user's edit was apart. */
  fromV2: string;
  /** An edit of the line v2 changes, and the user's words it brings. */
  same: { edit: (text: string) => string; mine: string };
}

const KINDS: Kind[] = [
  {
    kind: 'agent file',
    path: AGENT,
    apart: (t) => `${t}\n## Our notes\n\n- The design system lives in packages/ui.\n`,
    mine: '- The design system lives in packages/ui.',
    fromV2: '- Keep each route under 200 kB of JavaScript.',
    same: { edit: (t) => t.replace('- Keep bundles small.', '- Keep bundles under 150 kB.'), mine: '- Keep bundles under 150 kB.' },
  },
  {
    kind: 'skill file',
    path: SKILL,
    apart: (t) => t.replace('Read the diff first.', 'Read the diff first, then the linked issue.'),
    mine: 'Read the diff first, then the linked issue.',
    fromV2: 'Check the tests, and run them.',
    same: { edit: (t) => t.replace('Check the tests.', 'Check the tests and the coverage.'), mine: 'Check the tests and the coverage.' },
  },
  {
    kind: 'common rules',
    path: COMMON_RULES_FILE,
    apart: (t) => t.replace('- Leave the code better than you found it.', '- Leave the code better than you found it.\n- Ask before adding a dependency.'),
    mine: '- Ask before adding a dependency.',
    fromV2: '- Write each lesson down the day it is learned.',
    same: { edit: (t) => t.replace('- Write lessons down.', '- Write lessons down in English.'), mine: '- Write lessons down in English.' },
  },
  {
    kind: 'CLAUDE.md team section',
    path: 'CLAUDE.md',
    apart: (t) => t.replace('## Agent team\n', '## Agent team\n\nAsk web first for anything in apps/web.\n'),
    mine: 'Ask web first for anything in apps/web.',
    // The table says when to use an agent; its full description is in Claude Code's agent listing.
    fromV2: '| `web` | Frontend Developer | React.js | the whole project | Use for UI work. |',
    same: {
      edit: (t) => t.replace('| `web` | Frontend Developer | React | the whole project | Use for UI work. |', '| `web` | Frontend Developer | React | the whole project | Ask it first. |'),
      mine: '| `web` | Frontend Developer | React | the whole project | Ask it first. |',
    },
  },
];

describe('upgrading the library: edits away from the change merge', () => {
  const p = project();
  const edited = Object.fromEntries(KINDS.map((k) => [k.path, edit(p.dir, k.path, k.apart)]));
  const memory = edit(p.dir, MEMORY, (t) => `${t}\n- [Generated API client](api-client.md) — never edit src/api by hand\n`);
  const lessons = edit(p.dir, LESSONS_FILE, (t) => `${t}\n- 2026-01-06: run the e2e tests against a fresh database.\n`);
  edit(p.dir, '.claude/skills/old-notes/SKILL.md', (t) => `${t}\nOur own addition.\n`);
  const outside = read(p.dir, 'CLAUDE.md').split('<!-- agent-team:begin')[0]!;
  const r = p.cli(V2, 'sync');

  it('syncs with exit 0 and reports each merge', () => {
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const k of KINDS) expect(r.stdout, k.kind).toMatch(new RegExp(`${k.path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*merged into your edits`));
  });

  it.each(KINDS.map((k) => [k.kind, k] as const))('%s: keeps the user\'s edit and brings in v2', (_kind, k) => {
    const text = read(p.dir, k.path);
    expect(edited[k.path]).toContain(k.mine);
    expect(text).toContain(k.mine);
    expect(text).toContain(k.fromV2);
    expect(text).not.toContain('<<<<<<<');
    expect(existsSync(join(p.dir, `${k.path}.agent-team-new`))).toBe(false);
  });

  it('rewrote the conventions and the stack title in the agent file, and left the text outside the team section alone', () => {
    expect(read(p.dir, AGENT)).toContain(REACT_V2.split('\n')[0]);
    expect(read(p.dir, AGENT)).not.toContain(REACT_V1.split('\n')[0]);
    expect(read(p.dir, AGENT)).toContain('### React.js');
    expect(read(p.dir, 'CLAUDE.md').startsWith(outside)).toBe(true);
  });

  it('never rewrites the seed files (memory index and lessons)', () => {
    expect(read(p.dir, MEMORY)).toBe(memory);
    expect(read(p.dir, LESSONS_FILE)).toBe(lessons);
    expect(r.stdout).not.toContain(MEMORY);
  });

  it('adds the new skill, deletes the dropped skill nobody edited, keeps the dropped skill the user edited', () => {
    expect(existsSync(join(p.dir, '.claude/skills/testing/SKILL.md'))).toBe(true);
    expect(existsSync(join(p.dir, '.claude/skills/legacy'))).toBe(false);
    expect(read(p.dir, '.claude/skills/old-notes/SKILL.md')).toContain('Our own addition.');
    expect(r.stdout).toMatch(/\.claude\/skills\/old-notes\/SKILL\.md: no longer needed, but edited since agent-team wrote it, so it stays as your file/);
  });

  it('is then in sync, and a second sync changes nothing', () => {
    const check = p.cli(V2, 'sync', '--check');
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});

describe('upgrading the library: an edit of the very line v2 changes is a conflict, and nothing is lost', () => {
  const fresh = project(V2);
  it.each(KINDS.map((k) => [k.kind, k] as const))('%s', (_kind, k) => {
    const p = project();
    const mine = edit(p.dir, k.path, k.same.edit);
    const r = p.cli(V2, 'sync');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`Your edits clash with the new version in ${k.path}`);
    // The user's file is exactly as they left it.
    expect(read(p.dir, k.path)).toBe(mine);
    // The new version waits beside it, as a fresh v2 install writes it.
    expect(read(p.dir, `${k.path}.agent-team-new`)).toBe(read(fresh.dir, k.path));
    // The diff shows both sides; with --markers both are in the file, marked.
    const diff = p.cli(V2, 'diff');
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain(k.fromV2);
    const marked = p.cli(V2, 'sync', '--markers');
    expect(marked.code, marked.stderr).toBe(0);
    const text = read(p.dir, k.path);
    expect(text).toContain('<<<<<<< yours');
    expect(text).toContain('>>>>>>> agent-team now');
    expect(text).toContain(k.fromV2);
    expect(text).toContain(k.same.mine);
  });
});

describe('upgrading a fresh clone: the merge base comes from git', () => {
  it('merges the user\'s edit of an agent file with v2 without the local record', () => {
    const p = project();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: p.dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'team');
    rmSync(join(p.dir, '.claude/.agent-team'), { recursive: true, force: true });
    edit(p.dir, AGENT, KINDS[0]!.apart);
    const r = p.cli(V2, 'sync');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\.claude\/agents\/web\.md.*merged into your edits/);
    const text = read(p.dir, AGENT);
    expect(text).toContain(KINDS[0]!.mine);
    expect(text).toContain(KINDS[0]!.fromV2);
    expect(readFileSync(join(p.dir, AGENT), 'utf8')).not.toContain('<<<<<<<');
  });
});

describe('the git id the lockfile records for the merge base', () => {
  it('is that of the file written, also when the render is remembered from an earlier run', () => {
    const p = project();
    const gitId = () => execFileSync('git', ['hash-object', AGENT], { cwd: p.dir, encoding: 'utf8' }).trim();
    const locked = () => (JSON.parse(read(p.dir, '.claude/agent-team.lock')) as { files: Record<string, { git?: string }> }).files[AGENT]?.git;
    expect(locked()).toBe(gitId());
    // The same agent again: its render (hash and git id) comes from the cache, and is written without being recomputed.
    rmSync(join(p.dir, AGENT));
    const r = p.cli(V1, 'sync');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(existsSync(join(p.dir, AGENT))).toBe(true);
    expect(locked()).toBe(gitId());
  });
});

describe('a project from before MEMORY.md: its knowledge.md', () => {
  it('is kept byte for byte on sync, stays recorded, and the new MEMORY.md (which Claude Code loads) points to it', () => {
    const p = project();
    // What an earlier agent-team left: a knowledge.md it seeded and the agent wrote in, no MEMORY.md.
    const KNOWLEDGE = '.claude/agent-memory/web/knowledge.md';
    const notes = '# What web knows about this project\n\n- 2026-01-05: the API client is generated; never edit src/api by hand.\n';
    rmSync(join(p.dir, MEMORY));
    writeFileSync(join(p.dir, KNOWLEDGE), notes);
    const lockPath = join(p.dir, '.claude/agent-team.lock');
    const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
    delete lock.files[MEMORY];
    lock.files[KNOWLEDGE] = { sha256: sha256(notes), kind: 'seed', agents: ['web'] };
    writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);

    const r = p.cli(V1, 'sync');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(read(p.dir, KNOWLEDGE)).toBe(notes);
    expect(read(p.dir, MEMORY)).toContain('- [Earlier notes](knowledge.md) — what web wrote before this index');
    const after = JSON.parse(readFileSync(lockPath, 'utf8')).files;
    expect(after[KNOWLEDGE]).toEqual({ sha256: sha256(notes), kind: 'seed', agents: ['web'] });
    expect(after[MEMORY]).toMatchObject({ kind: 'seed', agents: ['web'] });
    // A second sync changes nothing, the knowledge file included.
    const again = p.cli(V1, 'sync');
    expect(again.stdout).toContain('Already in sync');
    expect(read(p.dir, KNOWLEDGE)).toBe(notes);
  });
});
