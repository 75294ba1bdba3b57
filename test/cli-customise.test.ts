import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../src/core/claude/frontmatter.js';
import { bodySkills, MINI_LIBRARY, read, run, snapshot, tempDir } from './helpers/cli.js';

const lib = { library: MINI_LIBRARY };

function project(): string {
  const dir = tempDir();
  expect(run(['init', '--roles', 'fe'], { cwd: dir, ...lib }).code).toBe(0);
  return dir;
}

function appendToTeam(dir: string, text: string): void {
  writeFileSync(join(dir, '.claude/agent-team.yaml'), `${read(dir, '.claude/agent-team.yaml')}${text}`);
}

describe('a project tailors the library in its team file', () => {
  it('role overrides change the generated agent after sync', () => {
    const dir = project();
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs/fe-rules.md'), '## Our house rules\n\nUse the design system in packages/ui.\n');
    appendToTeam(dir, 'roles:\n  fe:\n    model: sonnet\n    rules: docs/fe-rules.md\n    skills: { include: [endpoints], exclude: [git] }\n');
    const r = run(['sync'], { cwd: dir, ...lib });
    expect(r.code, r.stderr).toBe(0);
    const agent = read(dir, '.claude/agents/fe.md');
    const { data } = parseFrontmatter(agent);
    expect(data.model).toBe('sonnet');
    expect(data.skills).toBeUndefined();
    expect(bodySkills(agent)).toEqual(['review', 'components', 'styling', 'tokens', 'endpoints', 'errors']);
    expect(agent).toContain('Rules of the fe role.');
    expect(agent).toContain('Use the design system in packages/ui.');
    expect(existsSync(join(dir, '.claude/skills/git'))).toBe(false);
    expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);
  });

  it('a copy of the project reads its own override files, and projects without overrides share one compiled catalog', () => {
    const cache = { AGENT_TEAM_CACHE_DIR: tempDir('agent-team-cache-') };
    const dir = project();
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs/fe-rules.md'), '## Our house rules\n\nThe original project.\n');
    appendToTeam(dir, 'roles:\n  fe:\n    rules: docs/fe-rules.md\n');
    expect(run(['sync'], { cwd: dir, ...lib, env: cache }).code).toBe(0);
    const copy = tempDir();
    cpSync(dir, copy, { recursive: true });
    writeFileSync(join(copy, 'docs/fe-rules.md'), '## Our house rules\n\nThe copy.\n');
    const synced = run(['sync'], { cwd: copy, ...lib, env: cache });
    expect(synced.code, synced.stderr).toBe(0);
    expect(read(copy, '.claude/agents/fe.md')).toContain('The copy.');
    expect(read(copy, '.claude/agents/fe.md')).not.toContain('The original project.');
    expect(read(dir, '.claude/agents/fe.md')).toContain('The original project.');

    const plain = [tempDir(), tempDir()];
    expect(run(['init', '--roles', 'fe'], { cwd: plain[0]!, ...lib, env: cache }).code).toBe(0);
    const before = readdirSync(join(cache.AGENT_TEAM_CACHE_DIR, 'catalog')).length;
    expect(run(['init', '--roles', 'fe'], { cwd: plain[1]!, ...lib, env: cache }).code).toBe(0);
    for (const p of plain) expect(run(['sync', '--check'], { cwd: p, ...lib, env: { ...cache, AGENT_TEAM_NO_REPLAY: '1' } }).code).toBe(0);
    expect(readdirSync(join(cache.AGENT_TEAM_CACHE_DIR, 'catalog')).length).toBe(before);
  });

  it('a role the library does not have can be defined and used', () => {
    const dir = project();
    appendToTeam(dir, 'roles:\n  docs-writer:\n    title: Docs Writer\n    description: Writes the docs. Use for README changes.\n    tools: authoring\n    skills: { include: [decisions] }\n');
    const r = run(['add', 'scribe', 'docs-writer'], { cwd: dir, ...lib });
    expect(r.code, r.stderr).toBe(0);
    expect(parseFrontmatter(read(dir, '.claude/agents/scribe.md')).data).toMatchObject({
      description: 'Writes the docs. Use for README changes.',
      tools: 'Read, Write, Edit, Grep, Glob, Skill',
    });
    expect(bodySkills(read(dir, '.claude/agents/scribe.md'))).toEqual(['decisions', 'review']);
  });

  it('an invalid override is refused with its key, and nothing changes', () => {
    const dir = project();
    appendToTeam(dir, 'roles:\n  fe:\n    model: gpt-9\n    skills: { include: [no-such-skill] }\n');
    const before = snapshot(dir);
    const r = run(['sync'], { cwd: dir, ...lib });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\.claude\/agent-team\.yaml roles\.fe: model must be one of sonnet, opus, haiku, fable, inherit/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('an extra library in the project (sources) adds skills and roles', () => {
    const dir = project();
    const source = join(dir, 'team-library');
    mkdirSync(join(source, 'skills/release-notes'), { recursive: true });
    mkdirSync(join(source, 'rules'), { recursive: true });
    writeFileSync(join(source, 'rules/releaser.md'), '## How you work\n\nWrite release notes from merged PRs.\n');
    writeFileSync(join(source, 'skills/release-notes/SKILL.md'), '---\nname: release-notes\ndescription: "Writes release notes from merged pull requests. Use when preparing a release."\n---\n# Release notes\n');
    writeFileSync(
      join(source, 'skills-registry.yaml'),
      [
        'version: 1',
        'categories: { release: { title: Release } }',
        'skills:',
        '  release-notes: { category: release }',
        'roles:',
        '  releaser:',
        '    title: Release Manager',
        '    description: Prepares releases. Use before tagging a version.',
        '    rules: rules/releaser.md',
        '    skills: { include: [release-notes, review] }',
        '',
      ].join('\n'),
    );
    appendToTeam(dir, 'sources: [team-library]\n');
    const r = run(['add', 'rel', 'releaser'], { cwd: dir, ...lib });
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, '.claude/skills/release-notes/SKILL.md')).toContain('# Release notes');
    expect(read(dir, '.claude/agents/rel.md')).toContain('Write release notes from merged PRs.');
    const skills = run(['list', '--skills', '--json'], { cwd: dir, ...lib }).json().skills;
    expect(skills.find((s: any) => s.name === 'release-notes')).toMatchObject({ origin: 'team-library', agents: ['rel'] });
  });

  it('a source outside the project, or one that clashes with the library, is refused', () => {
    const dir = project();
    appendToTeam(dir, 'sources: [../elsewhere]\n');
    const before = snapshot(dir);
    const r = run(['sync'], { cwd: dir, ...lib });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sources: "\.\.\/elsewhere" is outside the project/);
    expect(snapshot(dir)).toEqual(before);

    const clash = project();
    mkdirSync(join(clash, 'lib2/skills/review'), { recursive: true });
    writeFileSync(join(clash, 'lib2/skills/review/SKILL.md'), '---\nname: review\ndescription: "Another review. Use for tests."\n---\n# Review\n');
    writeFileSync(join(clash, 'lib2/skills-registry.yaml'), 'version: 1\ncategories: { core: { title: Core } }\nskills:\n  review: { category: core }\n');
    appendToTeam(clash, 'sources: [lib2]\n');
    const c = run(['sync'], { cwd: clash, ...lib });
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/lib2\/skills-registry\.yaml: categories\.core is already defined by another source/);
    expect(c.stderr).toMatch(/skills\.review is already defined by another source/);
  });
});
