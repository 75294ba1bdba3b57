import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'yaml';
import { describe, expect, it } from 'vitest';
import { FULL_LIBRARY, MINI_LIBRARY, read, ROOT, run, snapshot, tempDir } from './helpers/cli.js';
import { KEY, startCli } from './helpers/pty.js';

/**
 * The interactive flows, driven through a real pseudo-terminal: keys in, screen out, then the
 * files on disk. Each prompt screen is kept in test-output/screens/<flow>/ for review.
 */
const STACKS = join(ROOT, 'test/fixtures/stacks');

function fixture(name: string): string {
  const dir = tempDir();
  cpSync(join(STACKS, name), dir, { recursive: true });
  return dir;
}

function team(dir: string): Record<string, { role: string; variants?: Record<string, string | string[]> }> {
  return (yaml.parse(read(dir, '.claude/agent-team.yaml')) as { agents: Record<string, never> }).agents;
}

describe('init in a terminal', () => {
  it('Next.js + Prisma: shows the stack, proposes frontend/backend/qa, names them, reviews the plan, writes on yes', async () => {
    const dir = fixture('nextjs-prisma');
    const cli = startCli(['init'], { cwd: dir, flow: 'init-nextjs-prisma', library: FULL_LIBRARY });

    const picker = await cli.waitFor('Start the team with these agents?', { step: 'detected-and-proposed' });
    // Each technology with the major its manifest allows (the fixture has no lockfile).
    expect(picker).toMatch(/Next\.js 15\s+npm next, file next\.config\.mjs/);
    expect(picker).toMatch(/PostgreSQL\s+prisma\/schema\.prisma: provider = "postgresql"/);
    // Playwright is end-to-end testing: QA's tool, not the frontend's.
    expect(picker).toMatch(/◉ frontend\s+Frontend Developer: React, Next\.js, Tailwind CSS\n/);
    expect(picker).toMatch(/◉ backend\s+Backend Developer: PostgreSQL, Prisma/);
    expect(picker).toMatch(/◉ qa\s+QA Engineer: Playwright/);
    expect(picker).toMatch(/◯ tech-lead\s+Tech Lead: React\n/);
    cli.press(KEY.enter);

    await cli.waitFor('Name of the Frontend Developer agent: (frontend)');
    // An invalid name is shown as wrong while typing and refused on Enter.
    cli.press('Web App');
    await cli.waitFor('✗ The name contains whitespace', { step: 'name-invalid-while-typing' });
    cli.press(KEY.enter);
    await cli.waitFor(/The name contains whitespace\. Use lowercase letters/, { step: 'name-refused' });
    cli.press(...Array(7).fill(KEY.backspace), 'web', KEY.enter);

    await cli.waitFor('Name of the Backend Developer agent: (backend)');
    cli.press(KEY.enter);
    await cli.waitFor('Name of the QA Engineer agent: (qa)');
    cli.press(KEY.enter);

    const review = await cli.waitFor(/Write \d+ files\?/, { step: 'review-plan' });
    expect(review).toMatch(/web: Frontend Developer \(React 19, Next\.js 15, Tailwind CSS 4\), \d+ skills, ~[\d.]+k tokens when it starts/);
    expect(review).toMatch(/react-patterns/);
    expect(review).toMatch(/\+ \.claude\/agents\/web\.md/);
    expect(review).toMatch(/\+ \.claude\/skills\/: \d+ skill folders/);
    expect(existsSync(join(dir, '.claude'))).toBe(false);
    cli.press('y', KEY.enter);

    await cli.waitFor('Initialised the agent team', { step: 'done' });
    expect(await cli.exit()).toBe(0);
    expect(team(dir)).toEqual({
      web: { role: 'dev-fe', variants: { framework: 'react', 'meta-framework': 'nextjs', styling: 'tailwind' }, versions: { react: 19, nextjs: 15, tailwind: 4 } },
      backend: { role: 'dev-be', variants: { database: 'postgresql', orm: 'prisma' }, versions: { prisma: 6 } },
      qa: { role: 'qa', variants: { testing: 'playwright' }, versions: { playwright: 1 } },
    });
    expect(readdirSync(join(dir, '.claude/agents')).sort()).toEqual(['backend.md', 'qa.md', 'web.md']);
    expect(read(dir, '.claude/agents/web.md')).toContain('Next.js');
    expect(run(['sync', '--check'], { cwd: dir, library: FULL_LIBRARY }).code).toBe(0);
  });
});

describe('init in a terminal: other stacks', () => {
  it('npm-workspaces monorepo: one frontend per incompatible app, packages named; unticking devops leaves it out', async () => {
    const dir = fixture('monorepo');
    const cli = startCli(['init'], { cwd: dir, flow: 'init-monorepo', library: FULL_LIBRARY });
    const picker = await cli.waitFor('Start the team with these agents?', { step: 'detected-and-proposed' });
    expect(picker).toMatch(/Next\.js 15\s+apps\/web: npm next, file next\.config\.mjs/);
    expect(picker).toMatch(/Vitest 3\s+root: npm vitest/);
    // The root's Vitest serves every package; its Playwright is QA's alone.
    expect(picker).toMatch(/◉ admin-frontend\s+Frontend Developer: Vue, Pinia, Vitest \(apps\/admin\)/);
    // Long lines wrap at the terminal's width, as they would for a user.
    expect(picker).toMatch(/◉ web-frontend\s+Frontend Developer: React, Next\.js,[^◉◯]*\(apps\/web,\s+packages\/ui\)/);
    // DevOps serves the whole project, wherever its evidence is.
    expect(picker).toMatch(/◉ devops\s+DevOps Engineer\n/);
    // The cursor is on the first agent; devops is the fourth.
    cli.press(KEY.down, KEY.down, KEY.down);
    await cli.waitFor('Proposed because of: file Dockerfile in apps/api');
    cli.press(KEY.space);
    await cli.waitFor(/◯ devops/, { step: 'devops-unticked' });
    cli.press(KEY.enter);
    for (const question of [
      'Name of the Frontend Developer agent for apps/admin: (admin-frontend)',
      'Name of the Frontend Developer agent for apps/web, packages/ui: (web-frontend)',
      'Name of the Backend Developer agent for apps/api: (backend)',
      // QA works from the root too, so on the whole project.
      'Name of the QA Engineer agent: (qa)',
    ]) {
      await cli.waitFor(question);
      cli.press(KEY.enter);
    }
    await cli.waitFor(/Write \d+ files\?/, { step: 'review-plan' });
    cli.press(KEY.enter);
    expect(await cli.exit()).toBe(0);
    expect(Object.keys(team(dir))).toEqual(['admin-frontend', 'web-frontend', 'backend', 'qa']);
    expect(team(dir)['admin-frontend']).toEqual({
      role: 'dev-fe',
      variants: { framework: 'vue', state: 'pinia', testing: 'vitest' },
      versions: { vue: 3, pinia: 3, vitest: 3 },
      paths: ['apps/admin'],
    });
    expect(existsSync(join(dir, '.claude/agents/devops.md'))).toBe(false);
  });

  it('Django: the backend with its databases, devops from docker compose, QA; all accepted as proposed', async () => {
    const dir = fixture('django');
    const cli = startCli(['init'], { cwd: dir, flow: 'init-django', library: FULL_LIBRARY });
    const picker = await cli.waitFor('Start the team with these agents?', { step: 'detected-and-proposed' });
    expect(picker).toMatch(/Django 5\s+pypi django, file manage\.py/);
    expect(picker).toMatch(/◉ backend\s+Backend Developer: Django, PostgreSQL, Redis, pytest/);
    cli.press(KEY.enter);
    for (const title of ['Backend Developer', 'DevOps Engineer', 'QA Engineer']) {
      await cli.waitFor(`Name of the ${title} agent:`);
      cli.press(KEY.enter);
    }
    await cli.waitFor(/Write \d+ files\?/);
    cli.press(KEY.enter);
    expect(await cli.exit()).toBe(0);
    expect(team(dir)).toEqual({
      backend: { role: 'dev-be', variants: { framework: 'django', database: ['postgresql', 'redis'], testing: 'pytest' }, versions: { django: 5, pytest: 8 } },
      devops: { role: 'devops' },
      qa: { role: 'qa' },
    });
  });

  it('an empty folder: nothing detected, nothing ticked; an empty choice writes only the base files', async () => {
    const dir = tempDir();
    const cli = startCli(['init'], { cwd: dir, flow: 'init-empty', library: FULL_LIBRARY });
    const picker = await cli.waitFor('Which agents should the team start with?', { step: 'nothing-detected' });
    expect(picker).toContain('nothing agent-team recognises');
    expect(picker).not.toContain('◉');
    cli.press(KEY.enter);
    await cli.waitFor('No agents yet: only the base files.');
    await cli.waitFor(/Write \d+ files\?/);
    cli.press(KEY.enter);
    expect(await cli.exit()).toBe(0);
    expect(team(dir)).toEqual({});
    expect(existsSync(join(dir, '.claude/rules/agent-team.md'))).toBe(true);
  });
});

describe('add in a terminal', () => {
  it('role, then each variant with detected values preselected, then the name; skills and token cost before yes', async () => {
    const dir = fixture('react-vite');
    expect(run(['init'], { cwd: dir, library: FULL_LIBRARY }).code).toBe(0);
    const cli = startCli(['add'], { cwd: dir, flow: 'add', library: FULL_LIBRARY });

    const roles = await cli.waitFor('Role of the new agent:', { step: 'role' });
    // The role detection proposes is offered first, with its description.
    expect(roles).toMatch(/❯ dev-fe\s+Frontend Developer/);
    expect(roles).toContain('Builds and fixes the web client');
    cli.press(KEY.enter);

    const framework = await cli.waitFor('UI framework:', { step: 'framework' });
    expect(framework).toMatch(/❯ React \(detected\)/);
    expect(framework).toContain('Detected: npm react');
    cli.press(KEY.enter);
    await cli.waitFor('Meta-framework:');
    cli.press(KEY.enter);
    await cli.waitFor('Styling:');
    cli.press(KEY.enter);
    const state = await cli.waitFor('State and data fetching (any number):', { step: 'state' });
    expect(state).toMatch(/◉ Zustand \(detected\)/);
    expect(state).toMatch(/◯ Redux Toolkit/);
    expect(state).toMatch(/◉ TanStack Query \(detected\)/);
    // Untick TanStack Query, the fifth value.
    cli.press(KEY.down, KEY.down, KEY.down, KEY.down, KEY.space);
    await cli.waitFor(/◯ TanStack Query/);
    cli.press(KEY.enter);
    await cli.waitFor('Testing tools (any number):');
    cli.press(KEY.enter);
    await cli.waitFor('Component library:');
    cli.press(KEY.enter);

    await cli.waitFor('Name of the new Frontend Developer agent: (frontend)');
    cli.press('shop-fe', KEY.enter);
    const review = await cli.waitFor('Add shop-fe?', { step: 'review' });
    expect(review).toMatch(/shop-fe: Frontend Developer \(React 19, Tailwind CSS 4, Zustand 5, Vitest 3, Testing Library 16\), \d+ skills, ~\s*[\d.]+k\s+tokens\s+when it starts/);
    expect(review).toContain('react-patterns');
    expect(review).toMatch(/\+ \.claude\/agents\/shop-fe\.md/);
    cli.press('y', KEY.enter);
    await cli.waitFor('Added shop-fe:');
    expect(await cli.exit()).toBe(0);
    expect(team(dir)).toEqual({
      'shop-fe': {
        role: 'dev-fe',
        variants: { framework: 'react', styling: 'tailwind', state: 'zustand', testing: ['vitest', 'testing-library'] },
        // The majors of the chosen values, from the fixture's ranges; TanStack Query was unticked.
        versions: { react: 19, tailwind: 4, zustand: 5, vitest: 3, 'testing-library': 16 },
      },
    });
    expect(run(['sync', '--check'], { cwd: dir, library: FULL_LIBRARY }).code).toBe(0);
  });

  it('only what is missing is asked: a name and a variant flag given, role and the other variants prompted', async () => {
    const dir = tempDir();
    expect(run(['init'], { cwd: dir, library: MINI_LIBRARY }).code).toBe(0);
    const cli = startCli(['add', 'web', '--state', 'redux'], { cwd: dir, flow: 'add-partial', library: MINI_LIBRARY });
    await cli.waitFor('Role of the new agent:');
    cli.press(KEY.enter);
    const framework = await cli.waitFor('Framework:');
    // Nothing detected in an empty folder, so the cursor starts on none.
    expect(framework).toMatch(/ React\n\s+Vue\n❯ none/);
    cli.press(KEY.up, KEY.enter);
    await cli.waitFor('Add web?', { step: 'review' });
    expect(await cli.screen()).not.toContain('State');
    cli.press(KEY.enter);
    expect(await cli.exit()).toBe(0);
    expect(team(dir)).toEqual({ web: { role: 'fe', variants: { framework: 'vue', state: 'redux' } } });
  });

  it('a name that is taken is refused before any question', async () => {
    const dir = tempDir();
    expect(run(['init', '--roles', 'fe'], { cwd: dir, library: MINI_LIBRARY }).code).toBe(0);
    const before = snapshot(dir);
    const cli = startCli(['add', 'fe'], { cwd: dir, flow: 'add-taken', library: MINI_LIBRARY });
    expect(await cli.exit()).toBe(1);
    expect(await cli.capture('refused')).toMatch(/Agent "fe" is already in the team \(role fe\)/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--dry-run asks, shows the plan and writes nothing', async () => {
    const dir = tempDir();
    expect(run(['init'], { cwd: dir, library: MINI_LIBRARY }).code).toBe(0);
    const before = snapshot(dir);
    const cli = startCli(['add', 'api', '--dry-run'], { cwd: dir, flow: 'add-dry-run', library: MINI_LIBRARY });
    await cli.waitFor('Role of the new agent:');
    cli.press(KEY.down, KEY.enter);
    await cli.waitFor('Dry run: nothing was written.', { step: 'plan' });
    expect(await cli.screen()).toMatch(/Would add api: Backend Developer/);
    expect(await cli.exit()).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });
});

/** A project with frontend, backend and qa, made without prompts. */
function teamOfThree(): string {
  const dir = fixture('nextjs-prisma');
  expect(run(['init', '--yes'], { cwd: dir, library: FULL_LIBRARY }).code).toBe(0);
  return dir;
}

describe('remove in a terminal', () => {
  it('tick agents, see what is deleted and which shared skills stay, confirm', async () => {
    const dir = teamOfThree();
    const cli = startCli(['remove'], { cwd: dir, flow: 'remove', library: FULL_LIBRARY });
    const list = await cli.waitFor('Remove which agents?', { step: 'checklist' });
    expect(list).toMatch(/◯ backend\s+Backend Developer: PostgreSQL, Prisma/);
    cli.press(KEY.down, KEY.space, KEY.enter);
    const review = await cli.waitFor('Remove backend? (y/N)', { step: 'review' });
    expect(review).toMatch(/- \.claude\/agents\/backend\.md/);
    expect(review).toMatch(/- \.claude\/skills\/: \d+ skill folders/);
    expect(review).toMatch(/Skills that stay, because other agents use them:[\s\S]*code-review, debugging \(frontend, qa\)/);
    cli.press('y', KEY.enter);
    await cli.waitFor('Removed backend.');
    expect(await cli.exit()).toBe(0);
    expect(Object.keys(team(dir))).toEqual(['frontend', 'qa']);
    expect(existsSync(join(dir, '.claude/agents/backend.md'))).toBe(false);
    expect(existsSync(join(dir, '.claude/skills/api-design'))).toBe(false);
    expect(existsSync(join(dir, '.claude/skills/code-review/SKILL.md'))).toBe(true);
  });

  it('answering no (the default) changes nothing and exits 130', async () => {
    const dir = teamOfThree();
    const before = snapshot(dir);
    const cli = startCli(['remove'], { cwd: dir, flow: 'remove-declined', library: FULL_LIBRARY });
    await cli.waitFor('Remove which agents?');
    cli.press(KEY.space, KEY.enter);
    await cli.waitFor('Remove frontend? (y/N)');
    cli.press(KEY.enter);
    await cli.waitFor('Cancelled: nothing was changed.');
    expect(await cli.exit()).toBe(130);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('switch in a terminal', () => {
  it('pick from the team, the current agent marked', async () => {
    const dir = teamOfThree();
    let cli = startCli(['switch'], { cwd: dir, flow: 'switch', library: FULL_LIBRARY });
    const first = await cli.waitFor('Which agent should the main session run as?', { step: 'none-current' });
    expect(first).toMatch(/none: plain Claude Code\s+● current/);
    expect(first).toMatch(/❯ frontend/);
    cli.press(KEY.down, KEY.down, KEY.enter);
    await cli.waitFor("Made qa the main session's agent");
    expect(await cli.exit()).toBe(0);
    expect(JSON.parse(read(dir, '.claude/settings.local.json'))).toEqual({ agent: 'qa' });

    cli = startCli(['switch'], { cwd: dir, flow: 'switch-again', library: FULL_LIBRARY });
    const second = await cli.waitFor('Which agent should the main session run as?', { step: 'qa-current' });
    expect(second).toMatch(/❯ qa\s+QA Engineer: Playwright\s+● current/);
    cli.press(KEY.down, KEY.enter);
    await cli.waitFor('Cleared the active agent');
    expect(await cli.exit()).toBe(0);
    // The file held only the agent key switch wrote: clearing it removes the file (issue 9, problem 11).
    expect(existsSync(join(dir, '.claude/settings.local.json'))).toBe(false);
  });
});

describe('leaving a prompt: Ctrl-C or Esc exits 130 and writes nothing', () => {
  it('Ctrl-C at the init checklist', async () => {
    const dir = fixture('go');
    const before = snapshot(dir);
    const cli = startCli(['init'], { cwd: dir, flow: 'cancel-init-ctrl-c', library: FULL_LIBRARY });
    await cli.waitFor('Start the team with these agents?');
    cli.press(KEY.ctrlC);
    await cli.waitFor('Cancelled: nothing was changed.', { step: 'cancelled' });
    expect(await cli.exit()).toBe(130);
    expect(snapshot(dir)).toEqual(before);
  });

  it('Esc at the name question of init', async () => {
    const dir = fixture('express');
    const before = snapshot(dir);
    const cli = startCli(['init'], { cwd: dir, flow: 'cancel-init-esc', library: FULL_LIBRARY });
    await cli.waitFor('Start the team with these agents?');
    cli.press(KEY.enter);
    await cli.waitFor('Name of the Backend Developer agent:');
    cli.press(KEY.esc);
    await cli.waitFor('Cancelled: nothing was changed.');
    expect(await cli.exit()).toBe(130);
    expect(snapshot(dir)).toEqual(before);
  });

  it('Esc at the role of add', async () => {
    const dir = tempDir();
    expect(run(['init'], { cwd: dir, library: MINI_LIBRARY }).code).toBe(0);
    const before = snapshot(dir);
    const cli = startCli(['add'], { cwd: dir, flow: 'cancel-add-esc', library: MINI_LIBRARY });
    await cli.waitFor('Role of the new agent:');
    cli.press(KEY.esc);
    await cli.waitFor('Cancelled: nothing was changed.', { step: 'cancelled' });
    expect(await cli.exit()).toBe(130);
    expect(snapshot(dir)).toEqual(before);
  });

  it('Ctrl-C at the final confirmation of add', async () => {
    const dir = tempDir();
    expect(run(['init'], { cwd: dir, library: MINI_LIBRARY }).code).toBe(0);
    const before = snapshot(dir);
    const cli = startCli(['add', 'api'], { cwd: dir, flow: 'cancel-add-confirm', library: MINI_LIBRARY });
    await cli.waitFor('Role of the new agent:');
    cli.press(KEY.down, KEY.enter);
    await cli.waitFor('Add api?');
    cli.press(KEY.ctrlC);
    await cli.waitFor('Cancelled: nothing was changed.');
    expect(await cli.exit()).toBe(130);
    expect(snapshot(dir)).toEqual(before);
  });

  it('Ctrl-C at the remove checklist and at the switch list', async () => {
    const dir = teamOfThree();
    const before = snapshot(dir);
    for (const command of ['remove', 'switch']) {
      const cli = startCli([command], { cwd: dir, flow: `cancel-${command}`, library: FULL_LIBRARY });
      await cli.waitFor(command === 'remove' ? 'Remove which agents?' : 'Which agent should the main session run as?');
      cli.press(KEY.ctrlC);
      expect(await cli.exit()).toBe(130);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('no prompt in a terminal when prompts are switched off', () => {
  it('--yes: a missing argument is an error naming the flag', async () => {
    const dir = tempDir();
    expect(run(['init'], { cwd: dir, library: MINI_LIBRARY }).code).toBe(0);
    const before = snapshot(dir);
    const cli = startCli(['add', '--yes'], { cwd: dir, flow: 'yes-no-prompt', library: MINI_LIBRARY });
    expect(await cli.exit()).toBe(2);
    const screen = await cli.capture('error');
    expect(screen).toMatch(/Missing the agent name \(--yes was given/);
    expect(screen).not.toContain('?');
    expect(snapshot(dir)).toEqual(before);
  });

  it('CI=true in the environment: init writes the base files only, without asking', async () => {
    const dir = fixture('express');
    const cli = startCli(['init'], { cwd: dir, flow: 'ci-no-prompt', library: FULL_LIBRARY, env: { CI: 'true' } });
    expect(await cli.exit()).toBe(0);
    expect(await cli.capture('base-files-only')).toContain('Initialised the agent team');
    expect(team(dir)).toEqual({});
  });

  it('--json in a terminal: one JSON document and no progress bytes; progress shows otherwise', async () => {
    const dir = fixture('express');
    const cli = startCli(['init', '--yes', '--json'], { cwd: dir, flow: 'json-in-terminal', library: FULL_LIBRARY });
    expect(await cli.exit()).toBe(0);
    await cli.capture('json');
    const doc = JSON.parse(cli.output().replace(/\r\n/g, '\n'));
    expect(doc).toMatchObject({ ok: true, command: 'init', detected: { proposal: [{ name: 'backend' }, { name: 'qa' }] } });

    const other = fixture('express');
    const shown = startCli(['init', '--yes'], { cwd: other, flow: 'progress-in-terminal', library: FULL_LIBRARY });
    expect(await shown.exit()).toBe(0);
    // The status line is erased once the work is done: it is in the byte stream, not on the final screen.
    expect(await shown.capture('done')).not.toContain('Looking at the project...');
    expect(shown.output()).toContain('Looking at the project...');
  });
});
