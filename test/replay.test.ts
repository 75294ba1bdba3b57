import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, MINI_LIBRARY, read, run, tempDir, type RunResult } from './helpers/cli.js';

/**
 * `list` and `sync --check` repeat their recorded answer when nothing they read has changed
 * (src/cli/replay.ts). A preloaded hook logs every file the process reads, so each test sees
 * whether a run was answered from the record (no engine, no project file read) or in full, and
 * every answer is compared with a run that has no cache at all.
 */
const ENGINE = join(BIN, '..', 'engine.cjs');
const settle = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2200);

describe('read-only commands answered from a record', () => {
  let dir: string;
  let cache: string;
  let log: string;
  let hook: string;

  const cli = (args: string[], env: Record<string, string> = {}) => run(args, { cwd: dir, library: MINI_LIBRARY, env: { AGENT_TEAM_CACHE_DIR: cache, NODE_OPTIONS: `--require ${hook}`, READS_LOG: log, ...env } });
  const readsOf = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);
  /** A run and what it read: answered from the record when it read neither the engine nor the project. */
  const observe = (args: string[], env?: Record<string, string>) => {
    const result = cli(args, env);
    const reads = readsOf();
    return { result, replayed: !reads.includes(ENGINE) && !reads.some((p) => p.startsWith(dir)) };
  };
  const fresh = (args: string[]) => cli(args, { AGENT_TEAM_NO_CACHE: '1' });
  const same = (a: RunResult, b: RunResult) => expect({ code: a.code, out: a.stdout, err: a.stderr }).toEqual({ code: b.code, out: b.stdout, err: b.stderr });

  beforeAll(() => {
    dir = tempDir();
    cache = tempDir('agent-team-replay-cache-');
    log = join(tempDir(), 'reads.log');
    hook = join(tempDir(), 'log-reads.cjs');
    writeFileSync(
      hook,
      [
        "const fs = require('node:fs');",
        'const readFileSync = fs.readFileSync;',
        'const paths = [];',
        "fs.readFileSync = function (path, ...rest) { if (typeof path === 'string') paths.push(path); return readFileSync.call(this, path, ...rest); };",
        "process.on('exit', () => { const fd = fs.openSync(process.env.READS_LOG, 'w'); fs.writeSync(fd, paths.join('\\n')); fs.closeSync(fd); });",
      ].join('\n'),
    );
    for (const args of [['init'], ['add', 'web', 'fe', '--framework', 'react@18'], ['add', 'api', 'be']]) expect(run(args, { cwd: dir, library: MINI_LIBRARY }).code).toBe(0);
    settle();
  });

  it('answers a repeated check or listing from its record, reading no file, exactly as a full run does', () => {
    for (const args of [['sync', '--check'], ['list', '--json'], ['list']]) {
      const first = observe(args);
      expect(first.replayed, `${args.join(' ')} first`).toBe(false);
      expect(first.result.code).toBe(0);
      const again = observe(args);
      expect(again.replayed, `${args.join(' ')} again`).toBe(true);
      same(again.result, first.result);
      same(again.result, fresh(args));
    }
    expect(readdirSync(join(cache, 'replay')).length).toBe(3);
  });

  it('runs in full when the arguments or a variable it reads differ', () => {
    expect(observe(['sync', '--check', '--json']).replayed).toBe(false);
    expect(observe(['sync', '--check']).replayed).toBe(true);
    // NO_COLOR is read (the helper sets it to 1); FORCE_COLOR is not looked at once NO_COLOR is set.
    expect(observe(['sync', '--check'], { FORCE_COLOR: '1' }).replayed).toBe(true);
    const colour = observe(['sync', '--check'], { NO_COLOR: '' });
    expect(colour.replayed).toBe(false);
    same(colour.result, cli(['sync', '--check'], { NO_COLOR: '', AGENT_TEAM_NO_CACHE: '1' }));
  });

  it('ignores a record it cannot trust: damaged, or in a folder others can write', () => {
    const folder = join(cache, 'replay');
    // The last run with other variables took the record's place; this one records again.
    observe(['sync', '--check']);
    expect(observe(['sync', '--check']).replayed).toBe(true);
    chmodSync(folder, 0o777);
    expect(observe(['sync', '--check']).replayed).toBe(false);
    chmodSync(folder, 0o700);
    expect(observe(['sync', '--check']).replayed).toBe(true);
    for (const name of readdirSync(folder)) writeFileSync(join(folder, name), '{"key": "not this"');
    const damaged = observe(['list', '--json']);
    expect(damaged.replayed).toBe(false);
    same(damaged.result, fresh(['list', '--json']));
  });

  it('sees an edit, a new file and a removed file at once, and records nothing younger than two seconds', () => {
    settle();
    for (const args of [['sync', '--check'], ['list', '--json']]) {
      observe(args);
      expect(observe(args).replayed).toBe(true);
    }
    const agent = join(dir, '.claude/agents/web.md');
    const original = read(dir, '.claude/agents/web.md');
    writeFileSync(agent, `${original}\nmy own line\n`);
    const edited = observe(['sync', '--check']);
    expect(edited.replayed).toBe(false);
    expect(edited.result.stdout).toContain('web.md: edited by you');
    same(edited.result, fresh(['sync', '--check']));
    // The same content back, but the file was touched: read again, and found in sync.
    writeFileSync(agent, original);
    const back = observe(['sync', '--check']);
    expect(back.replayed).toBe(false);
    expect(back.result.code).toBe(0);
    // Not recorded while the file is this new, so the next run is read in full too.
    expect(observe(['sync', '--check']).replayed).toBe(false);

    writeFileSync(join(dir, '.claude/agents/mine.md'), '---\nname: mine\ndescription: My own agent.\n---\nHello.\n');
    const listed = observe(['list', '--json']);
    expect(listed.replayed).toBe(false);
    same(listed.result, fresh(['list', '--json']));
    rmSync(join(dir, '.claude/agents/mine.md'));
    rmSync(join(dir, '.claude/agents/api.md'));
    const removed = observe(['sync', '--check']);
    expect(removed.replayed).toBe(false);
    expect(removed.result.code).not.toBe(0);
    same(removed.result, fresh(['sync', '--check']));
    expect(existsSync(join(dir, '.claude/agents/api.md'))).toBe(false);
  });
});
