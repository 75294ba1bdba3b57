import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SKILLS, measureListing } from '../src/core/claude/listing.js';
import { MINI_LIBRARY, run, tempDir } from './helpers/cli.js';

const fit = (l: ReturnType<typeof measureListing>, window: '200k' | '1M') => l.fits.find((f) => f.window === window)!;

describe('the main session skill listing, counted as Claude Code 2.1.330 counts it', () => {
  it('gives the built-in listing the size the client sent in an empty project (6,210 chars), against 8,000 and 30,000', () => {
    const l = measureListing([]);
    expect(l.entries).toBe(BUILT_IN_SKILLS.length);
    expect(fit(l, '200k')).toMatchObject({ budget: 8000, chars: 6210, cut: [] });
    expect(fit(l, '1M')).toMatchObject({ budget: 30000, chars: 6210, cut: [] });
  });

  it('counts name-only and hidden skills, lets a project skill shadow a built-in, and caps descriptions', () => {
    const l = measureListing([
      { name: 'code-review', text: 'x'.repeat(100) },
      { name: 'alpha', text: 'y'.repeat(5000) },
      { name: 'named', text: 'z'.repeat(300), nameOnly: true },
      { name: 'gone', text: 'w'.repeat(300), hidden: true },
    ]);
    // 6210 − built-in code-review (4 + 11 + 835 + 1) + ours (4 + 11 + 100 + 1) + alpha (4 + 5 + 1536 + 1) + named (2 + 5 + 1).
    expect(fit(l, '1M').chars).toBe(6210 - 851 + 116 + 1546 + 8);
    expect(l.project).toEqual({ withDescription: 2, nameOnly: 1, hidden: 1 });
    expect(measureListing([], { maxDescChars: 100 }).fits[0]!.chars).toBeLessThan(6210);
    expect(measureListing([], { disableBundledSkills: true }).entries).toBe(1);
  });

  it('over budget keeps the bundled descriptions and hands out the rest greedily in listing order', () => {
    const skills = [
      { name: 'a-long', text: 'l'.repeat(1500) },
      { name: 'b-long', text: 'l'.repeat(1500) },
      { name: 'zz-short', text: 'Tiny.' },
    ];
    // Everything but the bundled built-ins by name only (init and security-review add 61 and 73 with theirs).
    const floor = fit(measureListing(skills.map((k) => ({ ...k, nameOnly: true }))), '1M').chars - 61 - 73;
    const l = fit(measureListing(skills, { budgetFraction: (floor + 20) / 3_000_000 }), '1M');
    expect(l.budget - floor).toBeGreaterThanOrEqual(7);
    // Not a cut-off: the long ones do not fit, the short one after them still does (as the client does).
    expect(l.cut).toEqual(['a-long', 'b-long']);
    expect(l.withDescription).toBe(BUILT_IN_SKILLS.filter((b) => b.bundled).length + 1);
  });
});

describe('list and doctor report the listing against both budgets', () => {
  it('warns from 90 % of a budget on, in both', () => {
    const dir = tempDir();
    expect(run(['init', '--roles', 'fe,be'], { cwd: dir, library: MINI_LIBRARY }).code).toBe(0);
    const calm = run(['doctor', '--json'], { cwd: dir, library: MINI_LIBRARY }).json();
    expect(calm.findings.filter((f: { code: string }) => f.code === 'listing-budget')).toEqual([]);
    expect(calm.listing.fits.map((f: { window: string; budget: number }) => [f.window, f.budget])).toEqual([['200k', 8000], ['1M', 30000]]);
    const listed = run(['list'], { cwd: dir, library: MINI_LIBRARY });
    expect(listed.stdout).toMatch(/200k-window models: [\d,]+ of 8,000 chars \(\d+ %\)/);
    expect(listed.stdout).toMatch(/1M-window models: [\d,]+ of 30,000 chars/);

    // A smaller budget fraction: 6,400 chars on 200k models, where the listing takes over 90 %.
    writeFileSync(join(dir, '.claude/settings.local.json'), '{ "skillListingBudgetFraction": 0.008 }\n');
    const tight = run(['doctor', '--json'], { cwd: dir, library: MINI_LIBRARY }).json();
    const warning = tight.findings.find((f: { code: string }) => f.code === 'listing-budget');
    expect(warning.message).toMatch(/the main session's skill listing takes \d+ of 6400 chars on 200k-window models \(\d+ %\)/);
    expect(tight.findings.filter((f: { code: string }) => f.code === 'listing-budget')).toHaveLength(1);
  });
});
