import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'yaml';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../src/core/claude/frontmatter.js';
import { bodySkills, MINI_LIBRARY, read, ROOT, run, tempDir } from './helpers/cli.js';
import { startDashboard, type Dashboard } from './helpers/dashboard.js';

/**
 * The dashboard in a real headless Chromium (Debian's `chromium`, installed by .ci/run), doing
 * what a user does, and checking the files on disk after each change.
 */
const CHROMIUM = process.env.AGENT_TEAM_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-output', 'screenshots');
const lib = { library: MINI_LIBRARY };

describe('the dashboard in a browser', () => {
  let dir: string;
  let d: Dashboard;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const nav = (name: string) => page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name, exact: true }).click();
  const team = () => yaml.parse(read(dir, '.claude/agent-team.yaml')) as any;

  /**
   * Every change goes through the plan dialog: check what it shows, then apply. A plan that
   * deletes files asks a second time (`deletes`), with a button of its own.
   */
  async function reviewAndApply(expectInPlan: RegExp, options: { deletes?: boolean } = {}): Promise<void> {
    const dialog = page.getByRole('dialog', { name: 'Review the change' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const apply = dialog.getByRole('button', { name: options.deletes ? 'Apply…' : 'Apply', exact: true });
    await apply.waitFor();
    expect(await dialog.textContent()).toMatch(expectInPlan);
    await apply.click();
    if (options.deletes) await dialog.getByRole('button', { name: /^Delete \d+ files and apply$/ }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}: install it (apt-get install chromium; .ci/run does this) to run the dashboard's browser tests.`);
    }
    mkdirSync(SHOTS, { recursive: true });
    dir = tempDir('agent-team-e2e-');
    expect(run(['init'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['add', 'api', 'be'], { cwd: dir, ...lib }).code).toBe(0);
    d = await startDashboard(dir, lib);
    context = await chromium.launchPersistentContext(tempDir('agent-team-chromium-'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 860 },
      colorScheme: 'light',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 30_000,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    // Console errors include every Content-Security-Policy violation and failed request.
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
  });

  afterAll(async () => {
    await context?.close();
    await d?.stop();
  });

  it('opens with its token, keeps it out of the address bar and shows the overview', async () => {
    await page.goto(d.url);
    await page.getByTestId('stat-agents').waitFor();
    expect(await page.getByTestId('stat-agents').textContent()).toBe('1');
    expect(page.url()).not.toContain('token');
    expect(await page.evaluate(() => sessionStorage.getItem('agent-team-token'))).toBe(d.token);
    await page.getByText('Live').waitFor();
    await page.getByTestId('no-problems').waitFor();
    await shot('overview');
  });

  it('creates an agent with variants after showing its plan; its file appears on disk', async () => {
    await nav('Agents');
    await page.getByLabel('Agent name').fill('web');
    await page.getByLabel('Role').selectOption('fe');
    await page.getByLabel('Framework').selectOption('react');
    await page.getByLabel('Zustand').check();
    await page.getByLabel('Redux Toolkit').check();
    await shot('agents-new');
    expect(existsSync(join(dir, '.claude/agents/web.md'))).toBe(false);
    await page.getByRole('button', { name: 'Preview changes…' }).click();
    await page.getByRole('dialog').getByText('.claude/agents/web.md', { exact: true }).waitFor();
    await shot('plan-dialog');
    expect(existsSync(join(dir, '.claude/agents/web.md'))).toBe(false);
    await reviewAndApply(/web: Frontend Developer \(React, Zustand, Redux Toolkit\), 6 skills[\s\S]*Create\s*\.claude\/agents\/web\.md/);
    await expect.poll(() => page.getByTestId('announcement').textContent()).toContain('Applied: web: Frontend Developer');
    const fm = parseFrontmatter(read(dir, '.claude/agents/web.md')).data;
    expect(fm).toMatchObject({ name: 'web' });
    expect(bodySkills(read(dir, '.claude/agents/web.md'))).toEqual(['review', 'git', 'components', 'styling', 'tokens', 'react-hooks']);
    expect(team().agents.web).toEqual({ role: 'fe', variants: { framework: 'react', state: ['zustand', 'redux'] } });
    await page.locator('[data-agent=web]').waitFor();
    await shot('agents');
  });

  it('shows the generated file of an agent, as on disk', async () => {
    await page.locator('[data-agent=web]').getByRole('link', { name: 'web' }).click();
    const file = page.getByTestId('agent-file');
    await file.waitFor();
    expect(await file.textContent()).toBe(read(dir, '.claude/agents/web.md'));
    await shot('agent');
  });

  it('makes the agent active', async () => {
    await page.getByRole('button', { name: 'Make active for web' }).click();
    await reviewAndApply(/\.claude\/settings\.local\.json/);
    expect(JSON.parse(read(dir, '.claude/settings.local.json'))).toEqual({ agent: 'web' });
    await page.getByRole('button', { name: 'Clear active for web' }).waitFor();
    expect(run(['list', '--json'], { cwd: dir, ...lib }).json().active).toBe('web');
  });

  it('shows agents the CLI adds while the page is open, without a reload', async () => {
    await nav('Agents');
    await page.locator('[data-agent=web]').waitFor();
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    expect(run(['add', 'docs', 'writer'], { cwd: dir, ...lib }).code).toBe(0);
    await page.locator('[data-agent=docs]').waitFor();
    expect(loads).toEqual([]);
  });

  it('removes an agent after showing the plan; its files go from disk', async () => {
    await page.getByRole('button', { name: 'Remove web' }).click();
    await reviewAndApply(/Delete\s*\.claude\/agents\/web\.md/, { deletes: true });
    await page.locator('[data-agent=web]').waitFor({ state: 'detached' });
    expect(existsSync(join(dir, '.claude/agents/web.md'))).toBe(false);
    expect(team().agents.web).toBeUndefined();
    // It was the active agent: the setting went with it.
    expect(JSON.parse(read(dir, '.claude/settings.local.json')).agent).toBeUndefined();
    expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);
  });

  it('shows roles and edits a role override with a plan', async () => {
    await nav('Roles');
    await page.getByRole('link', { name: 'Tech Lead' }).waitFor();
    await shot('roles');
    await page.getByRole('link', { name: 'Tech Lead' }).click();
    await page.getByRole('cell', { name: 'inherited from fe' }).first().waitFor();
    await page.getByRole('link', { name: 'Override this role for the project' }).click();
    await page.getByLabel('Model').selectOption('sonnet');
    await page.getByLabel('Description (when Claude should delegate to this agent)').fill('Leads this team. Use for plans.');
    await shot('role');
    await page.getByRole('button', { name: 'Preview changes…' }).click();
    await reviewAndApply(/Override of role lead[\s\S]*\.claude\/agent-team\.yaml/);
    expect(team().roles).toEqual({ lead: { description: 'Leads this team. Use for plans.', model: 'sonnet' } });
    await page.getByRole('link', { name: 'Role lead' }).click();
    await page.getByText('the library, with a project override').waitFor();
  });

  it('searches and filters skills, and reads one rendered from Markdown with its references', async () => {
    await nav('Skills');
    await page.getByTestId('skill-count').filter({ hasText: '9 of 9 skills' }).waitFor();
    await page.getByLabel('Search skills').fill('hooks');
    await page.getByTestId('skill-count').filter({ hasText: '1 of 9 skills' }).waitFor();
    expect(await page.locator('[data-skill]').evaluateAll((els) => els.map((e) => e.getAttribute('data-skill')))).toEqual(['react-hooks']);
    await page.getByLabel('Search skills').fill('');
    await page.getByLabel('Category').selectOption('backend');
    await page.getByTestId('skill-count').filter({ hasText: '2 of 9 skills' }).waitFor();
    await page.getByLabel('Category').selectOption('');
    await page.getByLabel('Role', { exact: true }).selectOption('lead');
    await page.getByTestId('skill-count').filter({ hasText: /^\d of 9 skills$/ }).waitFor();
    await shot('skills');
    await page.getByLabel('Role', { exact: true }).selectOption('');
    await page.locator('[data-skill=review]').getByRole('link', { name: 'review' }).click();
    await page.locator('.skill-doc h1').waitFor();
    await shot('skill');
    await page.getByRole('link', { name: 'references/checklist.md' }).click();
    await page.locator('.markdown').getByText('Checklist').first().waitFor();
  });

  it('is usable by keyboard, with every control labelled', async () => {
    await nav('Agents');
    await page.getByLabel('Agent name').waitFor();
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input, select, textarea, button'))
        .filter((el) => {
          const labels = (el as HTMLInputElement).labels;
          const named = (labels && labels.length > 0) || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent?.trim());
          return !named;
        })
        .map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    // Freshly loaded, the first Tab reaches the skip link (the token is kept for the tab).
    await page.reload();
    await page.getByLabel('Agent name').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-title');
    // Create an agent with the keyboard alone.
    await page.getByLabel('Agent name').focus();
    await page.keyboard.type('ops');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('agent-role');
    await page.getByLabel('Role').selectOption('be');
    await page.getByRole('button', { name: 'Preview changes…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Review the change' });
    await dialog.getByRole('button', { name: 'Apply' }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(existsSync(join(dir, '.claude/agents/ops.md'))).toBe(false);
  });

  it('has a dark theme', async () => {
    await nav('Overview');
    await page.getByTestId('stat-agents').waitFor();
    const toggle = page.getByRole('button', { name: /^Theme: / });
    while (!(await toggle.textContent())?.startsWith('Theme: dark')) await toggle.click();
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(18, 21, 28)');
    await shot('overview-dark');
    await page.getByRole('link', { name: 'Skills', exact: true }).click();
    await page.locator('[data-skill]').first().waitFor();
    await shot('skills-dark');
  });

  it('met no script errors and no Content-Security-Policy violations', () => {
    expect(problems).toEqual([]);
  });
});
