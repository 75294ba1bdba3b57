import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../src/core/claude/frontmatter.js';
import { listingView } from '../src/core/views/listing.js';
import {
  answers,
  both,
  CLAUDE_BIN,
  messagesText,
  not,
  removeHome,
  runClaude,
  skillListing,
  systemIncludes,
  systemText,
  toolNames,
  toolResult,
  type ClaudeRun,
  type RecordedRequest,
} from './helpers/claude-stub.js';
import { FULL_LIBRARY, read, run, tempDir } from './helpers/cli.js';

/**
 * Issue 10's proof with the pinned client against the loopback stub: the full preset's agents
 * start light and load their skills on demand, their seeded MEMORY.md reaches them, the main
 * listing fits a 200k-window model, and a switched session can load skills and delegate. The
 * numbers printed here are the ones in docs/claude-code-findings.md ("What agent-team does about it").
 */
const AGENTS = ['architect', 'ba', 'backend', 'designer', 'devops', 'frontend', 'mobile', 'pm', 'qa', 'tech-lead'];
const MAIN_SESSION_SKILLS = ['code-review', 'debugging', 'git-workflow'];
const isSub = systemIncludes('cc_is_subagent=true');
const bodyOf = (name: string) => systemIncludes(`You are **${name}**`);
/** What an agent starts with: its system prompt and first messages, about four characters a token. */
const startTokens = (req: RecordedRequest) => Math.ceil((systemText(req).length + messagesText(req).length) / 4);

describe('agent-team in Claude Code: memory, listing, light agents, switch', () => {
  const dir = tempDir('agent-team-fidelity-');
  const runs: ClaudeRun[] = [];
  let onSonnet: ClaudeRun;
  let delegated: ClaudeRun;

  beforeAll(async () => {
    const init = run(['init', '--preset', 'full'], { cwd: dir, library: FULL_LIBRARY });
    expect(init.code, init.stderr).toBe(0);
    onSonnet = await runClaude({ cwd: dir, args: ['-p', 'hi', '--model', 'claude-sonnet-4-6'] });
    const uses = AGENTS.map((a, i) => ({ id: `t${i}`, name: 'Agent', input: { subagent_type: a, description: `ask ${a}`, prompt: 'Start.', run_in_background: false } }));
    delegated = await runClaude({
      cwd: dir,
      args: ['-p', 'hi', '--model', 'claude-opus-5'],
      timeoutMs: 120_000,
      script: [
        // qa, a subagent, tries to hand work on with the Agent tool its profile gives it.
        { label: 'qa delegates', when: both(bodyOf('qa'), not(answers('q1'))), reply: { toolUses: [{ id: 'q1', name: 'Agent', input: { subagent_type: 'pm', description: 'nested', prompt: 'Nested.', run_in_background: false } }] } },
        { label: 'subagent', when: isSub, reply: { text: 'report' }, times: 20 },
        { label: 'main done', when: answers('t0'), reply: { text: 'done' } },
        { label: 'main delegates', reply: { toolUses: uses } },
      ],
    });
    runs.push(onSonnet, delegated);
  }, 240_000);
  afterAll(() => runs.forEach(removeHome));

  it('gives every agent a seeded MEMORY.md that Claude Code injects into its prompt, and no knowledge.md', () => {
    expect(delegated.status, delegated.stderr).toBe(0);
    for (const agent of AGENTS) {
      const seed = read(dir, `.claude/agent-memory/${agent}/MEMORY.md`);
      const req = delegated.messages.find(bodyOf(agent));
      expect(req, `${agent} ran`).toBeDefined();
      const system = systemText(req!);
      expect(system).toContain('# Persistent Agent Memory');
      expect(system).toContain(`## MEMORY.md\n\n${seed.trim()}`);
      expect(system).not.toContain('Your MEMORY.md is currently empty');
      expect(readdirSync(join(dir, `.claude/agent-memory/${agent}`))).toEqual(['MEMORY.md']);
    }
  });

  it('lists the project skills in the main session so every description fits a 200k-window model and uses a quarter of the 1M budget', () => {
    const view = listingView(dir);
    const rows: string[] = [];
    for (const [r, model, budget] of [[onSonnet, 'claude-sonnet-4-6', 8000], [delegated, 'claude-opus-5', 30000]] as const) {
      const main = r.messages[0]!;
      expect(main.body.model).toBe(model);
      const listing = skillListing(main)!;
      const project = listing.entries.filter((e) => readdirSync(join(dir, '.claude/skills')).includes(e.name));
      const described = project.filter((e) => e.hasDescription).map((e) => e.name).sort();
      expect(described).toEqual(MAIN_SESSION_SKILLS);
      expect(project.length).toBe(57);
      // Nothing is cut: the client logs no over-budget warning and the built-ins keep theirs too.
      expect(r.debugLog).not.toContain('Skill listing over budget');
      expect(listing.entries.every((e) => e.hasDescription || project.some((p) => p.name === e.name))).toBe(true);
      expect(listing.text.length).toBeLessThan(budget * 0.9);
      // agent-team's own count (list, doctor) is the client's, within a character per entry.
      const fit = view.fits.find((f) => f.budget === budget)!;
      expect(Math.abs(fit.chars - listing.text.length)).toBeLessThanOrEqual(listing.entries.length);
      expect(fit.cut).toEqual([]);
      rows.push(`${model}: ${listing.text.length} of ${budget} chars (${Math.round((listing.text.length / budget) * 100)} %), ${described.length} project skills with description, ${project.length - described.length} name-only, agent-team counts ${fit.chars}`);
    }
    console.log(`main listing\n${rows.join('\n')}`);
  });

  it('starts every role agent light: no skill preloaded, each listed in its body, Skill to load it, under 10k tokens', () => {
    const rows: string[] = [];
    for (const agent of AGENTS) {
      const req = delegated.messages.find(bodyOf(agent))!;
      const file = read(dir, `.claude/agents/${agent}.md`);
      expect(parseFrontmatter(file).data.skills).toBeUndefined();
      expect(toolNames(req)).toEqual(expect.arrayContaining(['Skill', 'Agent', 'Read']));
      const text = messagesText(req);
      expect(text).not.toContain('<command-name>');
      expect(text).not.toContain('Base directory for this skill:');
      expect(skillListing(req), `${agent} sees the listing of skills it can load`).toBeDefined();
      const body = systemText(req);
      expect(body).toContain('None is loaded yet: when a task matches one, load it with the Skill tool first');
      const tokens = startTokens(req);
      expect(tokens, agent).toBeLessThanOrEqual(10_000);
      rows.push(`${agent}: ${tokens} tokens (system ${systemText(req).length} + messages ${text.length} chars; tool schemas ${JSON.stringify(req.body.tools).length} chars more)`);
    }
    console.log(`starting context\n${rows.join('\n')}`);
  });

  it('lets a subagent with the Agent tool delegate in turn (2.1.330 runs the nested agent)', () => {
    const qa = delegated.messages.find((m) => bodyOf('qa')(m) && answers('q1')(m))!;
    expect(toolResult(qa, 'q1')).toContain('[Subagent hand-back]');
    expect(delegated.messages.filter(bodyOf('pm')).length).toBe(2);
  });

  it('after `switch`, the main session is the agent with Skill and Agent, its skills listed, its body telling the truth', async () => {
    expect(run(['switch', 'qa'], { cwd: dir, library: FULL_LIBRARY }).code).toBe(0);
    const switched = await runClaude({
      cwd: dir,
      script: [
        { label: 'load', when: both(not(isSub), not(answers('s1'))), reply: { toolUses: [{ id: 's1', name: 'Skill', input: { skill: 'test-planning' } }] } },
        { label: 'delegate', when: both(not(isSub), answers('s1')), reply: { toolUses: [{ id: 'd1', name: 'Agent', input: { subagent_type: 'pm', description: 'd', prompt: 'p', run_in_background: false } }] } },
        { label: 'pm', when: isSub, reply: { text: 'pm report' } },
      ],
    });
    runs.push(switched);
    expect(switched.status, switched.stderr).toBe(0);
    const main = switched.messages[0]!;
    expect(systemText(main)).toContain('You are **qa**, the QA Engineer');
    expect(systemText(main)).not.toContain('Loaded with you in full');
    expect(toolNames(main)).toEqual(expect.arrayContaining(['Skill', 'Agent']));
    const listed = skillListing(main)!.entries.map((e) => e.name);
    for (const line of read(dir, '.claude/agents/qa.md').matchAll(/^- `([a-z-]+)`: /gm)) expect(listed, line[1]).toContain(line[1]);
    const afterLoad = switched.messages.find(answers('s1'))!;
    expect(toolResult(afterLoad, 's1')).toContain('Launching skill: test-planning');
    expect(messagesText(afterLoad)).toContain(parseFrontmatter(read(dir, '.claude/skills/test-planning/SKILL.md')).body.trim().split('\n')[0]!);
    expect(switched.messages.some(bodyOf('pm'))).toBe(true);
    expect(toolResult(switched.messages.find(answers('d1'))!, 'd1')).toContain('pm report');
    expect(run(['switch', '--none'], { cwd: dir, library: FULL_LIBRARY }).code).toBe(0);
  }, 60_000);

  it('a deliberately broken agent passes `claude plugin validate`; doctor names each problem', () => {
    writeFileSync(join(dir, '.claude/agents/broken.md'), [
      '---',
      'name: broken',
      'description: A deliberately broken agent.',
      'favorite-food: pizza',
      'model: gpt-4',
      'color: magenta',
      'tools: Read, MultiEdit, LS',
      'skills: [missing-skill]',
      'memory: forever',
      'permissionMode: yolo',
      '---',
      '## Skills',
      '',
      '- `ghost-skill`: Use when nothing else works.',
      '',
    ].join('\n'));
    writeFileSync(join(dir, '.claude/settings.local.json'), `${JSON.stringify({ hooks: { PostToolUse: [{ type: 'command', command: 'npm run lint' }] }, skillOverrides: { 'test-planning': 'hidden' }, mcpServers: { x: { command: 'x' } } }, null, 2)}\n`);
    writeFileSync(join(dir, '.mcp.json'), `${JSON.stringify({ mcpServers: { remote: { url: 'https://example.invalid/mcp' } } }, null, 2)}\n`);
    const validate = spawnSync(CLAUDE_BIN, ['plugin', 'validate', join(dir, '.claude'), '--strict', '--json'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: tempDir('claude-home-'), DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' } });
    expect(validate.status).toBe(0);
    expect(JSON.parse(validate.stdout).success).toBe(true);

    const doctor = run(['doctor', '--json'], { cwd: dir, library: FULL_LIBRARY });
    expect(doctor.code).toBe(1);
    const found = doctor.json().findings.map((f: { file: string; message: string }) => `${f.file}: ${f.message}`);
    const expected = [
      '.claude/agents/broken.md: unknown key "favorite-food"',
      '.claude/agents/broken.md: "model" must be one of',
      '.claude/agents/broken.md: "color" must be one of',
      '.claude/agents/broken.md: tools: "MultiEdit" is not a Claude Code tool',
      '.claude/agents/broken.md: tools: "LS" is not a Claude Code tool',
      '.claude/agents/broken.md: "memory" must be user, project or local',
      '.claude/agents/broken.md: "permissionMode" must be one of',
      '.claude/agents/broken.md: preloads skill "missing-skill", which is not installed',
      '.claude/agents/broken.md: lists skill "ghost-skill" to load, which is not installed',
      '.claude/settings.local.json: hooks.PostToolUse[0] has no "hooks" list',
      '.claude/settings.local.json: skillOverrides.test-planning must be one of',
      '.claude/settings.local.json: Claude Code ignores "mcpServers" in settings files',
      '.mcp.json: mcpServers.remote has a "url" but no "type"',
    ];
    for (const problem of expected) expect(found.some((f: string) => f.startsWith(problem)), problem).toBe(true);
    console.log(`doctor names ${expected.length} problems of the broken agent and settings that plugin validate passes`);
  });
});
