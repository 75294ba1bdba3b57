import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FULL_LIBRARY, MINI_LIBRARY, read, ROOT, run, snapshot, tempDir } from './helpers/cli.js';

/**
 * Issue 9, problem by problem: each test names the numbered problem it proves fixed, and each
 * fails on the behaviour the issue describes.
 */

const lib = { library: MINI_LIBRARY };

function project(roles = 'fe', options = lib): string {
  const dir = tempDir();
  const r = run(['init', '--roles', roles], { cwd: dir, ...options });
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

function appendToTeam(dir: string, text: string): void {
  writeFileSync(join(dir, '.claude/agent-team.yaml'), `${read(dir, '.claude/agent-team.yaml')}${text}`);
}

/** Every file's text below `dir`, joined: to prove that a secret appears nowhere in the project. */
function allText(dir: string): string {
  return Object.values(snapshot(dir)).join('\n');
}

/** A clear error is an agent-team error with a message and a hint, never "Unexpected error". */
function clearError(r: { code: number; stderr: string }, message: RegExp): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stderr).not.toMatch(/Unexpected error|internal|at .+\.cjs:\d+/);
  expect(r.stderr).toMatch(message);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function startTimeOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

/**
 * How long starting the CLI takes right now (a busy machine makes it slow): the time limits of
 * the issue are for the work after start-up, so they are checked on top of this.
 */
function startUpMs(): number {
  const started = Date.now();
  run(['--version'], { cwd: ROOT });
  return Date.now() - started;
}

function writeLock(dir: string, owner: { pid: number; start: string | null }): void {
  mkdirSync(join(dir, '.claude/.agent-team.lck'));
  writeFileSync(join(dir, '.claude/.agent-team.lck/owner.json'), JSON.stringify({ ...owner, host: hostname(), command: 'agent-team add', since: new Date().toISOString() }));
}

/** At most `count` steps from `first` to `last`, evenly spread, both ends included. */
function spread(first: number, last: number, count: number): number[] {
  if (last - first + 1 <= count) return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round(first + ((last - first) * i) / (count - 1))))];
}

function stagingFiles(dir: string): string[] {
  return Object.keys(snapshot(dir)).filter((p) => p.includes('.agent-team-tmp'));
}

describe('issue 9: nothing of the user is lost, read out or run', () => {
  it('1. secrets: rules: /proc/self/environ is refused, and nothing of it reaches the project', () => {
    const dir = project();
    const before = snapshot(dir);
    appendToTeam(dir, 'roles:\n  fe:\n    rules: /proc/self/environ\n');
    const r = run(['sync'], { cwd: dir, ...lib, env: { AGENT_TEAM_CANARY: 'canary-secret-1234' } });
    clearError(r, /rules file.*(outside|absolute)|outside the project/i);
    expect(allText(dir)).not.toContain('canary-secret-1234');
    expect(read(dir, '.claude/agents/fe.md')).toBe(before['.claude/agents/fe.md']);
  });

  it('1. secrets: ../ paths and symlinks to outside in rules and variant conventions are refused', () => {
    const outside = tempDir('agent-team-outside-');
    writeFileSync(join(outside, 'secret.md'), 'outside-canary-5678\n');
    const dir = project();
    symlinkSync(join(outside, 'secret.md'), join(dir, 'inside-link.md'));
    const cases = [
      `roles:\n  fe:\n    rules: ../${join('..', outside).replace(/^\/+/, '')}/secret.md\n`,
      `roles:\n  fe:\n    rules: ${join(outside, 'secret.md')}\n`,
      'roles:\n  fe:\n    rules: inside-link.md\n',
      'roles:\n  fe:\n    variants:\n      framework:\n        values:\n          react: { conventions: inside-link.md }\n',
      `roles:\n  fe:\n    variants:\n      framework:\n        values:\n          react: { conventions: "../../../../../../..${join(outside, 'secret.md')}" }\n`,
    ];
    const team = read(dir, '.claude/agent-team.yaml').replace('role: fe', 'role: fe\n    variants: { framework: react }');
    for (const extra of cases) {
      writeFileSync(join(dir, '.claude/agent-team.yaml'), team + extra);
      const r = run(['sync'], { cwd: dir, ...lib });
      clearError(r, /outside/i);
      expect(allText(dir)).not.toContain('outside-canary-5678');
    }
  });

  it('1. secrets: a source whose skill folder links outside it is not copied in', () => {
    const outside = tempDir('agent-team-outside-');
    mkdirSync(join(outside, 'leak'));
    writeFileSync(join(outside, 'leak/SKILL.md'), '---\nname: leak\ndescription: "Leaks. Use never."\n---\nsource-canary-9012\n');
    const dir = project();
    const source = join(dir, 'team-library');
    mkdirSync(join(source, 'skills'), { recursive: true });
    symlinkSync(join(outside, 'leak'), join(source, 'skills/leak'));
    writeFileSync(join(source, 'skills-registry.yaml'), 'version: 1\ncategories: { extra: { title: Extra } }\nskills:\n  leak: { category: extra }\n');
    appendToTeam(dir, 'sources: [team-library]\nroles:\n  fe:\n    skills: { include: [leak] }\n');
    const r = run(['sync'], { cwd: dir, ...lib });
    clearError(r, /outside|link/i);
    expect(allText(dir).replace(/source-canary-9012\n$/m, '')).not.toMatch(/^source-canary-9012$/m);
    expect(existsSync(join(dir, '.claude/skills/leak'))).toBe(false);
  });

  it('2. a forged lockfile deletes nothing: entries for user files with their real hashes', () => {
    const dir = project();
    const userFiles: Record<string, string> = {
      '.claude/settings.json': '{ "permissions": { "allow": ["Bash(ls)"] } }\n',
      '.claude/commands/deploy.md': 'Deploy the app.\n',
      '.claude/agents/mine.md': '---\nname: mine\ndescription: My own agent. Use for mine.\n---\nMine.\n',
      '.claude/skills/mine/SKILL.md': '---\nname: mine\ndescription: "Mine. Use for mine."\n---\nMine.\n',
    };
    for (const [path, text] of Object.entries(userFiles)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const claudeMd = `User words.\n\n${read(dir, 'CLAUDE.md')}`;
    writeFileSync(join(dir, 'CLAUDE.md'), claudeMd);
    const honest = read(dir, '.claude/agent-team.lock');
    const forge = (paths: string[], kind: string) => {
      const lock = JSON.parse(honest);
      for (const path of paths) lock.files[path] = { sha256: sha256(read(dir, path)), kind, agents: ['fe'] };
      lock.files['CLAUDE.md'] = { ...lock.files['CLAUDE.md'], sha256: sha256(claudeMd) };
      writeFileSync(join(dir, '.claude/agent-team.lock'), JSON.stringify(lock, null, 2));
    };
    // Paths agent-team never writes: the lockfile is refused as damaged, nothing changes.
    forge(['.claude/settings.json', '.claude/commands/deploy.md', '.claude/agent-team.yaml'], 'managed');
    const before = snapshot(dir);
    clearError(run(['sync'], { cwd: dir, ...lib }), /agent-team\.lock is damaged[\s\S]*not a path agent-team manages/);
    clearError(run(['remove', 'fe'], { cwd: dir, ...lib }), /damaged/);
    expect(snapshot(dir)).toEqual(before);
    // Paths it does write (agents, skills), claiming the user's own files: they stay as the user's.
    forge(['.claude/agents/mine.md', '.claude/skills/mine/SKILL.md'], 'managed');
    const sync = run(['sync'], { cwd: dir, ...lib });
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/mine\.md: .*cannot prove it wrote it/);
    expect(run(['remove', 'fe'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['uninstall'], { cwd: dir, ...lib }).code).toBe(0);
    for (const [path, text] of Object.entries(userFiles)) expect(read(dir, path), path).toBe(text);
    expect(read(dir, 'CLAUDE.md')).toBe('User words.\n');
  });

  it('3. a committed file identical to a library file is the user\'s: remove and uninstall keep it', () => {
    const dir = tempDir();
    const vendored = read(MINI_LIBRARY, 'skills/review/SKILL.md');
    mkdirSync(join(dir, '.claude/skills/review'), { recursive: true });
    writeFileSync(join(dir, '.claude/skills/review/SKILL.md'), vendored);
    expect(run(['init', '--roles', 'fe'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['remove', 'fe'], { cwd: dir, ...lib }).code).toBe(0);
    expect(read(dir, '.claude/skills/review/SKILL.md')).toBe(vendored);
    expect(run(['add', 'web', 'fe'], { cwd: dir, ...lib }).code).toBe(0);
    expect(run(['uninstall'], { cwd: dir, ...lib }).code).toBe(0);
    expect(read(dir, '.claude/skills/review/SKILL.md')).toBe(vendored);
    // The README's examples run inside a checkout of agent-team itself delete none of its library files.
    const checkout = tempDir();
    cpSync(join(FULL_LIBRARY, 'skills'), join(checkout, '.claude/skills'), { recursive: true });
    const library = snapshot(join(checkout, '.claude/skills'));
    expect(run(['init', '--yes', '--preset', 'web'], { cwd: checkout, library: FULL_LIBRARY }).code).toBe(0);
    expect(run(['uninstall'], { cwd: checkout, library: FULL_LIBRARY }).code).toBe(0);
    expect(snapshot(join(checkout, '.claude/skills'))).toEqual(library);
  });

  it('4. a lost update: a writer held past the old 15 s stale limit keeps its lock, and both adds survive', async () => {
    const dir = project();
    // The slow writer sleeps synchronously (no timer can fire) at its first write step, inside the lock.
    const slow = spawn(process.execPath, [BIN, 'add', 'slow', 'be'], { cwd: dir, env: { ...process.env, AGENT_TEAM_LIBRARY: MINI_LIBRARY, AGENT_TEAM_FAULT: 'delay@1:16000' }, stdio: 'ignore' });
    const slowDone = new Promise<number | null>((resolve) => slow.on('exit', resolve));
    while (!existsSync(join(dir, '.claude/.agent-team.lck/owner.json'))) await new Promise((r) => setTimeout(r, 50));
    const fast = spawn(process.execPath, [BIN, 'add', 'quick', 'be'], { cwd: dir, env: { ...process.env, AGENT_TEAM_LIBRARY: MINI_LIBRARY }, stdio: ['ignore', 'ignore', 'pipe'] });
    let fastErr = '';
    fast.stderr!.on('data', (d) => (fastErr += d));
    const fastDone = new Promise<number | null>((resolve) => fast.on('exit', resolve));
    expect(await slowDone).toBe(0);
    expect(await fastDone, fastErr).toBe(0);
    expect(fastErr).toMatch(/waiting for .*\(pid \d+/);
    const team = read(dir, '.claude/agent-team.yaml');
    expect(team).toMatch(/^ {2}slow:$/m);
    expect(team).toMatch(/^ {2}quick:$/m);
    expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);
  }, 60_000);

  it('5. a permission error is reported in under 1 s', () => {
    const dir = project();
    chmodSync(dir, 0o755);
    chmodSync(join(dir, '.claude'), 0o555);
    try {
      const before = snapshot(dir);
      const baseline = startUpMs();
      const started = Date.now();
      const r = run(['add', 'api', 'be'], { cwd: dir, ...lib, unprivileged: true });
      const took = Date.now() - started;
      clearError(r, /permission denied/);
      expect(took).toBeLessThan(baseline + 1000);
      expect(snapshot(dir)).toEqual(before);
      // Nothing to write: sync --frozen passes on the read-only .claude/.
      const frozen = run(['sync', '--frozen'], { cwd: dir, ...lib, unprivileged: true });
      expect(frozen.code, frozen.stderr).toBe(0);
    } finally {
      chmodSync(join(dir, '.claude'), 0o755);
    }
  });

  it('5. a lock left by a killed process is taken over in under 2 s', () => {
    const dir = project();
    const dead = spawnSync('true');
    writeLock(dir, { pid: dead.pid!, start: '1' });
    const baseline = startUpMs();
    const started = Date.now();
    const r = run(['add', 'api', 'be'], { cwd: dir, ...lib });
    const took = Date.now() - started;
    expect(r.code, r.stderr).toBe(0);
    expect(took).toBeLessThan(baseline + 2000);
    expect(existsSync(join(dir, '.claude/.agent-team.lck'))).toBe(false);
    // An owner file never written (killed between mkdir and write) is recovered too.
    mkdirSync(join(dir, '.claude/.agent-team.lck'));
    const again = Date.now();
    expect(run(['add', 'api2', 'be'], { cwd: dir, ...lib }).code).toBe(0);
    expect(Date.now() - again).toBeLessThan(startUpMs() + 2000 + 1000);
  });

  it('5. a lock held by a live process: "waiting for ... (pid N)" after about 1 s, then it goes on when the holder ends', async () => {
    const dir = project();
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    writeLock(dir, { pid: holder.pid!, start: startTimeOf(holder.pid!) });
    const waiter = spawn(process.execPath, [BIN, 'add', 'api', 'be'], { cwd: dir, env: { ...process.env, AGENT_TEAM_LIBRARY: MINI_LIBRARY }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const saidAt: number[] = [];
    const started = Date.now();
    waiter.stderr!.on('data', (d) => {
      stderr += d;
      if (/pid \d+/.test(stderr) && saidAt.length === 0) saidAt.push(Date.now() - started);
    });
    const done = new Promise<number | null>((resolve) => waiter.on('exit', resolve));
    // The notice comes about 1 s after the wait began; a busy machine may take longer to get there.
    for (const until = Date.now() + 20_000; !stderr.includes(`pid ${holder.pid}`) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
    expect(stderr).toContain(`pid ${holder.pid}`);
    expect(saidAt[0]).toBeGreaterThanOrEqual(900);
    expect(read(dir, '.claude/agent-team.yaml')).not.toMatch(/^ {2}api:$/m);
    holder.kill('SIGKILL');
    expect(await done, stderr).toBe(0);
    expect(read(dir, '.claude/agent-team.yaml')).toMatch(/^ {2}api:$/m);
  }, 30_000);

  it('6. a team file with YAML aliases is refused fast, and no lock is left behind', () => {
    const dir = project();
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i += 1) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    writeFileSync(join(dir, '.claude/agent-team.yaml'), `version: 1\nagents:\n  fe: { role: fe }\nbomb:\n  ${lines.join('\n  ')}\n`);
    const before = snapshot(dir);
    const started = Date.now();
    const r = run(['sync'], { cwd: dir, ...lib });
    expect(Date.now() - started).toBeLessThan(5000);
    clearError(r, /alias/i);
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(join(dir, '.claude/.agent-team.lck'))).toBe(false);
  });

  it('7. <!-- agent-team:end --> in a role title or description does not wedge CLAUDE.md', () => {
    const dir = project();
    writeFileSync(join(dir, 'CLAUDE.md'), `# My project\n\nUser text above.\n\n${read(dir, 'CLAUDE.md')}\nUser text below.\n`);
    expect(run(['sync'], { cwd: dir, ...lib }).code).toBe(0);
    appendToTeam(dir, 'roles:\n  fe:\n    title: "Evil <!-- agent-team:end --> title"\n    description: "Breaks <!-- agent-team:start --> things <!-- agent-team:end -->. Use for UI work."\n');
    const r = run(['sync'], { cwd: dir, ...lib });
    expect(r.code, r.stderr).toBe(0);
    const md = read(dir, 'CLAUDE.md');
    expect(md.match(/<!-- agent-team:end/g)).toHaveLength(1);
    expect(md).toContain('User text above.');
    expect(md).toContain('User text below.');
    for (const args of [['sync', '--check'], ['add', 'api', 'be'], ['remove', 'api'], ['doctor']]) {
      const next = run(args, { cwd: dir, ...lib });
      expect(next.code, `${args.join(' ')}: ${next.stderr}`).toBe(0);
    }
  });

  it('8. constructor, __proto__ and toString as role, preset, variant flag or value give clear errors', () => {
    const dir = project();
    const before = snapshot(dir);
    for (const name of ['constructor', '__proto__', 'toString']) {
      clearError(run(['add', 'x', name], { cwd: dir, ...lib }), /Unknown role|not a valid/);
      clearError(run(['add', 'x', 'fe', `--${name}`, 'react'], { cwd: dir, ...lib }), /variant|option|flag|unknown/i);
      clearError(run(['add', 'x', 'fe', '--framework', name], { cwd: dir, ...lib }), /unknown framework|Invalid variant|not a valid/);
      const fresh = tempDir();
      clearError(run(['init', '--yes', '--preset', name], { cwd: fresh, ...lib }), /Unknown preset/);
      clearError(run(['init', '--yes', '--roles', name], { cwd: fresh, ...lib }), /Unknown role|not a valid/);
    }
    expect(snapshot(dir)).toEqual(before);
    // In the team file too: as a role, a variant name and a variant value.
    for (const agent of ['{ role: constructor }', '{ role: fe, variants: { constructor: react } }', '{ role: fe, variants: { framework: toString } }', '{ role: fe, variants: { __proto__: react } }']) {
      writeFileSync(join(dir, '.claude/agent-team.yaml'), `version: 1\nagents:\n  fe: ${agent}\n`);
      clearError(run(['sync'], { cwd: dir, ...lib }), /role|variant|framework|not a valid|unknown|__proto__/i);
    }
  }, 180_000);

  it('8. a dangling symlink in .claude/skills and an agent file that is a directory are handled with clear words', () => {
    const dir = project();
    symlinkSync(join(dir, 'nowhere'), join(dir, '.claude/skills/dangling'));
    const r = run(['sync'], { cwd: dir, ...lib });
    expect(r.stderr).not.toMatch(/Unexpected error/);
    expect(r.code, r.stderr).toBe(0);
    expect(run(['doctor'], { cwd: dir, ...lib }).stderr).not.toMatch(/Unexpected error/);
    expect(run(['list'], { cwd: dir, ...lib }).code).toBe(0);
    mkdirSync(join(dir, '.claude/agents/api.md'));
    const add = run(['add', 'api', 'be'], { cwd: dir, ...lib });
    clearError(add, /api\.md/);
    expect(statSync(join(dir, '.claude/agents/api.md')).isDirectory()).toBe(true);
    const doctor = run(['doctor'], { cwd: dir, ...lib });
    expect(doctor.stderr + doctor.stdout).not.toMatch(/Unexpected error/);
  });

  it('9. staging files left by a kill during apply are cleaned by the next command', () => {
    const steps = Number(/agent-team-fault-steps (\d+)/.exec(run(['add', 'probe', 'be'], { cwd: project(), ...lib, env: { AGENT_TEAM_FAULT: 'count' } }).stderr)?.[1]);
    expect(steps).toBeGreaterThan(4);
    let leftBehind = 0;
    for (const step of spread(2, steps, 10)) {
      const dir = project();
      const killed = run(['add', 'api', 'be'], { cwd: dir, ...lib, env: { AGENT_TEAM_FAULT: `kill@${step}` } });
      expect(killed.code).toBe(-1);
      leftBehind += stagingFiles(dir).length;
      const next = run(['sync'], { cwd: dir, ...lib });
      expect(next.code, `step ${step}: ${next.stderr}`).toBe(0);
      expect(stagingFiles(dir), `step ${step}`).toEqual([]);
      expect(run(['sync', '--check'], { cwd: dir, ...lib }).code, `step ${step}`).toBe(0);
    }
    // The kills did leave staging files for the next command to clean.
    expect(leftBehind).toBeGreaterThan(0);
  }, 240_000);

  it('9. remove of the active agent killed mid-way is repaired by sync', () => {
    const probe = project('fe,be');
    expect(run(['switch', 'be'], { cwd: probe, ...lib }).code).toBe(0);
    const steps = Number(/agent-team-fault-steps (\d+)/.exec(run(['remove', 'be'], { cwd: probe, ...lib, env: { AGENT_TEAM_FAULT: 'count' } }).stderr)?.[1]);
    expect(steps).toBeGreaterThan(2);
    for (const step of spread(1, steps, 6)) {
      const trial = project('fe,be');
      expect(run(['switch', 'be'], { cwd: trial, ...lib }).code).toBe(0);
      expect(run(['remove', 'be'], { cwd: trial, ...lib, env: { AGENT_TEAM_FAULT: `kill@${step}` } }).code).toBe(-1);
      const sync = run(['sync'], { cwd: trial, ...lib });
      expect(sync.code, `step ${step}: ${sync.stderr}`).toBe(0);
      const settings = existsSync(join(trial, '.claude/settings.local.json')) ? JSON.parse(read(trial, '.claude/settings.local.json')) : {};
      const team = read(trial, '.claude/agent-team.yaml');
      // Either the remove took effect (no agent setting naming be) or it did not (be still in the team).
      if (!/^ {2}be:$/m.test(team)) expect(settings.agent, `step ${step}`).not.toBe('be');
      expect(run(['sync', '--check'], { cwd: trial, ...lib }).code, `step ${step}`).toBe(0);
    }
  }, 240_000);

  it('9. uninstall killed near its end finishes when run again', () => {
    const probe = project('fe,be');
    const steps = Number(/agent-team-fault-steps (\d+)/.exec(run(['uninstall'], { cwd: probe, ...lib, env: { AGENT_TEAM_FAULT: 'count' } }).stderr)?.[1]);
    expect(steps).toBeGreaterThan(3);
    for (const step of [steps, steps - 1, steps - 2, steps - 3]) {
      const dir = project('fe,be');
      writeFileSync(join(dir, 'CLAUDE.md'), `User words.\n\n${read(dir, 'CLAUDE.md')}`);
      expect(run(['sync'], { cwd: dir, ...lib }).code).toBe(0);
      expect(run(['uninstall'], { cwd: dir, ...lib, env: { AGENT_TEAM_FAULT: `kill@${step}` } }).code).toBe(-1);
      const again = run(['uninstall'], { cwd: dir, ...lib });
      expect(again.code, `step ${step}: ${again.stderr}`).toBe(0);
      expect(existsSync(join(dir, '.claude/agent-team.yaml')), `step ${step}`).toBe(false);
      expect(existsSync(join(dir, '.claude/agents')), `step ${step}`).toBe(false);
      expect(read(dir, 'CLAUDE.md')).toBe('User words.\n');
      expect(stagingFiles(dir)).toEqual([]);
    }
  }, 240_000);

  it('10. every generated text and hint runs only the installed copy: npx --no-install agent-team', () => {
    const bare = /\bnpx\s+(?!--no-install\b)(?:-\S+\s+)*agent-team\b/;
    // What we install into projects and print.
    const dir = tempDir();
    const full = { library: FULL_LIBRARY };
    expect(run(['init', '--yes', '--preset', 'full'], { cwd: dir, ...full }).code).toBe(0);
    const outputs = [
      run(['add', 'web2', 'dev-fe', '--framework', 'react'], { cwd: dir, ...full }),
      run(['remove', 'web2'], { cwd: dir, ...full }),
      run(['sync'], { cwd: dir, ...full }),
      run(['list'], { cwd: dir, ...full }),
      run(['doctor'], { cwd: dir, ...full }),
      run(['add', 'x', 'nope'], { cwd: dir, ...full }),
    ];
    for (const out of outputs) expect(out.stdout + out.stderr).not.toMatch(bare);
    for (const [path, text] of Object.entries(snapshot(dir))) expect(text, path).not.toMatch(bare);
    // Our own words in the package: rules, templates, docs, sources. Generated text never tells
    // anyone to run any package through npx without --no-install.
    const files: string[] = [];
    const walk = (abs: string) => {
      for (const entry of readdirSync(abs, { withFileTypes: true })) {
        const path = join(abs, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(md|tmpl|ts|tsx|yaml)$/.test(entry.name)) files.push(path);
      }
    };
    for (const folder of ['.claude', 'templates', 'docs', 'src']) walk(join(ROOT, folder));
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toMatch(bare);
    const ownWords = [join(ROOT, 'templates'), join(ROOT, '.claude/rules')];
    const anyNpx = /\bnpx\s+(?!--no-install\b)[^\s`]/;
    for (const file of files.filter((f) => ownWords.some((w) => f.startsWith(w)))) expect(readFileSync(file, 'utf8'), file).not.toMatch(anyNpx);
    expect(read(ROOT, '.claude/rules/common.md')).not.toMatch(/leaves it alone until someone decides/);
    expect(read(ROOT, '.claude/rules/common.md')).toContain('.agent-team-new');
  });

  it('11. uninstall leaves no {} settings file that switch created and keeps settings.local.json as written', () => {
    const dir = project('fe,be');
    expect(run(['switch', 'be'], { cwd: dir, ...lib }).code).toBe(0);
    expect(existsSync(join(dir, '.claude/settings.local.json'))).toBe(true);
    expect(run(['uninstall'], { cwd: dir, ...lib }).code).toBe(0);
    expect(existsSync(join(dir, '.claude/settings.local.json'))).toBe(false);

    const mine = project('fe,be');
    const userSettings = '{\n    "permissions":   { "allow": [ "Bash(ls)" ] },\n\n    "env": {"A": "1"}\n}\n';
    writeFileSync(join(mine, '.claude/settings.local.json'), userSettings);
    expect(run(['switch', 'be'], { cwd: mine, ...lib }).code).toBe(0);
    expect(run(['uninstall'], { cwd: mine, ...lib }).code).toBe(0);
    expect(read(mine, '.claude/settings.local.json')).toBe(userSettings);
  });

  it('11. init --yes never picks an agent name whose file the user already has', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.claude/agents'), { recursive: true });
    const mine = '---\nname: fe\ndescription: My own frontend agent. Use for mine.\n---\nMine.\n';
    writeFileSync(join(dir, '.claude/agents/fe.md'), mine);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { react: '^18.0.0' } }));
    const r = run(['init', '--yes'], { cwd: dir, ...lib });
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, '.claude/agents/fe.md')).toBe(mine);
    expect(read(dir, '.claude/agent-team.yaml')).not.toMatch(/^ {2}fe:$/m);
    const check = run(['sync', '--check'], { cwd: dir, ...lib });
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it('11. a conflict sync cannot resolve is not offered sync as its fix', () => {
    const dir = project();
    rmSync(join(dir, '.claude/agents/fe.md'));
    mkdirSync(join(dir, '.claude/agents/fe.md'));
    const r = run(['sync'], { cwd: dir, ...lib });
    expect(r.stderr).not.toMatch(/Unexpected error/);
    expect(r.stdout + r.stderr).not.toMatch(/then run `?npx --no-install agent-team sync`?\s*$/m);
    expect(r.stdout + r.stderr).toMatch(/fe\.md/);
  });
});
