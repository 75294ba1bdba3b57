import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_LIBRARY, read, run, tempDir } from './helpers/cli.js';
import { axeViolations, call, launchBrowser, openPage, seriousOnes, SHOTS, startDashboard, type Dashboard } from './helpers/dashboard.js';

/**
 * Conflicts resolved in the page, in Debian's Chromium: three agent files whose edits clash
 * with the new version, one kept, one replaced (with its backup and the second confirmation),
 * one merged with conflict markers; the page checked by axe in both themes and at phone width,
 * with a screenshot of each state under test-output/screenshots/.
 */
const lib = { library: MINI_LIBRARY };
const AGENTS = ['admin', 'shop', 'web'] as const;
const file = (a: string) => `.claude/agents/${a}.md`;

describe('conflicts in the dashboard', () => {
  let dir: string;
  let d: Dashboard;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const edited: Record<string, string> = {};

  beforeAll(async () => {
    dir = tempDir('agent-team-conflicts-');
    expect(run(['init'], { cwd: dir, ...lib }).code).toBe(0);
    for (const a of AGENTS) {
      expect(run(['add', a, 'fe', '--framework', 'react'], { cwd: dir, ...lib }).code).toBe(0);
      edited[a] = read(dir, file(a)).replace('### React', `### React, the way ${a} uses it`);
      writeFileSync(join(dir, file(a)), edited[a]!);
    }
    writeFileSync(join(dir, '.claude/agent-team.yaml'), read(dir, '.claude/agent-team.yaml').replaceAll('framework: react', 'framework: vue'));
    expect(run(['sync'], { cwd: dir, ...lib }).code).toBe(1);
    for (const a of AGENTS) expect(existsSync(join(dir, `${file(a)}.agent-team-new`))).toBe(true);
    d = await startDashboard(dir, lib);
    browser = await launchBrowser();
    ({ context, page, problems } = await openPage(browser));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await d?.stop();
  });

  it('GET /api/conflicts gives each file its diff against the new version, the merge, and its choices', async () => {
    const r = await call(d, '/api/conflicts');
    expect(r.status).toBe(200);
    const { conflicts } = r.json();
    expect(conflicts.map((c: { path: string }) => c.path)).toEqual(AGENTS.map(file));
    const web = conflicts[2];
    expect(web).toMatchObject({ agents: ['web'], reason: 'merge-conflict', keep: true, replace: true, merge: { clean: false, clashes: 1 } });
    expect(web.theirs.patch).toContain('-### React, the way web uses it');
    expect(web.theirs.patch).toContain('+### Vue');
    expect(web.merge.patch).toContain('+<<<<<<< yours');
  });

  async function conflictsPage(width: number, scheme: 'light' | 'dark'): Promise<void> {
    await page.setViewportSize({ width, height: 860 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(d.url);
    await page.getByTestId('stat-agents').waitFor();
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Conflicts', exact: true }).click();
    await page.locator('[data-conflict]').first().waitFor();
  }

  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      it(`${scheme}, ${width} px: the conflicts page has no serious or critical axe violation and no horizontal scroll`, async () => {
        await conflictsPage(width, scheme);
        // Both diffs open, so axe and the screenshot see them.
        for (const box of await page.locator('[data-conflict] details').all()) await box.evaluate((el) => ((el as HTMLDetailsElement).open = true));
        expect(await page.title()).toBe('Conflicts · agent-team');
        expect(await page.locator('[data-conflict]').count()).toBe(3);
        expect(seriousOnes(await axeViolations(page))).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(SHOTS, `conflicts-${scheme}-${width}.png`), fullPage: true });
      });
    }
  }

  const section = (a: string) => page.locator(`[data-conflict="${file(a)}"]`);
  const dialog = () => page.getByRole('dialog', { name: 'Review the change' });

  it('keeps mine: the plan shows it, Apply leaves the file and removes the new version beside it', async () => {
    await conflictsPage(1280, 'light');
    const keep = section('admin').getByRole('button', { name: 'Keep mine' });
    await keep.click();
    await dialog().getByRole('button', { name: 'Apply', exact: true }).waitFor();
    expect(await dialog().textContent()).toContain(`Keep your ${file('admin')}`);
    await page.screenshot({ path: join(SHOTS, 'conflicts-keep-plan.png') });
    await dialog().getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('announcement').textContent()).toContain(`Applied: Keep your ${file('admin')}`);
    expect(read(dir, file('admin'))).toBe(edited.admin);
    expect(existsSync(join(dir, `${file('admin')}.agent-team-new`))).toBe(false);
    await expect.poll(() => section('admin').count()).toBe(0);
    expect(await page.locator('[data-conflict]').count()).toBe(2);
  });

  it('replaces with the new version only after a second, red confirmation, and names the backup', async () => {
    const upstream = read(dir, `${file('shop')}.agent-team-new`);
    await section('shop').getByRole('button', { name: 'Replace with new (keep a backup)' }).click();
    await dialog().getByRole('button', { name: 'Apply…', exact: true }).click();
    const confirm = page.getByTestId('confirm-destructive');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('replace 1 edited file');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-title');
    expect(seriousOnes(await axeViolations(page))).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'conflicts-replace-confirm.png') });
    expect(read(dir, file('shop'))).toBe(edited.shop);
    await dialog().getByRole('button', { name: 'Replace 1 file and apply' }).click();
    await dialog().waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('announcement').textContent()).toContain(`Backups: ${file('shop')}.bak`);
    expect(read(dir, file('shop'))).toBe(upstream);
    expect(read(dir, `${file('shop')}.bak`)).toBe(edited.shop);
    await expect.poll(() => section('shop').count()).toBe(0);
  });

  it('merges with conflict markers by keyboard, and then nothing is left in conflict', async () => {
    const merge = section('web').getByRole('button', { name: 'Merge with conflict markers' });
    await merge.focus();
    await page.keyboard.press('Enter');
    const apply = dialog().getByRole('button', { name: 'Apply', exact: true });
    await apply.waitFor();
    expect(await dialog().textContent()).toContain('with conflict markers in 1 place');
    await apply.focus();
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await page.getByTestId('no-conflicts').waitFor();
    expect(read(dir, file('web'))).toMatch(/<<<<<<< yours[\s\S]*### React, the way web uses it[\s\S]*=======[\s\S]*### Vue[\s\S]*>>>>>>> agent-team now/);
    expect(existsSync(join(dir, `${file('web')}.agent-team-new`))).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'conflicts-none-left.png'), fullPage: true });
    // The CLI sees the same project: no conflict, nothing to change.
    const check = run(['sync', '--check'], { cwd: dir, ...lib });
    expect(check.code).toBe(0);
    expect(problems).toEqual([]);
  });
});
