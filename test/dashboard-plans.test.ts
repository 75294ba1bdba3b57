import { appendFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'yaml';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_LIBRARY, read, run, tempDir } from './helpers/cli.js';
import { launchBrowser, openPage, SHOTS, startDashboard, type Dashboard } from './helpers/dashboard.js';

/**
 * Changes in a real Chromium, as a user makes them: the plan says per agent what changes and per
 * file how, keeps what was due anyway apart, asks twice before it deletes, can be taken back in
 * one step, and hands the focus back to the control that opened it. The override editor refuses
 * a contradiction before any plan is made.
 */
const lib = { library: MINI_LIBRARY };

describe('plans in the user’s terms', () => {
  let dir: string;
  let d: Dashboard;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  const dialog = () => page.getByRole('dialog', { name: 'Review the change' });
  const team = () => yaml.parse(read(dir, '.claude/agent-team.yaml')) as any;
  const focused = () => page.evaluate(() => ({ text: document.activeElement?.textContent ?? '', id: document.activeElement?.id ?? '', tag: document.activeElement?.tagName }));
  const nav = async (hash: string, ready: string) => {
    await page.evaluate((h) => (window.location.hash = h), hash);
    await page.locator(ready).first().waitFor();
  };
  const planned = async () => {
    await dialog().waitFor();
    await dialog().locator('.dialog-actions button.primary').waitFor();
  };

  beforeAll(async () => {
    dir = tempDir('agent-team-plans-');
    expect(run(['init'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['add', 'web', 'fe', '--framework', 'react'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['add', 'api', 'be'], { cwd: dir, ...lib }).code).toBe(0);
    // Due before any change of ours: a hand edit agent-team keeps, and a skill file gone missing.
    appendFileSync(join(dir, '.claude/agents/api.md'), '\nOur own note for api.\n');
    rmSync(join(dir, '.claude/skills/git/scripts/hooks.sh'));
    d = await startDashboard(dir, lib);
    browser = await launchBrowser();
    ({ context, page, problems } = await openPage(browser));
    await page.goto(d.url);
    await page.getByTestId('stat-agents').waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await d?.stop();
  });

  it('shows per agent the skills gained and the starting tokens, a diff per file, and nothing of older drift; Cancel gives the focus back', async () => {
    await nav('#/agents', '[data-agent=web]');
    await page.getByLabel('Agent name').fill('docs');
    await page.getByLabel('Role').selectOption('writer');
    const preview = page.getByRole('button', { name: 'Preview changes…' });
    await preview.click();
    await planned();
    const effect = dialog().locator('[data-effect=docs]');
    expect(await effect.textContent()).toMatch(/docs\s*new agent\s*Writer/);
    expect(await effect.locator('.skills-gained').textContent()).toBe('decisions, review');
    expect(await effect.textContent()).toMatch(/Tokens when it starts: none → ~\d+ \(\+\d+\) of the 20k budget/);
    // Only docs changes: web and api keep their skills and their cost.
    expect(await dialog().locator('[data-effect]').count()).toBe(1);

    const files = dialog().getByRole('list', { name: 'Files this change writes' });
    expect(await files.textContent()).toMatch(/Create\s*\.claude\/agents\/docs\.md/);
    expect(await files.textContent()).toMatch(/Update\s*\.claude\/agent-team\.yaml/);
    const row = files.locator('li[data-path=".claude/agents/docs.md"]');
    await row.locator('summary').click();
    const diff = row.getByLabel('Changes to .claude/agents/docs.md');
    expect(await diff.textContent()).toContain('+name: "docs"');
    expect(await diff.locator('.diff-add').count()).toBeGreaterThan(5);
    const teamRow = files.locator('li[data-path=".claude/agent-team.yaml"]');
    await teamRow.locator('summary').click();
    expect(await teamRow.locator('.diff-add').allTextContents()).toEqual(expect.arrayContaining(['+  docs:\n', '+    role: writer\n']));

    // The hand edit and the missing file are not this change's doing: an add looks only at the
    // files it changes, so neither is in its plan (a sync reports and restores them).
    expect(await dialog().getByRole('list', { name: 'Already pending' }).count()).toBe(0);
    expect(await files.textContent()).not.toContain('.claude/agents/api.md');
    expect(await files.textContent()).not.toContain('hooks.sh');
    expect(await dialog().getByTestId('plan-summary').textContent()).not.toContain('already pending');
    await page.screenshot({ path: join(SHOTS, 'plan-effects-light-1280.png'), fullPage: true });

    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
    await expect.poll(focused).toMatchObject({ text: 'Preview changes…' });
    expect(existsSync(join(dir, '.claude/agents/docs.md'))).toBe(false);
  });

  it('gives the focus back after Escape', async () => {
    const preview = page.getByRole('button', { name: 'Preview changes…' });
    await preview.focus();
    await page.keyboard.press('Enter');
    await planned();
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    await expect.poll(focused).toMatchObject({ text: 'Preview changes…' });
  });

  it('gives the focus back after Apply, and offers to undo the change', async () => {
    await page.getByRole('button', { name: 'Preview changes…' }).click();
    await planned();
    await dialog().getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    await expect.poll(focused).toMatchObject({ text: 'Preview changes…' });
    expect(existsSync(join(dir, '.claude/agents/docs.md'))).toBe(true);
    await page.getByTestId('undo').filter({ hasText: 'Undo add docs' }).waitFor();
  });

  it('asks a second time, in its own colour, before it deletes files', async () => {
    await page.locator('[data-agent=docs]').waitFor();
    await page.getByRole('button', { name: 'Remove docs' }).click();
    await planned();
    expect(await dialog().locator('[data-effect=docs]').textContent()).toMatch(/removed[\s\S]*Skills lost \(2\): decisions, review[\s\S]*~\d+ → none/);
    const files = dialog().getByRole('list', { name: 'Files this change writes' });
    expect(await files.textContent()).toMatch(/Delete\s*\.claude\/agents\/docs\.md\s*removes a file/);
    const first = dialog().getByRole('button', { name: 'Apply…' });
    const blue = await first.evaluate((b) => getComputedStyle(b).backgroundColor);
    await first.click();
    const confirm = dialog().getByTestId('confirm-destructive');
    await confirm.waitFor();
    // The confirmation takes the focus, and nothing is deleted yet.
    await expect.poll(focused).toMatchObject({ id: 'confirm-title' });
    expect(await confirm.getByRole('heading').textContent()).toMatch(/^This change will delete \d+ files$/);
    expect(await confirm.textContent()).toContain('.claude/agents/docs.md');
    expect(existsSync(join(dir, '.claude/agents/docs.md'))).toBe(true);
    const second = dialog().getByRole('button', { name: /^Delete \d+ files and apply$/ });
    const red = await second.evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(red).not.toBe(blue);
    expect(await second.getAttribute('class')).toBe('destructive');
    await page.screenshot({ path: join(SHOTS, 'plan-confirm-delete-light-1280.png') });
    // Back returns to the plan; the deletion still needs the second button.
    await dialog().getByRole('button', { name: 'Back' }).click();
    await dialog().getByRole('button', { name: 'Apply…' }).click();
    await second.click();
    await dialog().waitFor({ state: 'detached' });
    expect(existsSync(join(dir, '.claude/agents/docs.md'))).toBe(false);
    expect(team().agents.docs).toBeUndefined();
  });

  it('undoes the last change through its own plan, and then offers to redo it', async () => {
    const undo = page.getByTestId('undo');
    await undo.filter({ hasText: 'Undo remove docs' }).waitFor();
    await undo.click();
    await planned();
    expect(await dialog().locator('.headline').textContent()).toBe('Undo remove docs');
    expect(await dialog().locator('[data-effect=docs]').textContent()).toContain('new agent');
    await dialog().getByRole('button', { name: 'Apply', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(existsSync(join(dir, '.claude/agents/docs.md'))).toBe(true);
    expect(team().agents.docs).toEqual({ role: 'writer' });
    await undo.filter({ hasText: 'Redo remove docs' }).waitFor();
    await page.locator('[data-agent=docs]').waitFor();
  });

  describe('the override editor', () => {
    const picker = (label: string): Locator => page.getByRole('combobox', { name: label });

    it('has its own page, picks skills as chips by keyboard, and refuses a contradiction before any plan', async () => {
      await nav('#/roles/be', '.facts');
      await page.getByRole('link', { name: 'Override this role for the project' }).click();
      await page.locator('#ov-include').waitFor();
      expect(new URL(page.url()).hash).toBe('#/roles/be/override');
      expect(await page.title()).toBe('Override of Backend Developer be · agent-team');

      // Type to filter, Enter adds the first match.
      await picker('Add skills').fill('decis');
      expect(await page.getByRole('listbox', { name: 'Add skills: suggestions' }).getByRole('option').allTextContents()).toEqual(['decisions']);
      await picker('Add skills').press('Enter');
      expect(await page.getByRole('list', { name: 'Add skills: chosen' }).textContent()).toContain('decisions');
      expect(await picker('Add skills').inputValue()).toBe('');
      // Arrows move through the matches.
      await picker('Leave out skills').fill('e');
      await picker('Leave out skills').press('ArrowDown');
      const second = await page.getByRole('listbox', { name: 'Leave out skills: suggestions' }).getByRole('option', { selected: true }).textContent();
      await picker('Leave out skills').press('Enter');
      expect(await page.getByRole('list', { name: 'Leave out skills: chosen' }).getByRole('listitem').allTextContents()).toEqual([`${second}×`]);
      await picker('Leave out skills').press('Backspace');
      expect(await page.getByRole('list', { name: 'Leave out skills: chosen' }).count()).toBe(0);

      // decisions needs review: leaving review out contradicts adding decisions.
      await picker('Leave out skills').fill('review');
      await picker('Leave out skills').press('Enter');
      const problemsBox = page.getByTestId('override-problems');
      await problemsBox.getByText('"decisions" depends on "review", which is left out').waitFor();
      // Added and left out at once.
      await picker('Leave out skills').fill('decisions');
      await picker('Leave out skills').press('Enter');
      await problemsBox.getByText('"decisions" is both added and left out').waitFor();
      await page.screenshot({ path: join(SHOTS, 'role-override-problems-light-1280.png'), fullPage: true });

      await page.getByRole('button', { name: 'Preview changes…' }).click();
      await problemsBox.getByText('Not previewed: fix these first.').waitFor();
      expect(await problemsBox.getAttribute('role')).toBe('alert');
      await expect.poll(focused).toMatchObject({ tag: 'DIV' });
      expect(await dialog().count()).toBe(0);

      // Backspace on a chip's button removes that chip; the button removes one by click.
      await page.getByRole('button', { name: 'Remove decisions' }).nth(1).focus();
      await page.keyboard.press('Backspace');
      await page.getByRole('button', { name: 'Remove review' }).click();
      expect(await page.getByRole('list', { name: 'Leave out skills: chosen' }).count()).toBe(0);
      await expect.poll(() => problemsBox.textContent()).toBe('');
    });

    it('previews and applies the override it shows; the agents follow', async () => {
      await page.getByLabel('Model').selectOption('sonnet');
      const preview = page.getByRole('button', { name: 'Preview changes…' });
      await preview.click();
      await planned();
      expect(await dialog().locator('.headline').textContent()).toBe('Override of role be: Backend Developer');
      const api = dialog().locator('[data-effect=api]');
      expect(await api.locator('.skills-gained').textContent()).toBe('decisions');
      expect(await api.textContent()).toContain('Model: inherit → sonnet');
      await dialog().getByRole('button', { name: 'Apply', exact: true }).click();
      await dialog().waitFor({ state: 'detached' });
      await expect.poll(focused).toMatchObject({ text: 'Preview changes…' });
      expect(team().roles).toEqual({ be: { model: 'sonnet', skills: { include: ['decisions'] } } });
      expect(read(dir, '.claude/agents/api.md')).toContain('model: "sonnet"');
    });
  });

  it('met no script errors and no Content-Security-Policy violations', () => {
    expect(problems).toEqual([]);
  });
});
