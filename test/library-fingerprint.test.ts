import { chmodSync, lstatSync, mkdirSync, renameSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, type WalkMemo } from '../src/core/library/load.js';
import { tempDir } from './helpers/cli.js';

/**
 * The print keys the catalog cache, so every change of a source must change it, also when the
 * walk starts from the memo of an earlier one (which lists only folders that changed). Each case
 * compares the remembered walk with a full one and with the print before the change.
 */

/** Longer than a clock tick, so what the fixture did is older than the walk that follows. */
const settle = () => new Promise((done) => setTimeout(done, 40));
const RACY_MS = 10;

function library(): string {
  const dir = tempDir('agent-team-print-');
  writeFileSync(join(dir, 'skills-registry.yaml'), 'version: 1\n');
  for (const name of ['alpha', 'beta', 'gamma']) {
    mkdirSync(join(dir, 'skills', name, 'references'), { recursive: true });
    writeFileSync(join(dir, 'skills', name, 'SKILL.md'), `# ${name}\n`);
    writeFileSync(join(dir, 'skills', name, 'references', 'notes.md'), 'notes\n');
  }
  symlinkSync('../alpha/references', join(dir, 'skills', 'beta', 'linked'));
  return dir;
}

/** A settled walk, then `change`, then the remembered walk: it must equal a full walk and differ from before. */
async function changed(dir: string, change: () => void): Promise<void> {
  await settle();
  const first = fingerprint(dir, { racyMs: RACY_MS });
  const memo = first.memo!;
  expect(memo).toBeDefined();
  // Nothing changed yet: every listing comes from the memo.
  const again = fingerprint(dir, { memo, racyMs: RACY_MS });
  expect(again.listed).toBe(false);
  expect(again.print).toBe(first.print);
  change();
  const remembered = fingerprint(dir, { memo, racyMs: RACY_MS });
  const full = fingerprint(dir);
  expect(remembered.print).toBe(full.print);
  expect(remembered.print).not.toBe(first.print);
}

describe('fingerprint of a source', () => {
  it('is the same for the same files, with or without a memo', async () => {
    const dir = library();
    await settle();
    const first = fingerprint(dir, { racyMs: RACY_MS });
    expect(first.listed).toBe(true);
    const second = fingerprint(dir, { memo: first.memo, racyMs: RACY_MS });
    expect(second).toEqual({ print: first.print, memo: expect.any(Object), listed: false });
    expect(fingerprint(dir).print).toBe(first.print);
  });

  it('changes when a file is added', async () => {
    const dir = library();
    await changed(dir, () => writeFileSync(join(dir, 'skills', 'alpha', 'references', 'more.md'), 'more\n'));
  });

  it('changes when a file is removed', async () => {
    const dir = library();
    await changed(dir, () => unlinkSync(join(dir, 'skills', 'gamma', 'references', 'notes.md')));
  });

  it('changes when a file is renamed', async () => {
    const dir = library();
    await changed(dir, () => renameSync(join(dir, 'skills', 'beta', 'SKILL.md'), join(dir, 'skills', 'beta', 'SKILL.MD')));
  });

  it('changes when a file is replaced by another of the same size and time', async () => {
    const dir = library();
    const path = join(dir, 'skills', 'alpha', 'SKILL.md');
    const { atime, mtime } = lstatSync(path);
    await changed(dir, () => {
      writeFileSync(join(dir, 'skills', 'alpha', 'new.tmp'), '# ALPHA\n');
      renameSync(join(dir, 'skills', 'alpha', 'new.tmp'), path);
      utimesSync(path, atime, mtime);
    });
  });

  it('changes when a file is edited in place, even with its old size and mtime put back', async () => {
    const dir = library();
    const path = join(dir, 'skills', 'gamma', 'SKILL.md');
    const { atime, mtime } = lstatSync(path);
    await changed(dir, () => {
      writeFileSync(path, '# GAMMA\n');
      utimesSync(path, atime, mtime);
    });
  });

  it('changes when a file becomes executable', async () => {
    const dir = library();
    await changed(dir, () => chmodSync(join(dir, 'skills', 'beta', 'references', 'notes.md'), 0o755));
  });

  it('changes when a link is pointed elsewhere', async () => {
    const dir = library();
    await changed(dir, () => {
      unlinkSync(join(dir, 'skills', 'beta', 'linked'));
      symlinkSync('../gamma/references', join(dir, 'skills', 'beta', 'linked'));
    });
  });

  it('changes when a folder is added, removed, or put where a file was', async () => {
    const dir = library();
    await changed(dir, () => mkdirSync(join(dir, 'skills', 'delta')));
    await changed(dir, () => writeFileSync(join(dir, 'skills', 'delta', 'SKILL.md'), '# delta\n'));
    await changed(dir, () => rmSync(join(dir, 'skills', 'gamma'), { recursive: true }));
    await changed(dir, () => {
      unlinkSync(join(dir, 'skills', 'alpha', 'SKILL.md'));
      mkdirSync(join(dir, 'skills', 'alpha', 'SKILL.md'));
    });
  });

  it('changes when a deep folder is swapped for a copy', async () => {
    const dir = library();
    await changed(dir, () => {
      const refs = join(dir, 'skills', 'alpha', 'references');
      mkdirSync(`${refs}.new`);
      writeFileSync(join(`${refs}.new`, 'notes.md'), 'notes\n');
      rmSync(refs, { recursive: true });
      renameSync(`${refs}.new`, refs);
    });
  });

  it('lists again a folder changed just before the remembered walk, where a same-tick change hides', () => {
    const dir = library();
    // No settling: the fixture's folders are as new as the walk, so the memo cannot vouch for them.
    const first = fingerprint(dir);
    writeFileSync(join(dir, 'skills', 'alpha', 'late.md'), 'late\n');
    const next = fingerprint(dir, { memo: first.memo });
    expect(next.listed).toBe(true);
    expect(next.print).toBe(fingerprint(dir).print);
    expect(next.print).not.toBe(first.print);
  });

  it('does not trust a memo whose listing disagrees with the stamps it claims only when they match', async () => {
    const dir = library();
    await settle();
    const memo = fingerprint(dir, { racyMs: RACY_MS }).memo!;
    // A memo from another folder of the same name (stamps differ) is listed afresh, not believed.
    const at = memo.rels.indexOf('skills/alpha');
    const forged: WalkMemo = { ...memo, listings: memo.listings.with(at, 'fSKILL.md'), stamps: memo.stamps.map((n, i) => (Math.floor(i / 3) === at ? 1 : n)) };
    const walked = fingerprint(dir, { memo: forged, racyMs: RACY_MS });
    expect(walked.listed).toBe(true);
    expect(walked.print).toBe(fingerprint(dir).print);
  });

  it('works through a source that is itself a link, and follows its retargeting', async () => {
    const dir = library();
    const other = library();
    writeFileSync(join(other, 'skills', 'alpha', 'extra.md'), 'extra\n');
    const link = join(tempDir('agent-team-print-link-'), 'lib');
    symlinkSync(dir, link);
    await changed(link, () => {
      unlinkSync(link);
      symlinkSync(other, link);
    });
  });

  it('marks a missing source unreadable and keeps no memo of it', () => {
    const walked = fingerprint(join(tempDir('agent-team-print-'), 'missing'));
    expect(walked.memo).toBeUndefined();
    expect(walked.print).toMatch(/^[0-9a-f]{64}$/);
  });
});
