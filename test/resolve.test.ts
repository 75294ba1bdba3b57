import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../src/core/hash.js';
import { MINI_LIBRARY, read, run, tempDir } from './helpers/cli.js';

const lib = { library: MINI_LIBRARY };
const WEB = '.claude/agents/web.md';

/** A project where the user's edit of web.md clashes with the new version a sync brings. */
function clash(): { dir: string; edited: string; upstream: string } {
  const dir = tempDir('agent-team-resolve-');
  expect(run(['init'], { cwd: dir, ...lib }).code).toBe(0);
  expect(run(['add', 'web', 'fe', '--framework', 'react'], { cwd: dir, ...lib }).code).toBe(0);
  const edited = read(dir, WEB).replace('### React', '### React, the way we use it');
  writeFileSync(join(dir, WEB), edited);
  writeFileSync(join(dir, '.claude/agent-team.yaml'), read(dir, '.claude/agent-team.yaml').replace('\n      framework: react', '\n      framework: vue'));
  expect(run(['sync'], { cwd: dir, ...lib }).code).toBe(1);
  return { dir, edited, upstream: read(dir, `${WEB}.agent-team-new`) };
}

describe('agent-team resolve', () => {
  it('--keep leaves the user\'s file, removes the new version beside it, and the file is no longer a conflict', () => {
    const { dir, edited } = clash();
    const r = run(['resolve', 'web', '--keep', '--json'], { cwd: dir, ...lib });
    expect(r.code).toBe(0);
    expect(r.json().resolved).toEqual([{ path: WEB, choice: 'keep' }]);
    expect(read(dir, WEB)).toBe(edited);
    expect(existsSync(join(dir, `${WEB}.agent-team-new`))).toBe(false);
    const sync = run(['sync', '--json'], { cwd: dir, ...lib });
    expect(sync.code).toBe(0);
    expect(sync.json().changes).toContainEqual(expect.objectContaining({ path: WEB, action: 'keep', reason: 'customised' }));
    expect(sync.json().changes.some((c: { action: string }) => c.action === 'conflict')).toBe(false);
    expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);
    expect(read(dir, WEB)).toBe(edited);
  });

  it('--keep records the new version as the file\'s base, in the lockfile and the merge-base store', () => {
    const { dir, upstream } = clash();
    expect(run(['resolve', WEB, '--keep'], { cwd: dir, ...lib }).code).toBe(0);
    const sha = contentHash(Buffer.from(upstream, 'utf8'));
    expect(JSON.parse(read(dir, '.claude/agent-team.lock')).files[WEB].sha256).toBe(sha);
    expect(readdirSync(join(dir, '.claude/.agent-team/objects'), { recursive: true }).map(String).some((f) => f.includes(sha))).toBe(true);
    // Back to React, the version the user's file was made from: nothing to bring in, the file stays.
    const mine = `${read(dir, WEB)}\nOur own closing note.\n`;
    writeFileSync(join(dir, WEB), mine);
    writeFileSync(join(dir, '.claude/agent-team.yaml'), read(dir, '.claude/agent-team.yaml').replace('\n      framework: vue', '\n      framework: react'));
    const r = run(['sync', '--json'], { cwd: dir, ...lib });
    expect(r.code).toBe(0);
    expect(r.json().changes.find((c: { path: string }) => c.path === WEB)).toMatchObject({ action: 'keep', reason: 'customised' });
    expect(read(dir, WEB)).toBe(mine);
  });

  it('--replace writes the new version and keeps the user\'s file as a .bak it names', () => {
    const { dir, edited, upstream } = clash();
    const dry = run(['--dry-run', 'resolve', WEB, '--replace'], { cwd: dir, ...lib });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    expect(read(dir, WEB)).toBe(edited);
    const r = run(['resolve', `./${WEB}`, '--replace', '--json'], { cwd: dir, ...lib });
    expect(r.code).toBe(0);
    expect(r.json().resolved).toEqual([{ path: WEB, choice: 'replace', backup: `${WEB}.bak` }]);
    expect(read(dir, WEB)).toBe(upstream);
    expect(read(dir, `${WEB}.bak`)).toBe(edited);
    expect(existsSync(join(dir, `${WEB}.agent-team-new`))).toBe(false);
    expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);
  });

  it('--merge refuses a clashing merge unless markers are asked for, then writes them', () => {
    const { dir, edited } = clash();
    const refused = run(['resolve', 'web', '--merge'], { cwd: dir, ...lib });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('clashes in 1 place');
    expect(refused.stderr).toContain('--merge --markers');
    expect(read(dir, WEB)).toBe(edited);
    const r = run(['resolve', 'web', '--merge', '--markers', '--json'], { cwd: dir, ...lib });
    expect(r.code).toBe(0);
    expect(r.json().resolved).toEqual([{ path: WEB, choice: 'merge', clashes: 1 }]);
    expect(read(dir, WEB)).toMatch(/<<<<<<< yours[\s\S]*### React, the way we use it[\s\S]*=======[\s\S]*### Vue[\s\S]*>>>>>>> agent-team now/);
    expect(existsSync(join(dir, `${WEB}.agent-team-new`))).toBe(false);
  });

  it('cannot merge without an earlier version, and says what can be done instead', () => {
    const dir = tempDir('agent-team-resolve-');
    expect(run(['init'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['add', 'web', 'fe', '--framework', 'react'], { cwd: dir, ...lib }).code).toBe(0);
    writeFileSync(join(dir, WEB), 'my own agent\n');
    rmSync(join(dir, '.claude/.agent-team/objects'), { recursive: true, force: true });
    writeFileSync(join(dir, '.claude/agent-team.yaml'), read(dir, '.claude/agent-team.yaml').replace('\n      framework: react', '\n      framework: vue'));
    const r = run(['resolve', 'web', '--merge'], { cwd: dir, ...lib });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no earlier version');
    expect(r.stderr).toContain('--keep');
    expect(read(dir, WEB)).toBe('my own agent\n');
    expect(run(['resolve', 'web', '--keep'], { cwd: dir, ...lib }).code).toBe(0);
    expect(read(dir, WEB)).toBe('my own agent\n');
  });

  it('refuses a missing choice (exit 2), two choices, and a file that is not in conflict (exit 1), changing nothing', () => {
    const { dir, edited } = clash();
    const lock = read(dir, '.claude/agent-team.lock');
    expect(run(['resolve', 'web'], { cwd: dir, ...lib }).code).toBe(2);
    expect(run(['resolve', 'web', '--keep', '--replace'], { cwd: dir, ...lib }).code).toBe(2);
    expect(run(['resolve', 'web', '--keep', '--markers'], { cwd: dir, ...lib }).code).toBe(2);
    const none = run(['resolve', '../../etc/passwd', '--replace'], { cwd: dir, ...lib });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('is not a conflicting file');
    expect(none.stderr).toContain(WEB);
    expect(read(dir, WEB)).toBe(edited);
    expect(read(dir, '.claude/agent-team.lock')).toBe(lock);
  });
});
