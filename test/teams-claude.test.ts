import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, both, messagesText, not, removeHome, runClaude, skillListing, systemIncludes, systemText, toolNames, toolSchema, type ClaudeRun } from './helpers/claude-stub.js';
import { FULL_LIBRARY, ROOT, run, tempDir } from './helpers/cli.js';
import { writeLibrary } from './helpers/library.js';

/**
 * Agent teams, hooks and MCP servers as the pinned client (2.1.330) loads them, offline against
 * the loopback API stub (docs/teams.md, docs/integrations.md). Few runs, shared by the assertions.
 */
const LEAD = not(systemIncludes('cc_is_subagent=true'));
const TINY_SERVER = join(ROOT, 'test/fixtures/mcp/tiny-server.mjs');
const runs: ClaudeRun[] = [];
afterAll(() => runs.forEach(removeHome));

function cli(cwd: string, library: string, ...args: string[]) {
  const result = run(args, { cwd, library });
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result;
}

/** Debug-log lines in which the client complains about settings, hooks, MCP servers or agents. */
function complaints(log: string): string[] {
  return log.split('\n').filter((l) => /\[(ERROR|WARN)\]|Invalid setting|Skipping|skipped/.test(l) && /hook|mcp|MCP|setting|agent|Agent/.test(l))
    // The throwaway HOME has no ~/.claude.json until the client writes one; that is the harness, not us.
    .filter((l) => !l.includes('Failed to save config with lock'))
    // 2.1.330 checks an agent's tools before its own servers connect, and warns though the tools then arrive (findings §8; asserted below).
    .filter((l) => !/Agent tools entry "mcp__[a-z-]+" takes no tool/.test(l));
}

const agentProperties = (r: ClaudeRun) => Object.keys(toolSchema(r.messages[0]!, 'Agent')?.input_schema?.properties ?? {});

describe('agent teams and a project hook from the library, in the real client', () => {
  const dir = tempDir('teams-claude-');
  const written = join(dir, 'src/app.ts');
  let on: ClaudeRun;
  let off: ClaudeRun;

  beforeAll(async () => {
    cli(dir, FULL_LIBRARY, 'init', '--yes');
    cli(dir, FULL_LIBRARY, 'add', 'web', 'dev-fe', '--framework', 'react', '--yes');
    cli(dir, FULL_LIBRARY, 'add', 'tester', 'qa', '--testing', 'playwright', '--yes');
    writeFileSync(join(dir, '.claude/agent-team.yaml'), `${readFileSync(join(dir, '.claude/agent-team.yaml'), 'utf8')}integrations:\n  hooks: true\n`);
    cli(dir, FULL_LIBRARY, 'teams', 'on', '--yes');
    // A stand-in for the project's own Prettier: the format hook must find it and pass it the edited file.
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/.bin/prettier'), '#!/bin/sh\nprintf "%s\\n" "$*" >> "$CLAUDE_PROJECT_DIR/prettier.log"\n');
    chmodSync(join(dir, 'node_modules/.bin/prettier'), 0o755);

    // The lead writes a file (the hook runs), then starts the tester agent as a named teammate.
    on = await runClaude({
      cwd: dir,
      args: ['-p', 'Build the checkout with a team.', '--permission-mode', 'acceptEdits'],
      script: [
        { label: 'teammate', when: systemIncludes('You are **tester**'), reply: { text: 'TEAMMATE-REPORT: tests written.' }, times: Infinity },
        { label: 'lead-done', when: both(LEAD, answers('spawn')), reply: { text: 'done' }, times: Infinity },
        { label: 'lead-spawn', when: both(LEAD, answers('write')), reply: { toolUses: [{ id: 'spawn', name: 'Agent', input: { subagent_type: 'tester', name: 'qa-checkout', description: 'Test checkout', prompt: 'Write the checkout tests.', run_in_background: true } }] } },
        { label: 'lead-write', when: LEAD, reply: { toolUses: [{ id: 'write', name: 'Write', input: { file_path: written, content: 'export const x = 1;\n' } }] } },
      ],
      timeoutMs: 40_000,
    });
    runs.push(on);
    cli(dir, FULL_LIBRARY, 'teams', 'off', '--yes');
    off = await runClaude({ cwd: dir });
    runs.push(off);
  }, 120_000);

  it('offers the lead the team tools with teams on, and not with teams off', () => {
    expect(on.status, on.stderr).toBe(0);
    // 2.1.330 has no TeamCreate: teams on adds `name` (addressable by SendMessage) to the Agent tool, and SendMessage is deferred.
    expect(agentProperties(on)).toEqual(expect.arrayContaining(['name', 'team_name']));
    expect(toolSchema(on.messages[0]!, 'Agent').input_schema.properties.name.description).toMatch(/SendMessage/);
    expect(messagesText(on.messages[0]!)).toMatch(/^SendMessage$/m);
    expect(agentProperties(off)).not.toContain('name');
    expect(agentProperties(off)).not.toContain('team_name');
  });

  it('lists the lead\'s team-up skill only while teams are on', () => {
    const entry = skillListing(on.messages[0]!)?.entries.find((e) => e.name === 'team-up');
    expect(entry?.description).toMatch(/^Forms a Claude Code agent team/);
    expect(skillListing(off.messages[0]!)?.entries.map((e) => e.name)).not.toContain('team-up');
  });

  it('starts a teammate from an agent definition with that agent\'s body and tools', () => {
    const mate = on.messages.find((m) => systemText(m).includes('You are **tester**'));
    const listed = /^tools: "(.*)"$/m.exec(readFileSync(join(dir, '.claude/agents/tester.md'), 'utf8'))![1]!.split(', ');
    expect(on.answeredBy).toEqual(expect.arrayContaining(['lead-write', 'lead-spawn', 'teammate', 'lead-done']));
    const body = readFileSync(join(dir, '.claude/agents/tester.md'), 'utf8').split('\n---\n')[1]!;
    // The agent file on disk no longer has the teammate section (teams are off now); the teammate got it.
    expect(systemText(mate!)).toContain('## As a teammate');
    expect(systemText(mate!)).toContain(body.split('\n').find((l) => l.startsWith('You are **tester**'))!);
    expect(body).not.toContain('## As a teammate');
    // Its tools are its agent file's (the client drops Grep and Glob beside Bash), Skill among them: it loads its skills itself.
    expect(toolNames(mate!)).toEqual(expect.arrayContaining(['Read', 'Write', 'Edit', 'Bash', 'Skill']));
    expect(toolNames(mate!).filter((t) => !listed.includes(t))).toEqual([]);
  });

  it('runs the library\'s format hook from .claude/settings.json on the file the lead wrote, through the project\'s own tool', () => {
    expect(on.debugLog).toMatch(/Hooks: PostToolUse:Write \[.*\] finished with status 0/);
    expect(readFileSync(join(dir, 'prettier.log'), 'utf8').trim()).toBe(`--write --ignore-unknown ${written}`);
    expect(complaints(on.debugLog)).toEqual([]);
  });
});

describe('hooks and MCP servers of both scopes, in the real client', () => {
  const dir = tempDir('integrations-claude-');
  const library = writeLibrary(tempDir('integrations-lib-'), {
    version: 1,
    categories: { core: { title: 'Core' } },
    skills: { notes: { category: 'core' } },
    roles: {
      checker: {
        title: 'Checker',
        description: 'Checks things with the tiny server.',
        tools: ['Read', 'Write'],
        skills: { include: ['notes'] },
        hooks: ['mark-write', 'mark-project'],
        mcp_servers: ['tiny-agent', 'tiny-project'],
      },
    },
    hooks: {
      'mark-write': { description: 'Marks a write by the agent.', scope: 'agent', event: 'PostToolUse', matcher: 'Write', command: 'echo agent >> "$CLAUDE_PROJECT_DIR/agent-hook.log"' },
      'mark-project': { description: 'Marks any write.', event: 'PostToolUse', matcher: 'Edit|Write', command: 'echo project >> "$CLAUDE_PROJECT_DIR/project-hook.log"', timeout: 10 },
    },
    mcp_servers: {
      'tiny-agent': { description: 'The tiny server, for the agent.', scope: 'agent', type: 'stdio', command: 'node', args: [TINY_SERVER] },
      'tiny-project': { description: 'The tiny server, for the project.', type: 'stdio', command: 'node', args: [TINY_SERVER], env: { TINY_TOKEN: '${TINY_TOKEN}' } },
    },
  });
  let result: ClaudeRun;

  beforeAll(async () => {
    cli(dir, library, 'init', '--yes');
    cli(dir, library, 'add', 'check', 'checker', '--yes');
    writeFileSync(join(dir, '.claude/agent-team.yaml'), `${readFileSync(join(dir, '.claude/agent-team.yaml'), 'utf8')}integrations:\n  hooks: true\n  mcp: true\n`);
    cli(dir, library, 'sync', '--yes');
    // Agent frontmatter hooks and MCP servers need workspace trust (findings §8); the project ones do not.
    result = await runClaude({
      cwd: dir,
      trust: true,
      args: ['-p', 'check it', '--permission-mode', 'acceptEdits'],
      script: [
        { label: 'agent-done', when: both(systemIncludes('Checks things with the tiny server.'), answers('aw')), reply: { text: 'AGENT-REPORT' } },
        { label: 'agent-write', when: systemIncludes('Checks things with the tiny server.'), reply: { toolUses: [{ id: 'aw', name: 'Write', input: { file_path: join(dir, 'out.txt'), content: 'x\n' } }] } },
        { label: 'lead-done', when: both(LEAD, answers('go')), reply: { text: 'done' }, times: Infinity },
        { label: 'lead-go', when: LEAD, reply: { toolUses: [{ id: 'go', name: 'Agent', input: { subagent_type: 'check', description: 'Check', prompt: 'Check it.', run_in_background: false } }] } },
      ],
      timeoutMs: 40_000,
    });
    runs.push(result);
  }, 120_000);

  it('writes each in its place: project ones in settings.json and .mcp.json, agent ones in the frontmatter', () => {
    const settings = JSON.parse(readFileSync(join(dir, '.claude/settings.json'), 'utf8'));
    expect(settings.hooks.PostToolUse).toEqual([{ matcher: 'Edit|Write', hooks: [{ type: 'command', command: 'echo project >> "$CLAUDE_PROJECT_DIR/project-hook.log"', timeout: 10 }] }]);
    expect(JSON.parse(readFileSync(join(dir, '.mcp.json'), 'utf8'))).toEqual({ mcpServers: { 'tiny-project': { type: 'stdio', command: 'node', args: [TINY_SERVER], env: { TINY_TOKEN: '${TINY_TOKEN}' } } } });
    const agent = readFileSync(join(dir, '.claude/agents/check.md'), 'utf8');
    expect(agent).toContain('tools: "Read, Write, Skill, mcp__tiny-agent"');
    expect(agent).toMatch(/mcpServers:\n {2}- tiny-agent:\n {6}type: "stdio"/);
    expect(agent).toMatch(/hooks:\n {2}PostToolUse:\n {4}- matcher: "Write"/);
  });

  it('loads them all without a complaint: both servers connect, both hooks run', () => {
    expect(result.status, result.stderr).toBe(0);
    expect(result.answeredBy).toEqual(expect.arrayContaining(['lead-go', 'agent-write', 'agent-done', 'lead-done']));
    expect(result.debugLog).toMatch(/MCP server "tiny-project".*Successfully connected/);
    expect(result.debugLog).toMatch(/\[Agent: check\] Connected to MCP server 'tiny-agent'/);
    expect(result.debugLog).toMatch(/Registered 1 frontmatter hook\(s\) from agent 'check'/);
    expect(readFileSync(join(dir, 'agent-hook.log'), 'utf8').trim()).toBe('agent');
    expect(readFileSync(join(dir, 'project-hook.log'), 'utf8').trim()).toBe('project');
    expect(complaints(result.debugLog)).toEqual([]);
  });

  it('gives the agent the tools of its own server, and the lead the project server as a deferred tool', () => {
    const agentRequest = result.messages.find((m) => systemText(m).includes('Checks things with the tiny server.'))!;
    expect(toolNames(agentRequest)).toContain('mcp__tiny-agent__ping');
    expect(messagesText(result.messages[0]!)).toContain('mcp__tiny-project__ping');
  });
});
