import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../src/core/claude/frontmatter.js';
import { contentHash } from '../src/core/hash.js';
import { BLOCK_BEGIN } from '../src/core/claude/claude-md.js';
import { MINI_LIBRARY, read, run, snapshot, tempDir } from './helpers/cli.js';

const lib = { library: MINI_LIBRARY };

function agentFrontmatter(dir: string, name: string) {
  return parseFrontmatter(read(dir, `.claude/agents/${name}.md`)).data;
}

function lock(dir: string) {
  return JSON.parse(read(dir, '.claude/agent-team.lock'));
}

describe('a team built entirely with flags', () => {
  const dir = tempDir();
  const cli = (...args: string[]) => run(args, { cwd: dir, ...lib });

  beforeAll(() => {
    writeFileSync(join(dir, 'CLAUDE.md'), '# Payments\n\nOur own notes stay here.\n');
  });

  it('init writes the team file, common rules, lessons and the CLAUDE.md section', () => {
    const r = cli('init');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Initialised the agent team');
    expect(yaml.parse(read(dir, '.claude/agent-team.yaml'))).toEqual({ version: 1, agents: {} });
    expect(read(dir, '.claude/rules/agent-team.md')).toContain('Work together');
    expect(read(dir, '.claude/rules/lessons.md')).toContain('# Lessons learned');
    const claudeMd = read(dir, 'CLAUDE.md');
    expect(claudeMd.startsWith('# Payments\n\nOur own notes stay here.\n\n')).toBe(true);
    expect(claudeMd).toContain(BLOCK_BEGIN);
    expect(claudeMd).toContain('No agents yet');
  });

  it('add installs the agent with valid frontmatter, its skills flat and listed in its body, and its memory index', () => {
    const r = cli('add', 'payment-fe', 'fe', '--framework', 'react', '--state', 'zustand,redux');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Added payment-fe: Frontend Developer \(React, Zustand, Redux Toolkit\), 6 skills/);
    expect(agentFrontmatter(dir, 'payment-fe')).toEqual({
      name: 'payment-fe',
      description: 'Builds the web client. Use for UI work. Stack: React, Zustand, Redux Toolkit.',
      // Skill is added to a role's list: no skill is preloaded, the agent loads them with it.
      tools: 'Read, Write, Edit, Bash, Grep, Glob, Skill',
      model: 'inherit',
      color: 'blue',
      memory: 'project',
    });
    const body = read(dir, '.claude/agents/payment-fe.md');
    expect(body).toContain('Rules of the fe role.');
    expect(body).toContain('### React\n\n- Use react idiomatically.');
    expect(body).toContain('`.claude/agent-memory/payment-fe/`');
    expect(body).toContain('None is loaded yet: when a task matches one, load it with the Skill tool first');
    for (const skill of ['review', 'git', 'components', 'styling', 'tokens', 'react-hooks']) expect(body).toContain(`\n- \`${skill}\`: `);
    expect(body).not.toContain('Loaded with you in full');
    expect(readdirSync(join(dir, '.claude/skills')).sort()).toEqual(['components', 'git', 'react-hooks', 'review', 'styling', 'tokens']);
    expect(read(dir, '.claude/skills/review/references/checklist.md')).toContain('Checklist');
    expect(statSync(join(dir, '.claude/skills/git/scripts/hooks.sh')).mode & 0o111).not.toBe(0);
    expect(read(dir, '.claude/agent-memory/payment-fe/MEMORY.md')).toContain('# Memory of payment-fe (Frontend Developer)');
    expect(existsSync(join(dir, '.claude/agent-memory/payment-fe/knowledge.md'))).toBe(false);
    // Every skill is listed by name only in the main session, where the listing has a small budget.
    expect(JSON.parse(read(dir, '.claude/settings.json'))).toEqual({ skillOverrides: Object.fromEntries(['components', 'git', 'react-hooks', 'review', 'styling', 'tokens'].map((s) => [s, 'name-only'])) });
    expect(yaml.parse(read(dir, '.claude/agent-team.yaml'))).toEqual({
      version: 1,
      agents: { 'payment-fe': { role: 'fe', variants: { framework: 'react', state: ['zustand', 'redux'] } } },
    });
  });

  it('add twice more; shared skills are written once and owned by both agents', () => {
    expect(cli('add', 'api', 'be').code).toBe(0);
    expect(cli('add', '--name', 'lead', '--role', 'lead').code).toBe(0);
    const files = lock(dir).files;
    expect(files['.claude/skills/review/SKILL.md'].agents).toEqual(['api', 'lead', 'payment-fe']);
    expect(files['.claude/skills/endpoints/SKILL.md'].agents).toEqual(['api', 'lead']);
    expect(files['.claude/agents/lead.md']).toMatchObject({ kind: 'managed', agents: ['lead'] });
    expect(files['CLAUDE.md'].kind).toBe('block');
    // Every recorded hash is the file's real content.
    for (const [path, entry] of Object.entries<any>(files)) {
      if (entry.kind === 'block') continue;
      expect(entry.sha256, path).toBe(contentHash(Buffer.from(read(dir, path))));
    }
    const claudeMd = read(dir, 'CLAUDE.md');
    expect(claudeMd).toMatch(/\| `payment-fe` \| Frontend Developer \| React, Zustand, Redux Toolkit \|/);
    expect(claudeMd).toMatch(/\| `lead` \| Tech Lead \| - \|/);
    expect(claudeMd.startsWith('# Payments\n\nOur own notes stay here.\n')).toBe(true);
  });

  it('list shows role, variants, skill count and the active agent', () => {
    const before = cli('list', '--json').json();
    expect(before.agents.map((a: any) => [a.name, a.role, a.skills.length, a.active])).toEqual([
      ['payment-fe', 'fe', 6, false],
      ['api', 'be', 4, false],
      ['lead', 'lead', 6, false],
    ]);
    expect(cli('switch', 'lead').code).toBe(0);
    const after = cli('list', '--json').json();
    expect(after.active).toBe('lead');
    expect(after.agents.find((a: any) => a.name === 'lead').active).toBe(true);
    expect(cli('list').stdout).toMatch(/\* lead\s+lead\s+6/);
  });

  it('switch merges the agent key into the settings file without losing other keys', () => {
    writeFileSync(join(dir, '.claude/settings.local.json'), '{\n    "permissions": { "allow": ["Bash(npm test)"] },\n    "agent": "lead"\n}\n');
    expect(cli('switch', 'api').code).toBe(0);
    expect(read(dir, '.claude/settings.local.json')).toBe('{\n    "permissions": { "allow": ["Bash(npm test)"] },\n    "agent": "api"\n}\n');
    // The shared file also holds the skill overrides agent-team merged in: the agent key joins them.
    const overrides = JSON.parse(read(dir, '.claude/settings.json')).skillOverrides;
    expect(Object.keys(overrides).length).toBeGreaterThan(0);
    expect(cli('switch', 'payment-fe', '--shared').code).toBe(0);
    expect(JSON.parse(read(dir, '.claude/settings.json'))).toEqual({ skillOverrides: overrides, agent: 'payment-fe' });
    expect(cli('switch', '--none', '--shared').code).toBe(0);
    expect(JSON.parse(read(dir, '.claude/settings.json'))).toEqual({ skillOverrides: overrides });
  });

  it('remove deletes the agent\'s files, keeps skills others need, and clears it as active agent', () => {
    const r = cli('remove', 'api');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, '.claude/agents/api.md'))).toBe(false);
    expect(existsSync(join(dir, '.claude/agent-memory/api'))).toBe(false);
    // endpoints is still needed by lead; nothing backend-only disappears.
    expect(existsSync(join(dir, '.claude/skills/endpoints/SKILL.md'))).toBe(true);
    expect(lock(dir).files['.claude/skills/endpoints/SKILL.md'].agents).toEqual(['lead']);
    expect(JSON.parse(read(dir, '.claude/settings.local.json')).agent).toBeUndefined();
    expect(JSON.parse(read(dir, '.claude/settings.local.json')).permissions).toEqual({ allow: ['Bash(npm test)'] });
    expect(read(dir, 'CLAUDE.md')).not.toContain('`api`');
  });

  it('remove drops a skill once its last agent is gone', () => {
    expect(cli('remove', 'payment-fe').code).toBe(0);
    expect(existsSync(join(dir, '.claude/skills/react-hooks'))).toBe(false);
    expect(existsSync(join(dir, '.claude/skills/git'))).toBe(false);
    expect(existsSync(join(dir, '.claude/skills/review/SKILL.md'))).toBe(true);
  });

  it('sync --check passes, and every command a second time changes nothing', () => {
    expect(cli('sync', '--check').code).toBe(0);
    const before = snapshot(dir);
    expect(cli('sync').code).toBe(0);
    expect(cli('init').code).toBe(0);
    expect(cli('switch', 'lead').code).toBe(0);
    const afterFirst = snapshot(dir);
    expect(cli('switch', 'lead').code).toBe(0);
    expect(snapshot(dir)).toEqual(afterFirst);
    expect(cli('add', 'lead', 'lead').code).toBe(1);
    expect(cli('remove', 'api').code).toBe(1);
    expect(snapshot(dir)).toEqual(afterFirst);
    // Besides the setting, only agent-team's own record on this machine (the undo point) changed.
    expect(Object.keys(afterFirst).filter((k) => before[k] !== afterFirst[k] && !k.startsWith('.claude/.agent-team/'))).toEqual(['.claude/settings.local.json']);
  });
});

describe('user edits', () => {
  function project() {
    const dir = tempDir();
    expect(run(['init'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['add', 'web', 'fe', '--framework', 'react'], { cwd: dir, ...lib }).code).toBe(0);
    return dir;
  }

  it('a user-edited agent file gets the new version merged in, and keeps the edit', () => {
    const dir = project();
    const edited = `${read(dir, '.claude/agents/web.md')}\nOur team-specific note.\n`;
    writeFileSync(join(dir, '.claude/agents/web.md'), edited);
    // A team change that re-renders the agent file.
    writeFileSync(join(dir, '.claude/agent-team.yaml'), read(dir, '.claude/agent-team.yaml').replace('\n      framework: react', '\n      framework: vue'));
    const r = run(['sync'], { cwd: dir, ...lib });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('.claude/agents/web.md: edited since agent-team wrote it: the new version is merged into your edits');
    const merged = read(dir, '.claude/agents/web.md');
    expect(merged).toContain('Our team-specific note.');
    expect(merged).toContain('### Vue');
    expect(merged).not.toContain('### React');
    expect(existsSync(join(dir, '.claude/skills/react-hooks'))).toBe(false);
    // The edit stays the user's: nothing more to do, and it is not drift.
    expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['sync', '--json'], { cwd: dir, ...lib }).json().changes).toContainEqual(expect.objectContaining({ path: '.claude/agents/web.md', action: 'keep', reason: 'customised' }));
  });

  it('an edit of the same lines as the new version: the user\'s file stays, the new one is beside it, exit 1', () => {
    const dir = project();
    const original = read(dir, '.claude/agents/web.md');
    const edited = original.replace('### React', '### React, the way we use it');
    writeFileSync(join(dir, '.claude/agents/web.md'), edited);
    writeFileSync(join(dir, '.claude/agent-team.yaml'), read(dir, '.claude/agent-team.yaml').replace('\n      framework: react', '\n      framework: vue'));
    const r = run(['sync'], { cwd: dir, ...lib });
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/\.claude\/agents\/web\.md/);
    expect(read(dir, '.claude/agents/web.md')).toBe(edited);
    expect(read(dir, '.claude/agents/web.md.agent-team-new')).toContain('### Vue');
    // Asked for, the clash is written into the file with markers instead.
    const marked = run(['sync', '--markers'], { cwd: dir, ...lib });
    expect(marked.code).toBe(0);
    expect(read(dir, '.claude/agents/web.md')).toMatch(/<<<<<<< yours[\s\S]*### React, the way we use it[\s\S]*=======[\s\S]*### Vue[\s\S]*>>>>>>> agent-team now/);
    expect(existsSync(join(dir, '.claude/agents/web.md.agent-team-new'))).toBe(false);
  });

  it('--force replaces an edited file and keeps the edit in a .bak', () => {
    const dir = project();
    writeFileSync(join(dir, '.claude/agents/web.md'), 'my version\n');
    writeFileSync(join(dir, '.claude/agent-team.yaml'), read(dir, '.claude/agent-team.yaml').replace('\n      framework: react', '\n      framework: vue'));
    const r = run(['sync', '--force', '--json'], { cwd: dir, ...lib });
    expect(r.code).toBe(0);
    expect(r.json().backups).toEqual(['.claude/agents/web.md.bak']);
    expect(read(dir, '.claude/agents/web.md.bak')).toBe('my version\n');
    expect(read(dir, '.claude/agents/web.md')).toContain('### Vue');
    expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);
  });

  it('a file the user wrote is never overwritten or deleted', () => {
    const dir = tempDir();
    run(['init'], { cwd: dir, ...lib });
    writeFileSync(join(dir, '.claude/skills-own.md'), 'x');
    const own = join(dir, '.claude/skills/review');
    mkdirSync(own, { recursive: true });
    writeFileSync(join(own, 'SKILL.md'), '---\nname: review\ndescription: "Our own review skill. Use when reviewing."\n---\n# Ours\n');
    const r = run(['add', 'web', 'fe', '--force'], { cwd: dir, ...lib });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\.claude\/skills\/review\/SKILL\.md: not written by agent-team/);
    expect(read(dir, '.claude/skills/review/SKILL.md')).toContain('# Ours');
    // Our reference file is not slipped into their skill folder either.
    expect(existsSync(join(own, 'references'))).toBe(false);
    expect(run(['remove', 'web'], { cwd: dir, ...lib }).code).toBe(0);
    expect(read(dir, '.claude/skills/review/SKILL.md')).toContain('# Ours');
  });

  it('comments and layout of the team file survive add and remove', () => {
    const dir = project();
    const text = read(dir, '.claude/agent-team.yaml').replace('agents:', '# our frontend people\nagents:');
    writeFileSync(join(dir, '.claude/agent-team.yaml'), text);
    run(['add', 'api', 'be'], { cwd: dir, ...lib });
    run(['remove', 'api'], { cwd: dir, ...lib });
    expect(read(dir, '.claude/agent-team.yaml')).toBe(text);
  });
});

describe('machine use', () => {
  it('--json prints exactly one JSON document, also for errors', () => {
    const dir = tempDir();
    const init = run(['init', '--json'], { cwd: dir, ...lib });
    expect(init.json()).toMatchObject({ ok: true, command: 'init', initialised: true });
    const add = run(['add', 'web', 'fe', '--framework', 'vue', '--json'], { cwd: dir, ...lib });
    const doc = add.json();
    expect(doc.agent).toMatchObject({ name: 'web', role: 'fe', variants: { framework: ['vue'] } });
    expect(doc.changes.some((c: any) => c.path === '.claude/agents/web.md' && c.action === 'create')).toBe(true);
    const bad = run(['add', 'x', 'nope', '--json'], { cwd: dir, ...lib });
    expect(bad.code).toBe(2);
    expect(bad.json()).toMatchObject({ ok: false, error: { code: 'unknown-role' } });
    const usage = run(['lsit', '--json'], { cwd: dir, ...lib });
    expect(usage.code).toBe(2);
    expect(usage.json().ok).toBe(false);
  });

  it('--dry-run shows the plan and writes nothing, not even .claude/', () => {
    const dir = tempDir();
    const r = run(['init', '--dry-run', '--roles', 'fe'], { cwd: dir, ...lib });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+ .claude/agents/fe.md');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('init --preset and --roles start a team in one command', () => {
    const dir = tempDir();
    const r = run(['init', '--preset', 'pair', '--roles', 'writer', '--json'], { cwd: dir, ...lib });
    expect(r.code).toBe(0);
    expect(r.json().agents.map((a: any) => a.name)).toEqual(['web', 'api', 'writer']);
    expect(read(dir, '.claude/agents/web.md')).toContain('- `react-hooks`: ');
    expect(existsSync(join(dir, '.claude/agents/writer.md'))).toBe(true);
  });

  it('sync --frozen installs what the lockfile records and refuses to change it', () => {
    const dir = tempDir();
    run(['init', '--roles', 'fe'], { cwd: dir, ...lib });
    const committed = snapshot(dir);
    // A fresh checkout where the generated files are not committed.
    rmSync(join(dir, '.claude/skills'), { recursive: true });
    rmSync(join(dir, '.claude/agents'), { recursive: true });
    expect(run(['sync', '--frozen'], { cwd: dir, ...lib }).code).toBe(0);
    expect(snapshot(dir)).toEqual(committed);
    // Someone edits the team file without syncing: --frozen fails and writes nothing.
    writeFileSync(join(dir, '.claude/agent-team.yaml'), read(dir, '.claude/agent-team.yaml').replace('role: fe', 'role: be'));
    const before = snapshot(dir);
    const r = run(['sync', '--frozen'], { cwd: dir, ...lib });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('does not match');
    expect(snapshot(dir)).toEqual(before);
  });

  it('uninstall removes what agent-team wrote and keeps the user\'s text and edits', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'CLAUDE.md'), '# Mine\n');
    run(['init', '--roles', 'fe,be'], { cwd: dir, ...lib });
    run(['switch', 'fe'], { cwd: dir, ...lib });
    writeFileSync(join(dir, '.claude/agent-memory/fe/knowledge.md'), 'learned things\n');
    const r = run(['uninstall'], { cwd: dir, ...lib });
    expect(r.code).toBe(0);
    expect(read(dir, 'CLAUDE.md')).toBe('# Mine\n');
    expect(read(dir, '.claude/agent-memory/fe/knowledge.md')).toBe('learned things\n');
    expect(snapshot(join(dir, '.claude'))).toEqual({
      'agent-memory/': expect.any(String),
      'agent-memory/fe/': expect.any(String),
      'agent-memory/fe/knowledge.md': 'learned things\n',
      'settings.local.json': '{\n}\n',
    });
  });
});
