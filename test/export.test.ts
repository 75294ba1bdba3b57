import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../src/core/claude/frontmatter.js';
import { PLUGIN_AGENT_KEYS } from '../src/core/export/plugin.js';
import { answers, both, CLAUDE_BIN, messagesText, not, runClaude, skillListing, systemIncludes, systemText, toolResult } from './helpers/claude-stub.js';
import { MINI_LIBRARY, read, run, snapshot, tempDir } from './helpers/cli.js';

/**
 * Export, checked by the real client: the pinned Claude Code validates the exported plugin
 * offline (`plugin validate --strict`) and, started with `--plugin-dir` against the loopback API
 * stub, lists its agents and skills and preloads an agent's skills when it runs.
 */
function project(): { dir: string; cli: (...args: string[]) => ReturnType<typeof run> } {
  const dir = tempDir('agent-team-export-');
  const cli = (...args: string[]) => run(args, { cwd: dir, library: MINI_LIBRARY });
  expect(cli('init', '--yes').code).toBe(0);
  expect(cli('add', 'web', 'fe', '--framework', 'react').code).toBe(0);
  expect(cli('add', 'api', 'be').code).toBe(0);
  return { dir, cli };
}

function validate(path: string) {
  const home = tempDir('claude-home-');
  const r = spawnSync(CLAUDE_BIN, ['plugin', 'validate', path, '--strict', '--json'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: home, DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
  });
  return { status: r.status, report: JSON.parse(r.stdout) };
}

describe('export plugin', () => {
  let p: ReturnType<typeof project>;
  let out: string;
  let exported: ReturnType<typeof run>;
  beforeAll(() => {
    p = project();
    // What runs in the project is what is exported: a line the user added to an agent goes along.
    writeFileSync(join(p.dir, '.claude/agents/web.md'), `${read(p.dir, '.claude/agents/web.md')}\nProject note: the design system lives in packages/ui.\n`);
    out = join(tempDir('agent-team-plugin-'), 'acme-team');
    exported = p.cli('export', 'plugin', out, '--name', 'acme-team', '--owner', 'Acme Platform', '--license', 'MIT', '--plugin-version', '2.1.0');
  });

  it('writes the manifest, the marketplace file, the agents and the skills they use', () => {
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain(`Wrote plugin acme-team to ${out}: 2 agents, 8 skills`);
    expect(JSON.parse(readFileSync(join(out, '.claude-plugin/plugin.json'), 'utf8'))).toMatchObject({ name: 'acme-team', version: '2.1.0', author: { name: 'Acme Platform' }, license: 'MIT' });
    expect(JSON.parse(readFileSync(join(out, '.claude-plugin/marketplace.json'), 'utf8'))).toMatchObject({
      name: 'acme-team-marketplace',
      owner: { name: 'Acme Platform' },
      plugins: [{ name: 'acme-team', source: './', version: '2.1.0' }],
    });
    expect(readdirSync(join(out, 'agents')).sort()).toEqual(['api.md', 'web.md']);
    expect(readdirSync(join(out, 'skills')).sort()).toEqual(['components', 'endpoints', 'errors', 'git', 'react-hooks', 'review', 'styling', 'tokens'].filter((s) => existsSync(join(p.dir, '.claude/skills', s))).sort());
    for (const skill of readdirSync(join(out, 'skills'))) expect(read(out, `skills/${skill}/SKILL.md`)).toBe(read(p.dir, `.claude/skills/${skill}/SKILL.md`));
    expect(existsSync(join(out, 'README.md'))).toBe(true);
  });

  it('keeps only the frontmatter keys plugin agents support, says which it dropped, and preloads nothing', () => {
    expect(exported.stdout).toContain("Left out of the plugin's agents (plugin agents do not support them): color.");
    const web = parseFrontmatter(read(out, 'agents/web.md'));
    for (const key of Object.keys(web.data)) expect(PLUGIN_AGENT_KEYS as readonly string[]).toContain(key);
    expect(web.data.color).toBeUndefined();
    const installed = parseFrontmatter(read(p.dir, '.claude/agents/web.md'));
    // Agents load their skills with the Skill tool: no `skills:` list to qualify.
    expect(installed.data.skills).toBeUndefined();
    expect(web.data.skills).toBeUndefined();
    expect(web.data.tools).toContain('Skill');
    expect(web.body).toBe(installed.body.replace(/^- `([a-z-]+)`: /gm, '- `acme-team:$1`: '));
    expect(web.body).toContain('- `acme-team:review`: ');
    expect(web.body).toContain('Project note: the design system lives in packages/ui.');
  });

  it('passes `claude plugin validate --strict`, as a marketplace and as a plugin', () => {
    const market = validate(out);
    expect(market.report.manifest.type).toBe('marketplace');
    expect(market.report.manifest.errors).toEqual([]);
    expect(market.report.manifest.warnings).toEqual([]);
    expect(market.report.contents).toEqual([]);
    expect(market.report.success).toBe(true);
    expect(market.status).toBe(0);
    expect(market.report.provides.agents.sort()).toEqual(['acme-team:api', 'acme-team:web']);
    const plugin = validate(join(out, '.claude-plugin/plugin.json'));
    expect(plugin.report.success).toBe(true);
    expect(plugin.report.manifest.errors).toEqual([]);
    expect(plugin.report.manifest.warnings).toEqual([]);
    expect(plugin.status).toBe(0);
  });

  const subText = (m: Parameters<typeof systemText>[0]) => `${systemText(m)}\n${messagesText(m)}`;

  it('is loaded by the real client with --plugin-dir: agents and skills listed, an agent loads a skill by the name its body gives', async () => {
    const cwd = tempDir('agent-team-elsewhere-');
    const claude = await runClaude({
      cwd,
      args: ['-p', 'review the web client', '--plugin-dir', out],
      script: [
        { label: 'load', when: both(systemIncludes('You are **web**'), not(answers('s1'))), reply: { toolUses: [{ id: 's1', name: 'Skill', input: { skill: 'acme-team:review' } }] } },
        { label: 'delegate', reply: { toolUses: [{ name: 'Agent', input: { subagent_type: 'acme-team:web', description: 'review', prompt: 'Review the web client.' } }] } },
      ],
    });
    expect(claude.status, claude.stderr).toBe(0);
    const main = claude.messages[0]!;
    const context = `${systemText(main)}\n${messagesText(main)}\n${JSON.stringify(main.body.tools)}`;
    for (const agent of ['web', 'api']) {
      const description = parseFrontmatter(read(out, `agents/${agent}.md`)).data.description as string;
      expect(context, agent).toContain(`- acme-team:${agent}: ${description}`);
    }
    const listed = skillListing(main)!.entries.map((e) => e.name);
    for (const skill of readdirSync(join(out, 'skills'))) expect(listed, skill).toContain(`acme-team:${skill}`);
    const sub = claude.messages.find((m) => systemText(m).includes('You are **web**') && answers('s1')(m));
    expect(sub, 'the subagent ran and called Skill').toBeDefined();
    // The body names the plugin's skills qualified: a bare `review` runs Claude Code's own review skill.
    expect(subText(sub!)).toContain('- `acme-team:review`: ');
    expect(toolResult(sub!, 's1')).toContain('Launching skill: acme-team:review');
    expect(subText(sub!)).toContain('Project note: the design system lives in packages/ui.');
    const reviewBody = parseFrontmatter(read(out, 'skills/review/SKILL.md')).body.trim().split('\n').find((l) => l.length > 20)!;
    expect(subText(sub!)).toContain(reviewBody);
  });

  it('never overwrites without --force, and never writes into the project\'s .claude/', () => {
    const again = p.cli('export', 'plugin', out, '--name', 'acme-team');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Files of the export already exist in ${out}:`);
    expect(again.stderr).toContain('  - agents/web.md');
    expect(p.cli('export', 'plugin', out, '--name', 'acme-team', '--force').code).toBe(0);
    const before = snapshot(p.dir);
    const inside = p.cli('export', 'plugin', join(p.dir, '.claude/plugin'));
    expect(inside.code).toBe(1);
    expect(inside.stderr).toContain("is inside the project's .claude/");
    symlinkSync(join(p.dir, '.claude'), join(p.dir, 'sneaky'));
    const linked = p.cli('export', 'plugin', join(p.dir, 'sneaky/plugin'));
    expect(linked.code).toBe(1);
    expect(linked.stderr).toContain("is inside the project's .claude/");
    const { sneaky: _, ...rest } = snapshot(p.dir);
    const { sneaky: __, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });

  it('asks for a sync first when the project does not match its team file, and writes nothing on a dry run', () => {
    const q = project();
    const dest = join(tempDir(), 'plugin');
    const dry = q.cli('export', 'plugin', dest, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would write plugin');
    expect(existsSync(dest)).toBe(false);
    writeFileSync(join(q.dir, '.claude/agent-team.yaml'), `${read(q.dir, '.claude/agent-team.yaml')}`.replace('agents:\n', 'agents:\n  lead:\n    role: lead\n'));
    const stale = q.cli('export', 'plugin', dest);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('The project does not match its team file');
    expect(stale.stderr).toContain('create .claude/agents/lead.md');
  });
});

describe('export agents-md', () => {
  it('writes AGENTS.md at the project root: each agent, its role, stack and skills, where their files are', () => {
    const p = project();
    const r = p.cli('export', 'agents-md');
    expect(r.code, r.stderr).toBe(0);
    const text = read(p.dir, 'AGENTS.md');
    expect(text).toMatch(/^# Agents\n/);
    expect(text).toContain('| `web` | Frontend Developer | React | the whole project | Builds the web client. Use for UI work. |');
    expect(text).toContain('| `api` | Backend Developer | - | the whole project | Builds services. Use for server work. |');
    expect(text).toContain('## web: Frontend Developer');
    expect(text).toContain('- Full instructions: `.claude/agents/web.md`');
    expect(text).toContain('  - `.claude/skills/review/SKILL.md`: ');
    expect(text).toContain('`.claude/rules/agent-team.md`');
    expect(text).not.toMatch(/npx agent-team/);
    const again = p.cli('export', 'agents-md');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exist');
    expect(p.cli('export', 'agents-md', '--force').code).toBe(0);
    mkdirSync(join(p.dir, 'docs'));
    expect(p.cli('export', 'agents-md', 'docs/TEAM.md').code).toBe(0);
    expect(read(p.dir, 'docs/TEAM.md')).toBe(text);
    const inside = p.cli('export', 'agents-md', '.claude/AGENTS.md');
    expect(inside.code).toBe(1);
    expect(existsSync(join(p.dir, '.claude/AGENTS.md'))).toBe(false);
  });

  it('keeps text from the team from breaking the table or opening a comment', () => {
    const p = project();
    writeFileSync(join(p.dir, '.claude/agent-team.yaml'), `${read(p.dir, '.claude/agent-team.yaml')}roles:\n  fe:\n    description: "Builds | the client <!-- hidden --> here."\n`);
    expect(p.cli('sync').code).toBe(0);
    expect(p.cli('export', 'agents-md').code).toBe(0);
    const text = read(p.dir, 'AGENTS.md');
    expect(text).toContain('Builds \\| the client &lt;!-- hidden --&gt; here.');
    expect(text).not.toContain('<!-- hidden');
  });
});
