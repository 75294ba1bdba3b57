// Shared pieces of the fault-injection suite: a seeded random source, running the CLI with a
// time-out, project snapshots and the checks every trial ends with.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MINI_LIBRARY = join(ROOT, 'test/fixtures/mini-library');

/** mulberry32: small, fast and the same on every machine, so a seed reproduces a run. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

/** Mixes a run's seed with a trial number into the trial's own seed. */
export function subSeed(seed, n) {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(n + 1, 0xc2b2ae35)) >>> 0;
}

/**
 * Runs the CLI; resolves with its code (null when killed), signal, output and time. A run past
 * `timeoutMs` is killed and marked `hung`.
 */
export function cli(bin, args, { cwd, env = {}, timeoutMs = 60_000, library } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', CI: '1', AGENT_TEAM_LIBRARY: library, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, hung, ms: Date.now() - started, internal: /Unexpected error|"code":\s*"internal"/.test(stdout + stderr) });
    });
  });
}

/** Every file and link below `dir` with its content (folders as markers). */
export function snapshot(dir, { skip = () => false } = {}) {
  const out = {};
  const walk = (current) => {
    let names;
    try {
      names = readdirSync(current);
    } catch {
      return;
    }
    for (const name of names) {
      const abs = join(current, name);
      const rel = relative(dir, abs);
      if (skip(rel)) continue;
      const stat = lstatSync(abs);
      if (stat.isSymbolicLink()) out[rel] = `-> ${readlinkSync(abs)}`;
      else if (stat.isDirectory()) {
        out[`${rel}/`] = '';
        walk(abs);
      } else out[rel] = readFileSync(abs, 'latin1');
    }
  };
  walk(dir);
  return out;
}

export function write(dir, path, text) {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** The files a user had before agent-team came: they must never change. */
export const USER_FILES = {
  'CLAUDE.md': '# My project\n\nUser text that must survive every crash.\n',
  '.claude/settings.local.json': '{\n    "permissions":   { "allow": [ "Bash(ls)" ] },\n    "env": {"A": "1"}\n}\n',
  '.claude/agents/mine.md': '---\nname: mine\ndescription: My own agent. Use for my own things.\n---\nMine.\n',
  '.claude/skills/mine/SKILL.md': '---\nname: mine\ndescription: "My own skill. Use for my own things."\n---\n# Mine\n',
  '.claude/commands/mine.md': 'My own command.\n',
};

export function seedUserFiles(dir) {
  for (const [path, text] of Object.entries(USER_FILES)) write(dir, path, text);
}

/** User files whose content changed, except CLAUDE.md, where only the user's text must stay. */
export function changedUserFiles(dir) {
  const changed = [];
  for (const [path, text] of Object.entries(USER_FILES)) {
    let now;
    try {
      now = readFileSync(join(dir, path), 'utf8');
    } catch {
      changed.push(`${path} (gone)`);
      continue;
    }
    if (path === 'CLAUDE.md' ? !now.includes(text.trim()) : path === '.claude/settings.local.json' ? !sameSettings(now, text) : now !== text) changed.push(path);
  }
  return changed;
}

/** The user's settings stay byte for byte apart from an `agent` key agent-team may add as the last one. */
function sameSettings(now, before) {
  if (now === before) return true;
  return now.replace(/,\n\s*"agent": "[^"]*"\n\}\n$/, '\n}\n') === before;
}

export function stagingFiles(dir) {
  return Object.keys(snapshot(dir)).filter((p) => p.includes('.agent-team-tmp'));
}

export function lockLeft(dir) {
  return existsSync(join(dir, '.claude/.agent-team.lck'));
}
