import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'yaml';
import { describe, expect, it } from 'vitest';
import { FULL_LIBRARY, MINI_LIBRARY, read, ROOT, run, snapshot, tempDir } from './helpers/cli.js';

/** `detect`, and `init` with and without --yes, where no terminal is attached. */
const STACKS = join(ROOT, 'test/fixtures/stacks');
const full = { library: FULL_LIBRARY };

function fixture(name: string): string {
  const dir = tempDir();
  cpSync(join(STACKS, name), dir, { recursive: true });
  return dir;
}

function agents(dir: string): Record<string, unknown> {
  return (yaml.parse(read(dir, '.claude/agent-team.yaml')) as { agents: Record<string, unknown> }).agents;
}

describe('agent-team detect', () => {
  it('--json prints one document: packages, stack with evidence, proposal; nothing on stderr', () => {
    const r = run(['detect', '--json'], { cwd: join(STACKS, 'monorepo'), ...full });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = r.json();
    expect(doc).toMatchObject({ ok: true, command: 'detect', root: join(STACKS, 'monorepo'), truncated: false });
    expect(doc.packages.map((p: { dir: string }) => p.dir)).toEqual(['.', 'apps/admin', 'apps/api', 'apps/web', 'packages/ui']);
    expect(doc.stack.find((s: { value: string }) => s.value === 'nestjs')).toEqual({
      value: 'nestjs',
      title: 'NestJS',
      kind: 'Server framework',
      where: [{ package: 'apps/api', because: ['npm @nestjs/core'], version: 11 }],
    });
    expect(doc.unowned).toEqual([]);
    expect(doc.proposal.map((a: { name: string }) => a.name)).toEqual(['admin-frontend', 'web-frontend', 'backend', 'devops', 'qa']);
  });

  it('human output lists the evidence and the proposed team, and how to create it', () => {
    const r = run(['detect'], { cwd: join(STACKS, 'nextjs-prisma'), ...full });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Stack detected in .*nextjs-prisma:/);
    // Majors from the manifest's ranges (the fixture has no lockfile): next 15.3.0, prisma ^6.
    expect(r.stdout).toMatch(/Next\.js 15\s+npm next, file next\.config\.mjs/);
    expect(r.stdout).toMatch(/Prisma 6\s+npm prisma, npm @prisma\/client, file prisma\/schema\.prisma/);
    // Playwright is end-to-end testing: QA's tool, not the frontend's.
    expect(r.stdout).toMatch(/Proposed team:\n {2}frontend\s+Frontend Developer: React, Next\.js, Tailwind CSS\n {2}backend\s+Backend Developer: PostgreSQL, Prisma\n {2}qa\s+QA Engineer: Playwright/);
    expect(r.stdout).toContain('npx --no-install agent-team init --yes');
  });

  it('a monorepo: majors per package, and the packages no proposed agent owns (shared configs are not listed)', () => {
    const corpus = join(ROOT, 'test/fixtures/corpus/t3-turbo-next-expo-trpc');
    const r = run(['detect'], { cwd: corpus, ...full });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Next\.js 16\s+apps\/nextjs: npm next/);
    // React is seen in the Expo app too, and ruled out there as a web frontend.
    expect(r.stdout).toMatch(/React 19\s+apps\/expo: npm react, ruled out here by npm react-native, npm expo; apps\/nextjs: npm react/);
    expect(r.stdout).toContain('not owned by any proposed agent: packages/validators, tooling/github');
    const doc = run(['detect', '--json'], { cwd: corpus, ...full }).json();
    expect(doc.unowned).toEqual(['packages/validators', 'tooling/github']);
    expect(doc.proposal.find((a: { role: string }) => a.role === 'dev-be')).toMatchObject({ paths: ['packages/api', 'packages/auth', 'packages/db'], versions: { drizzle: 0 } });
  });

  it('in an initialised project it runs at the team root and points to add', () => {
    const dir = fixture('express');
    expect(run(['init'], { cwd: dir, ...full }).code).toBe(0);
    const r = run(['detect', '--cwd', join(dir, '.claude')], { cwd: dir, ...full });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Stack detected in ${dir}:`);
    expect(r.stdout).toContain('Add agents with npx --no-install agent-team add');
  });

  it('a folder that does not exist', () => {
    const r = run(['detect', '--cwd', '/nonexistent/place'], { cwd: tempDir(), ...full });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The folder \/nonexistent\/place does not exist[\s\S]*hint: Pass an existing project folder/);
  });
});

describe('init without a terminal', () => {
  it('--yes creates the proposed team from detection, says so and lists what was detected', () => {
    const dir = fixture('nestjs-prisma');
    const r = run(['init', '--yes'], { cwd: dir, ...full });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Stack detected in .*:\n[^\n]*\n {2}NestJS 11\s+npm @nestjs\/core, file nest-cli\.json/);
    expect(r.stdout).toContain('--yes: the proposed team is created without asking');
    expect(r.stdout).toMatch(/Initialised the agent team in .*; added backend, devops, qa\./);
    expect(agents(dir)).toEqual({
      backend: { role: 'dev-be', variants: { framework: 'nestjs', database: ['mysql', 'redis'], orm: 'prisma', testing: 'jest' }, versions: { nestjs: 11, prisma: 6, jest: 30 } },
      devops: { role: 'devops', variants: { ci: 'github-actions' } },
      qa: { role: 'qa', variants: { testing: 'jest' }, versions: { jest: 30 } },
    });
    expect(existsSync(join(dir, '.claude/agents/devops.md'))).toBe(true);
    expect(run(['sync', '--check'], { cwd: dir, ...full }).code).toBe(0);
  });

  it('without --yes (CI, a pipe): base files only, nothing guessed', () => {
    const dir = fixture('nestjs-prisma');
    const r = run(['init'], { cwd: dir, ...full });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Stack detected');
    expect(agents(dir)).toEqual({});
  });

  it('--yes --json: one document with the detection and the agents added', () => {
    const dir = fixture('go');
    const r = run(['init', '--yes', '--json'], { cwd: dir, ...full });
    expect(r.code).toBe(0);
    const doc = r.json();
    expect(doc.detected.proposal.map((a: { name: string }) => a.name)).toEqual(['backend', 'devops', 'qa']);
    expect(doc.agents.map((a: { name: string; variants: unknown }) => [a.name, a.variants])).toEqual([
      // pgx in go.mod is PostgreSQL's driver, go-redis Redis's.
      ['backend', { framework: ['go-std'], database: ['postgresql', 'redis'] }],
      ['devops', { ci: ['gitlab-ci'] }],
      ['qa', {}],
    ]);
  });

  it('--yes --dry-run shows the proposed team and writes nothing', () => {
    const dir = fixture('express');
    const before = snapshot(dir);
    const r = run(['init', '--yes', '--dry-run'], { cwd: dir, ...full });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Would initialise the agent team in .*; would add backend, qa\./);
    expect(r.stdout).toContain('Dry run: nothing was written.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--yes on a team that has agents adds nothing: the proposal is for a new team only', () => {
    const dir = fixture('express');
    expect(run(['init', '--roles', 'qa'], { cwd: dir, ...full }).code).toBe(0);
    const before = snapshot(dir);
    const r = run(['init', '--yes'], { cwd: dir, ...full });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is already set up.');
    expect(snapshot(dir)).toEqual(before);
  });

  it('--yes with --roles or --preset takes those, not the proposal', () => {
    const dir = fixture('express');
    expect(run(['init', '--yes', '--roles', 'pm'], { cwd: dir, ...full }).code).toBe(0);
    expect(agents(dir)).toEqual({ pm: { role: 'pm' } });
  });

  it('--yes where nothing is detected (or the library proposes nothing): base files only, and it says why', () => {
    const dir = fixture('react-vite');
    const r = run(['init', '--yes'], { cwd: dir, library: MINI_LIBRARY });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/React 19\s+npm react/);
    expect(r.stdout).not.toContain('not owned');
    expect(r.stdout).toContain('--yes: nothing to propose, so the team starts without agents.');
    expect(agents(dir)).toEqual({});
  });
});
