import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, MINI_LIBRARY, read, run, snapshot, tempDir } from './helpers/cli.js';

const lib = { library: MINI_LIBRARY };

function project(): string {
  const dir = tempDir();
  expect(run(['init', '--preset', 'pair'], { cwd: dir, ...lib }).code).toBe(0);
  return dir;
}

describe('list views', () => {
  it('--roles shows each role with its variant flags and values, from the registry', () => {
    const dir = project();
    const human = run(['list', '--roles'], { cwd: dir, ...lib });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^fe {2}Frontend Developer {2}\(5 skills, tools: engineering, model: inherit\)/m);
    expect(human.stdout).toContain('--framework react | vue');
    expect(human.stdout).toMatch(/--state zustand \| redux {2}\(several: a,b\)/);
    const roles = run(['list', '--roles', '--json'], { cwd: dir, ...lib }).json().roles;
    const lead = roles.find((r: any) => r.name === 'lead');
    expect(lead).toMatchObject({ inherits: ['fe', 'be'], model: 'opus', tools: ['Read', 'Grep', 'Glob', 'Bash(git *)'] });
    expect(lead.skills).toEqual(['review', 'components', 'tokens', 'endpoints', 'errors', 'decisions']);
  });

  it('--skills shows category and the agents using each skill; works outside a project too', () => {
    const dir = project();
    const skills = run(['list', '--skills', '--json'], { cwd: dir, ...lib }).json().skills;
    expect(skills.find((s: any) => s.name === 'react-hooks')).toMatchObject({ category: 'frontend', agents: ['web'], dependsOn: ['components'] });
    expect(skills.find((s: any) => s.name === 'review').agents).toEqual(['web', 'api']);
    const outside = run(['list', '--skills'], { cwd: tempDir(), ...lib });
    expect(outside.code).toBe(0);
    expect(outside.stdout).toMatch(/Frontend \(4\)/);
  });

  it('--skills --markdown prints the index with users and dependencies', () => {
    const r = run(['list', '--skills', '--markdown'], { cwd: tempDir(), ...lib });
    expect(r.stdout).toContain('| `react-hooks` | fe (framework: react) | components | - |');
    expect(r.stdout).toContain('| `lead` | Tech Lead | 6: review, components, tokens, endpoints, errors, decisions |');
  });

  it('--presets lists the starter teams', () => {
    const presets = run(['list', '--presets', '--json'], { cwd: tempDir(), ...lib }).json().presets;
    expect(presets).toEqual([{ name: 'pair', description: 'A frontend and a backend developer.', agents: { web: { role: 'fe', variants: { framework: 'react' } }, api: { role: 'be' } } }]);
  });

  it('stops quietly when the reader closes the pipe early (agent-team list --roles | head -1)', async () => {
    const child = spawn(process.execPath, [BIN, 'list', '--roles'], { env: { ...process.env, AGENT_TEAM_LIBRARY: MINI_LIBRARY }, cwd: tempDir() });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('marks agents that the team file names but sync has not written yet', () => {
    const dir = project();
    writeFileSync(join(dir, '.claude/agent-team.yaml'), `${read(dir, '.claude/agent-team.yaml')}  later:\n    role: writer\n`);
    const agents = run(['list', '--json'], { cwd: dir, ...lib }).json().agents;
    expect(agents.find((a: any) => a.name === 'later')).toMatchObject({ status: 'missing' });
    expect(run(['list'], { cwd: dir, ...lib }).stdout).toMatch(/later .*not synced: run npx --no-install agent-team sync/);
  });
});

describe('doctor', () => {
  it('reports a healthy project and changes nothing', () => {
    const dir = project();
    const before = snapshot(dir);
    const r = run(['doctor'], { cwd: dir, ...lib });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Everything agent-team manages is valid and in sync.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('finds broken agent frontmatter, missing skills, bad settings, stray nested skills and drift', () => {
    const dir = project();
    // agent-team preloads nothing; a hand-added `skills:` list naming a skill that is not there is an error.
    const agent = read(dir, '.claude/agents/web.md').replace('model: "inherit"', 'model: "gpt-5"').replace('memory: "project"\n', 'memory: "project"\nskills:\n  - "react-hooks"\n  - "ghost-skill"\n');
    writeFileSync(join(dir, '.claude/agents/web.md'), agent);
    writeFileSync(join(dir, '.claude/settings.local.json'), '{ "agent": "nobody", "mcpServers": {} }\n');
    mkdirSync(join(dir, '.claude/skills/frontend/forms'), { recursive: true });
    writeFileSync(join(dir, '.claude/skills/frontend/forms/SKILL.md'), '---\nname: forms\ndescription: "Forms."\n---\n');
    const r = run(['doctor', '--json'], { cwd: dir, ...lib });
    expect(r.code).toBe(1);
    const { findings, errors, healthy } = r.json();
    expect(healthy).toBe(false);
    const text = findings.map((f: any) => `${f.level} ${f.file}: ${f.message}`);
    expect(text).toContain('error .claude/agents/web.md: "model" must be one of sonnet, opus, haiku, fable, inherit or a full model id');
    expect(text).toContain('error .claude/agents/web.md: preloads skill "ghost-skill", which is not installed');
    expect(text).toContain('error .claude/settings.local.json: "agent" is "nobody", but there is no such agent; run npx --no-install agent-team switch');
    expect(text).toContain('warning .claude/settings.local.json: Claude Code ignores "mcpServers" in settings files; move them to .mcp.json');
    expect(text).toContain('warning .claude/skills/frontend: Claude Code only finds .claude/skills/<name>/SKILL.md, so .claude/skills/frontend/forms never load');
    expect(text).toContain('warning .claude/agents/web.md: edited since agent-team wrote it; your edits are kept and new versions are merged into them');
    expect(errors).toBe(3);
  });

  it('reports a team file that no longer resolves', () => {
    const dir = project();
    writeFileSync(join(dir, '.claude/agent-team.yaml'), 'version: 1\nagents:\n  web: { role: fe, variants: { framework: angular } }\n');
    const r = run(['doctor'], { cwd: dir, ...lib });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error {3}\.claude\/agent-team\.yaml: .*agents\.web: unknown framework "angular"/);
  });
});
