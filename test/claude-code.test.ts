import { execFile, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAgentFrontmatter } from '../src/core/claude/agent-rules.js';
import { parseFrontmatter } from '../src/core/claude/frontmatter.js';
import { checkSkillFrontmatter } from '../src/core/claude/skill-rules.js';
import { FULL_LIBRARY, read, ROOT, run, tempDir } from './helpers/cli.js';

/**
 * The bar: every file agent-team writes is loaded by the real Claude Code. The pinned client
 * (devDependency @anthropic-ai/claude-code) validates the files offline, and a run against a
 * local stub of the Anthropic API shows what it actually put into the model's context.
 */
const CLAUDE = join(ROOT, 'node_modules/.bin/claude');

function claude(args: string[], cwd: string, env: Record<string, string> = {}) {
  const home = tempDir('claude-home-');
  const result = spawnSync(CLAUDE, args, {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      ...env,
    },
  });
  if (result.error) throw result.error;
  return result;
}

/** The same, without blocking this process: the stub API server below runs in it. */
function claudeAsync(args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  const home = tempDir('claude-home-');
  return new Promise((resolve) => {
    execFile(CLAUDE, args, {
      cwd,
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: home, DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', ...env },
    }, (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

/** A stand-in for the Messages API on loopback: records each request, answers "ok". */
function startStub(): Promise<{ server: Server; url: string; requests: any[] }> {
  const requests: any[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const parsed = body ? JSON.parse(body) : {};
      requests.push(parsed);
      const message = { id: 'msg_stub', type: 'message', role: 'assistant', model: parsed.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 1 } };
      if (!parsed.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...message, content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
      send('message_start', { message });
      send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'ok' } });
      send('content_block_stop', { index: 0 });
      send('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 1 } });
      send('message_stop', {});
      res.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }));
  });
}

/** Everything the model was given: system prompt, messages and tools, as one searchable text. */
function contextOf(request: any): string {
  const parts: string[] = [];
  const collect = (value: unknown) => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect([request.system, request.messages, request.tools]);
  return parts.join('\n');
}

describe('files agent-team writes, as the real Claude Code client sees them', () => {
  const dir = tempDir();
  const agents = ['frontend', 'backend', 'architect', 'tech-lead', 'devops', 'pm', 'ba', 'qa', 'designer', 'mobile', 'web', 'api', 'ops', 'tester'];
  let stub: Awaited<ReturnType<typeof startStub>>;

  beforeAll(async () => {
    const cli = (...args: string[]) => expect(run(args, { cwd: dir, library: FULL_LIBRARY }).code, args.join(' ')).toBe(0);
    cli('init', '--preset', 'full');
    cli('add', 'web', 'dev-fe', '--framework', 'react', '--meta-framework', 'nextjs', '--styling', 'tailwind', '--state', 'zustand,tanstack-query', '--testing', 'vitest,playwright', '--ui-lib', 'shadcn');
    cli('add', 'api', 'dev-be', '--framework', 'nestjs', '--database', 'postgresql,redis', '--orm', 'prisma');
    cli('add', 'ops', 'devops', '--infra', 'aws,kubernetes,terraform', '--ci', 'github-actions');
    cli('add', 'tester', 'qa', '--testing', 'playwright,vitest');
    stub = await startStub();
  });
  afterAll(() => stub?.server.close());

  it('has the pinned client available', () => {
    expect(existsSync(CLAUDE), 'run npm ci: @anthropic-ai/claude-code is a devDependency').toBe(true);
    expect(claude(['--version'], dir).stdout).toMatch(/^2\.\d+\.\d+ \(Claude Code\)/);
  });

  it('passes `claude plugin validate --strict` with no errors or warnings', () => {
    const result = claude(['plugin', 'validate', join(dir, '.claude'), '--strict', '--json'], dir);
    const report = JSON.parse(result.stdout);
    expect(report.contents).toEqual([]);
    expect(report.success).toBe(true);
    expect(result.status).toBe(0);
  });

  it('writes agents that pass every Claude Code frontmatter rule and skills that pass the Agent Skills rules', () => {
    expect(readdirSync(join(dir, '.claude/agents')).sort()).toEqual(agents.map((a) => `${a}.md`).sort());
    for (const file of readdirSync(join(dir, '.claude/agents'))) {
      const { data } = parseFrontmatter(read(dir, `.claude/agents/${file}`));
      expect(checkAgentFrontmatter(file, data), file).toEqual([]);
      // Nothing preloaded: the skills the body lists, to load with the Skill tool, are installed.
      expect(data.skills, file).toBeUndefined();
      const listed = [...read(dir, `.claude/agents/${file}`).matchAll(/^- `([a-z0-9-]+)`: /gm)].map((m) => m[1]!);
      expect(listed.length, file).toBeGreaterThan(0);
      for (const skill of listed) expect(existsSync(join(dir, '.claude/skills', skill, 'SKILL.md')), `${file} → ${skill}`).toBe(true);
    }
    const skills = readdirSync(join(dir, '.claude/skills'));
    expect(skills.length).toBeGreaterThanOrEqual(50);
    for (const skill of skills) {
      // Flat: one level under .claude/skills, where Claude Code looks.
      expect(existsSync(join(dir, '.claude/skills', skill, 'SKILL.md')), skill).toBe(true);
      expect(checkSkillFrontmatter(skill, parseFrontmatter(read(dir, `.claude/skills/${skill}/SKILL.md`)).data), skill).toEqual([]);
    }
  });

  it('loads every agent, every skill, the team rules, the lessons and the CLAUDE.md section into a session', async () => {
    stub.requests.length = 0;
    const result = await claudeAsync(['-p', 'hi'], dir, { ANTHROPIC_BASE_URL: stub.url, ANTHROPIC_API_KEY: 'sk-test-not-a-key' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('ok');
    const context = contextOf(stub.requests.at(-1));
    const listing = context.slice(context.indexOf('Available agent types'));
    for (const agent of agents) {
      const description = parseFrontmatter(read(dir, `.claude/agents/${agent}.md`)).data.description as string;
      expect(listing, agent).toContain(`- ${agent}: ${description}`);
    }
    // The main-session skills with their description, every other one by name only (skillOverrides).
    const mainSession = ['code-review', 'debugging', 'git-workflow'];
    for (const skill of readdirSync(join(dir, '.claude/skills'))) expect(context, skill).toMatch(new RegExp(`\\n- ${skill}${mainSession.includes(skill) ? ': ' : '\\n'}`));
    expect(context).toContain('| `web` | Frontend Developer | React, Next.js, Tailwind CSS, Zustand, TanStack Query, Vitest, Playwright, shadcn/ui |');
    const commonRules = readFileSync(join(dir, '.claude/rules/agent-team.md'), 'utf8').split('\n').find((l) => l.length > 60)!;
    expect(context).toContain(commonRules);
    expect(context).toContain('# Lessons learned');
    // The markers are HTML comments, which Claude Code strips: they cost no context.
    expect(context).not.toContain('agent-team:begin');
  });

  it('runs the main session as the agent chosen with `switch`', async () => {
    expect(run(['switch', 'web'], { cwd: dir, library: FULL_LIBRARY }).code).toBe(0);
    stub.requests.length = 0;
    const result = await claudeAsync(['-p', 'hi'], dir, { ANTHROPIC_BASE_URL: stub.url, ANTHROPIC_API_KEY: 'sk-test-not-a-key' });
    expect(result.status, result.stderr).toBe(0);
    const system = JSON.stringify(stub.requests.at(-1).system);
    expect(system).toContain('You are **web**, the Frontend Developer');
    expect(system).toContain('### Next.js');
  });
});
