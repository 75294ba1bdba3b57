import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_LIBRARY, run, tempDir } from './helpers/cli.js';
import { axeViolations, call, launchBrowser, openPage, seriousOnes, SHOTS, startDashboard, type Dashboard } from './helpers/dashboard.js';

/**
 * Every page of the dashboard as its users meet it: both themes, a desktop and a phone width,
 * axe-core inside the page, a 64-character agent name (the longest the rules allow), the
 * keyboard's focus ring, and a screenshot of each for the record (test-output/screenshots/).
 */
const lib = { library: MINI_LIBRARY };
const LONG = `long-${'abcdefghij'.repeat(6)}`.slice(0, 64);

/** Each page: its address, something that is there once it has loaded, and its tab title. */
const PAGES: Array<{ name: string; hash: string; ready: string; title: RegExp }> = [
  { name: 'overview', hash: '#/overview', ready: '[data-testid=stat-agents]', title: /^Overview · agent-team$/ },
  { name: 'team', hash: '#/team', ready: '[data-picture=role-tree] svg', title: /^Team map · agent-team$/ },
  { name: 'agents', hash: '#/agents', ready: `[data-agent="${LONG}"]`, title: /^Agents · agent-team$/ },
  { name: 'agent', hash: `#/agents/${LONG}`, ready: '[data-testid=agent-file]', title: new RegExp(`^${LONG} · agent-team$`) },
  { name: 'roles', hash: '#/roles', ready: '.role-grid', title: /^Roles · agent-team$/ },
  { name: 'role', hash: '#/roles/lead', ready: '.facts', title: /^Tech Lead lead · agent-team$/ },
  { name: 'role-override', hash: '#/roles/lead/override', ready: '#ov-include', title: /^Override of Tech Lead lead · agent-team$/ },
  { name: 'skills', hash: '#/skills', ready: '[data-skill=review]', title: /^Skills · agent-team$/ },
  { name: 'skill', hash: '#/skills/review', ready: '.skill-doc h1', title: /^review · agent-team$/ },
  { name: 'skill-file', hash: '#/skills/review/references/checklist.md', ready: '.markdown', title: /^review\/references\/checklist\.md · agent-team$/ },
];

function luminance([r, g, b]: number[]): number {
  const [R, G, B] = [r!, g!, b!].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
}

function rgb(css: string): number[] {
  const m = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)/.exec(css) ?? /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(css);
  if (!m) throw new Error(`not a colour: ${css}`);
  const values = [Number(m[1]), Number(m[2]), Number(m[3])];
  return css.startsWith('color(') ? values.map((v) => Math.round(v * 255)) : values;
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(rgb(a)), luminance(rgb(b))].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

describe('every page, for everyone', () => {
  let dir: string;
  let d: Dashboard;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  const axeReport: string[] = [];

  /** One page for the whole file: each test sets the width and colour scheme it needs and loads the dashboard afresh. */
  async function fresh(options: { width?: number; scheme?: 'light' | 'dark' } = {}): Promise<void> {
    await page.setViewportSize({ width: options.width ?? 1280, height: 860 });
    await page.emulateMedia({ colorScheme: options.scheme ?? 'light' });
    await page.goto(d.url);
    await page.getByTestId('stat-agents').waitFor();
  }

  beforeAll(async () => {
    dir = tempDir('agent-team-a11y-');
    expect(run(['init'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['add', 'web', 'fe', '--framework', 'react'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['add', 'api', 'be'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['add', LONG, 'lead'], { cwd: dir, ...lib }).code).toBe(0);
    d = await startDashboard(dir, lib);
    browser = await launchBrowser();
    ({ context, page, problems } = await openPage(browser));
  });

  afterAll(async () => {
    if (axeReport.length) writeFileSync(join(SHOTS, 'axe-report.txt'), `${axeReport.join('\n')}\n`);
    await context?.close();
    await browser?.close();
    await d?.stop();
  });

  async function show(hash: string, ready: string): Promise<void> {
    await page.evaluate((h) => (window.location.hash = h), hash);
    await page.locator(ready).first().waitFor();
    // The pictures draw at the width they are given, once it is measured.
    if (await page.locator('svg.graph').count()) await page.waitForTimeout(150);
  }

  it('runs axe for real: a nameless button and an image without text are found', async () => {
    await fresh();
    await page.evaluate(() => {
      const main = document.getElementById('main')!;
      main.append(document.createElement('button'));
      const img = document.createElement('img');
      img.src = '/favicon.svg';
      main.append(img);
    });
    const ids = seriousOnes(await axeViolations(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['button-name', 'image-alt']));
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      it(`${scheme}, ${width} px: no horizontal scroll, no serious or critical axe violation, a title per page`, async () => {
        await fresh({ width, scheme });
        const titles = new Set<string>();
        const found: Record<string, string[]> = {};
        for (const p of PAGES) {
          await show(p.hash, p.ready);
          const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
          expect(scroll, `${p.name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(client);
          const title = await page.title();
          expect(title, p.name).toMatch(p.title);
          titles.add(title);
          const violations = await axeViolations(page);
          axeReport.push(`${scheme} ${width} ${p.name}: ${violations.length ? violations.map((v) => `${v.impact} ${v.id} (${v.targets.length})`).join(', ') : 'no violations'}`);
          found[p.name] = seriousOnes(violations).map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.targets.slice(0, 3).join(' | ')}`);
          await page.screenshot({ path: join(SHOTS, `${p.name}-${scheme}-${width}.png`), fullPage: true });
        }
        expect(found).toEqual(Object.fromEntries(PAGES.map((p) => [p.name, []])));
        expect(titles.size).toBe(PAGES.length);
        expect(problems).toEqual([]);
      });
    }

    it(`${scheme}: the plan dialog has no serious or critical axe violation and fits a phone`, async () => {
      await fresh({ width: 390, scheme });
      await show('#/agents', `[data-agent="${LONG}"]`);
      await page.getByRole('button', { name: `Remove ${LONG}` }).click();
      const dialog = page.getByRole('dialog', { name: 'Review the change' });
      await dialog.locator('[data-effect]').first().waitFor();
      await dialog.locator('details.diff-box summary').first().click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      const box = await dialog.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      expect(seriousOnes(await axeViolations(page))).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `plan-dialog-${scheme}-390.png`) });
      await dialog.getByRole('button', { name: 'Apply…' }).click();
      await dialog.getByTestId('confirm-destructive').waitFor();
      expect(seriousOnes(await axeViolations(page))).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `plan-confirm-delete-${scheme}-390.png`) });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    });

    it(`${scheme}: focus rings and the borders of inputs and buttons have at least 3:1 contrast`, async () => {
      await fresh({ scheme });
      await show('#/roles/lead/override', '#ov-include');
      const measure = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const style = getComputedStyle(el);
          // The colour behind the element: the first ancestor with a background of its own.
          let behind = el.parentElement;
          while (behind && getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)') behind = behind.parentElement;
          return { tag: el.tagName, outline: style.outlineColor, outlineStyle: style.outlineStyle, border: style.borderTopColor, background: style.backgroundColor, behind: getComputedStyle(behind ?? document.body).backgroundColor };
        });
      await page.locator('#ov-title').focus();
      const input = await measure();
      expect(input.tag).toBe('INPUT');
      expect(input.outlineStyle).toBe('solid');
      expect(contrast(input.outline, input.behind), `focus ring ${input.outline} on ${input.behind}`).toBeGreaterThanOrEqual(3);
      expect(contrast(input.border, input.behind), `input border ${input.border} on ${input.behind}`).toBeGreaterThanOrEqual(3);
      expect(contrast(input.border, input.background), `input border ${input.border} on its own ${input.background}`).toBeGreaterThanOrEqual(3);
      // A button reached with the keyboard.
      await page.locator('#ov-inherit').focus();
      await page.keyboard.press('Tab');
      const button = await measure();
      expect(button.tag).toBe('BUTTON');
      expect(button.outlineStyle).toBe('solid');
      expect(contrast(button.outline, button.behind), `focus ring ${button.outline} on ${button.behind}`).toBeGreaterThanOrEqual(3);
      await page.locator('#ov-model').focus();
      const select = await measure();
      expect(contrast(select.border, select.behind), `select border ${select.border} on ${select.behind}`).toBeGreaterThanOrEqual(3);
    });
  }

  it('the override editor with chips, suggestions and problems showing has no serious or critical axe violation', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await fresh({ scheme });
      await show('#/roles/be/override', '#ov-include');
      await page.getByRole('combobox', { name: 'Add skills' }).fill('decisions');
      await page.keyboard.press('Enter');
      await page.getByRole('combobox', { name: 'Leave out skills' }).fill('review');
      await page.keyboard.press('Enter');
      await page.getByTestId('override-problems').getByText('depends on "review"').waitFor();
      await page.getByRole('combobox', { name: 'Leave out skills' }).fill('e');
      await page.getByRole('listbox', { name: 'Leave out skills: suggestions' }).waitFor();
      expect(seriousOnes(await axeViolations(page))).toEqual([]);
      await page.getByRole('button', { name: 'Preview changes…' }).click();
      await page.getByText('Not previewed: fix these first.').waitFor();
      expect(seriousOnes(await axeViolations(page))).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `role-override-chips-${scheme}-1280.png`), fullPage: true });
    }
  });

  it('keeps the skills filters in the address, so a reload shows the same list', async () => {
    await fresh();
    await show('#/skills', '[data-skill=review]');
    const expected = (await call(d, '/api/skills?q=s&category=frontend&role=fe')).json().skills.length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(9);
    const count = new RegExp(`^${expected} of 9 skills$`);
    await page.getByLabel('Search skills').fill('s');
    await page.getByLabel('Category').selectOption('frontend');
    await page.getByLabel('Role', { exact: true }).selectOption('fe');
    await page.getByTestId('skill-count').filter({ hasText: count }).waitFor();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/skills?q=s&category=frontend&role=fe');
    await page.reload();
    await page.getByTestId('skill-count').filter({ hasText: count }).waitFor();
    expect(await page.getByLabel('Search skills').inputValue()).toBe('s');
    expect(await page.getByLabel('Category').inputValue()).toBe('frontend');
    expect(await page.getByLabel('Role', { exact: true }).inputValue()).toBe('fe');
    await page.getByLabel('Tag').selectOption('review');
    await expect.poll(() => new URL(page.url()).hash).toContain('tag=review');
  });

  it('draws the team: agents and skills with the shared ones marked, role inheritance and budget bars, each with a table', async () => {
    await fresh();
    await show('#/team', '[data-picture=role-tree] svg');
    const graph = page.getByRole('img', { name: 'Agents and their skills' });
    await graph.waitFor();
    expect(await graph.getAttribute('aria-describedby')).toBeTruthy();
    for (const agent of ['web', 'api', LONG]) expect(await graph.locator(`[data-node="agent:${agent}"]`).count()).toBe(1);
    // review: web, api and the lead (which inherits from fe and be) have it.
    expect(await graph.locator('[data-node="skill:review"]').getAttribute('class')).toContain('shared');
    expect(await graph.locator('[data-node="skill:react-hooks"]').getAttribute('class')).not.toContain('shared');
    expect(await graph.locator('[data-node="skill:review"] text').textContent()).toBe('review ×3');
    // The long name is cut in the picture and said in full in its title.
    expect(await graph.locator(`[data-node="agent:${LONG}"] text`).textContent()).toMatch(/…$/);
    expect(await graph.locator(`[data-node="agent:${LONG}"] title`).textContent()).toContain(LONG);

    const figure = page.locator('[data-picture=skill-graph]');
    await figure.getByText('As a table').click();
    const table = figure.getByRole('table', { name: 'Skills and the agents that preload them' });
    expect(await table.getByRole('row').count()).toBe(1 + 9);
    expect(await table.getByRole('row', { name: /^review/ }).textContent()).toContain('yes, by 3');

    const roles = page.getByRole('img', { name: 'Roles and what they inherit' });
    expect(await page.locator('#role-tree-svg-desc').textContent()).toContain('lead inherits from fe and be');
    expect(await roles.locator('line.inherit').count()).toBe(2);

    const bars = page.getByRole('img', { name: 'Tokens when each agent starts' });
    expect(await bars.locator('[data-bar]').count()).toBe(3);
    expect(await page.locator('#budget-svg-desc').textContent()).toContain('budget of 20k tokens per agent');
    const budget = page.locator('[data-picture=budget-bars]');
    await budget.getByText('As a table').click();
    const costs = budget.getByRole('table', { name: 'Tokens when each agent starts, against the budget' });
    const webRow = await costs.getByRole('row', { name: /^web/ }).textContent();
    expect(webRow).toMatch(/~\d+.*%/);
    // The bar is as long as the cost: its fill is that share of the budget's track.
    const [fill, track] = await Promise.all([bars.locator('[data-bar=web] rect.fill').getAttribute('width'), bars.locator('[data-bar=web] rect.track').getAttribute('width')]);
    const api = (await call(d, '/api/team')).json() as { agents: Array<{ name: string; tokens: { total: number } }>; budget: number };
    const web = api.agents.find((a) => a.name === 'web')!;
    expect(Number(fill) / Number(track)).toBeCloseTo(web.tokens.total / api.budget, 2);
  });

  it('met no script errors and no Content-Security-Policy violations on any page', () => {
    expect(problems).toEqual([]);
  });
});
