import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prune } from '../src/core/cache.js';
import { tempDir } from './helpers/cli.js';

/** Entries e0 (oldest) … e<n-1> (newest), each `size` bytes. */
function kind(n: number, size: number): string {
  const dir = tempDir('agent-team-prune-');
  for (let i = 0; i < n; i += 1) {
    const path = join(dir, `e${i}.json`);
    writeFileSync(path, 'x'.repeat(size));
    const when = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
    utimesSync(path, when, when);
  }
  return dir;
}

const left = (dir: string) => readdirSync(dir).sort((a, b) => Number(a.slice(1, -5)) - Number(b.slice(1, -5)));

describe('the cache keeps each kind bounded', () => {
  it('drops the oldest entries past the count', () => {
    const dir = kind(8, 10);
    prune(dir, false, { entries: 5, bytes: 1_000_000 });
    expect(left(dir)).toEqual(['e3.json', 'e4.json', 'e5.json', 'e6.json', 'e7.json']);
  });

  it('after a big entry, drops the oldest past the bytes, and never the newest', () => {
    const dir = kind(6, 400);
    prune(dir, true, { entries: 500, bytes: 1000 });
    expect(left(dir)).toEqual(['e4.json', 'e5.json']);
    const alone = kind(2, 5000);
    prune(alone, true, { entries: 500, bytes: 1000 });
    expect(left(alone)).toEqual(['e1.json']);
  });

  it('leaves a small kind alone without looking at its entries', () => {
    const dir = kind(4, 400);
    prune(dir, false, { entries: 500, bytes: 1000 });
    expect(left(dir)).toHaveLength(4);
  });
});
