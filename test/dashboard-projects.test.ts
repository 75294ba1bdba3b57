import { mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_LIBRARY, run, tempDir } from './helpers/cli.js';
import { call, exitOf, launchBrowser, openPage, SHOTS, spawnUi, startDashboard, type Dashboard } from './helpers/dashboard.js';

/**
 * One dashboard for the teams below a folder (`agent-team ui --root`), and a page that says so
 * when its server is gone or was started again.
 */
const lib = { library: MINI_LIBRARY };

function team(dir: string, agents: Array<[string, string]>): void {
  mkdirSync(dir, { recursive: true });
  expect(run(['init'], { cwd: dir, ...lib }).code).toBe(0);
  for (const [name, role] of agents) expect(run(['add', name, role], { cwd: dir, ...lib }).code).toBe(0);
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('agent-team ui --root: the teams below a folder', () => {
  let folder: string;
  let home: string;
  let port: number;
  let d: Dashboard;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    folder = tempDir('agent-team-projects-');
    team(join(folder, 'shop'), [['web', 'fe']]);
    team(join(folder, 'services', 'billing'), [['api', 'be']]);
    // Never searched: dependencies and hidden folders.
    team(join(folder, 'node_modules', 'some-package'), [['docs', 'writer']]);
    team(join(folder, '.cache', 'copy'), [['docs', 'writer']]);
    port = await freePort();
    // A home of its own, to see that nothing is written there but agent-team's cache.
    home = tempDir('agent-team-home-');
    const env = { HOME: home, XDG_CONFIG_HOME: undefined, XDG_DATA_HOME: undefined, XDG_STATE_HOME: undefined, XDG_CACHE_HOME: undefined, AGENT_TEAM_CACHE_DIR: join(home, '.cache', 'agent-team') };
    d = await startDashboard(folder, { ...lib, env, args: ['--root', folder, '--port', String(port)] });
    browser = await launchBrowser();
    ({ context, page } = await openPage(browser));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await d?.stop();
  });

  it('lists the teams it found, skipping node_modules and hidden folders, and writes no registry', async () => {
    const r = (await call(d, '/api/projects')).json();
    expect(r.projects.map((p: any) => p.id)).toEqual(['shop', 'services/billing']);
    expect(r).toMatchObject({ default: 'shop', complete: true });
    const agents = async (project?: string) => (await call(d, `/api/agents${project ? `?project=${encodeURIComponent(project)}` : ''}`)).json().agents.map((a: any) => a.name);
    expect(await agents()).toEqual(['web']);
    expect(await agents('services/billing')).toEqual(['api']);
    expect(await agents('shop')).toEqual(['web']);
    const written = readdirSync(home, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(home.length + 1))
      .filter((p) => !p.startsWith(join('.cache', 'agent-team')));
    expect(written).toEqual([]);
    expect(readdirSync(folder).sort()).toEqual(['.cache', 'node_modules', 'services', 'shop']);
  });

  it('accepts only a project it found: never a path, never another folder', async () => {
    for (const id of ['node_modules/some-package', '../', '.cache/copy', '/etc', 'services', 'services/billing/..', folder]) {
      const r = await call(d, `/api/agents?project=${encodeURIComponent(id)}`);
      expect(r.status, id).toBe(404);
      expect(r.json().error.code).toBe('unknown-project');
    }
    const twice = await call(d, '/api/agents?project=shop&project=services%2Fbilling');
    expect(twice.status).toBe(400);
    expect(twice.json().error.code).toBe('invalid-project');
    // Changes are aimed the same way.
    const plan = await call(d, `/api/plan?project=${encodeURIComponent('services/billing')}`, { body: { action: 'add', input: { name: 'docs', role: 'writer' } } });
    expect(plan.status).toBe(200);
    expect(plan.json().review.effects.map((e: any) => e.agent)).toEqual(['docs']);
  });

  it('switches between the teams in the page', async () => {
    await page.goto(d.url);
    await page.locator('[data-agent-row=web]').waitFor();
    const picker = page.getByLabel('Project');
    expect(await picker.locator('option').allTextContents()).toEqual(['shop', 'services/billing']);
    await picker.selectOption('services/billing');
    await page.locator('[data-agent-row=api]').waitFor();
    expect(await page.locator('[data-agent-row=web]').count()).toBe(0);
    expect(new URL(page.url()).search).toBe('?project=services%2Fbilling');
    // Every page shows that project, and the CLI's changes to it appear live.
    await page.evaluate(() => (window.location.hash = '#/agents'));
    await page.locator('[data-agent=api]').waitFor();
    expect(run(['add', 'ops', 'be'], { cwd: join(folder, 'services', 'billing'), ...lib }).code).toBe(0);
    await page.locator('[data-agent=ops]').waitFor();
    await page.screenshot({ path: join(SHOTS, 'projects-light-1280.png'), fullPage: true });
    // Back (past the Agents page) returns to the first one.
    await page.goBack();
    await page.goBack();
    await page.locator('[data-agent-row=web]').waitFor();
    expect(await picker.inputValue()).toBe('shop');
  });

  it('when the server stops: a banner, every change turned off; after a restart: how to open the new URL', async () => {
    await page.evaluate(() => (window.location.hash = '#/agents'));
    await page.locator('[data-agent=web]').waitFor();
    const remove = page.getByRole('button', { name: 'Remove web' });
    expect(await remove.isEnabled()).toBe(true);
    await d.stop();

    const banner = page.getByTestId('connection-banner');
    await banner.getByText('The dashboard server does not answer.').waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await page.getByTestId('connection').textContent()).toBe('Offline');
    for (const name of ['Remove web', 'Make active for web', 'Preview changes…']) {
      expect(await page.getByRole('button', { name }).isDisabled(), name).toBe(true);
    }
    // What was shown stays readable.
    expect(await page.locator('[data-agent=web]').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'offline-light-1280.png') });

    d = await startDashboard(folder, { ...lib, args: ['--root', folder, '--port', String(port)] });
    await banner.getByText('The dashboard was restarted').waitFor({ timeout: 15_000 });
    const text = await banner.textContent();
    expect(text).toContain('Open the new address that `agent-team ui` printed');
    expect(text).not.toContain('does not carry the dashboard token');
    expect(await remove.isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'restarted-light-1280.png') });
    // The new URL works at once.
    await page.goto(d.url);
    await page.locator('[data-agent-row=web]').waitFor();
    await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    expect(await page.getByTestId('connection-banner').count()).toBe(0);
  });

  it('says so when no team is below the folder, and when the folder is not there', async () => {
    const empty = tempDir('agent-team-no-teams-');
    const none = await exitOf(spawnUi(empty, { ...lib, args: ['--root', empty, '--port', '0'] }));
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).error.code).toBe('no-teams');
    const missing = await exitOf(spawnUi(empty, { ...lib, args: ['--root', join(empty, 'nowhere'), '--port', '0'] }));
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('invalid-root');
  });
});
