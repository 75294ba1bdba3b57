import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, lstatSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, inject } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** This test run's own build of the CLI (see global-setup.ts). */
export const BIN = inject('cli');
export const MINI_LIBRARY = join(ROOT, 'test/fixtures/mini-library');
export const FULL_LIBRARY = join(ROOT, '.claude');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  json: () => any;
}

export interface RunOptions {
  cwd: string;
  library?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** Run as an unprivileged user, so file permissions apply even when the tests run as root. */
  unprivileged?: boolean;
}

export const IS_ROOT = process.getuid?.() === 0;

/** Runs the built CLI as a user would, without a terminal. */
export function run(args: string[], options: RunOptions): RunResult {
  const command = options.unprivileged && IS_ROOT
    ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args]] as const
    : [process.execPath, [BIN, ...args]] as const;
  const result = spawnSync(command[0], command[1], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      AGENT_TEAM_LIBRARY: options.library,
      ...options.env,
    },
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  const stdout = result.stdout;
  return {
    code: result.status ?? -1,
    stdout,
    stderr: result.stderr,
    json: () => JSON.parse(stdout),
  };
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'agent-team-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Every file and link below `dir` with its content, to prove a command changed nothing. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const abs = join(current, name);
      const rel = relative(dir, abs);
      const stat = lstatSync(abs);
      if (stat.isSymbolicLink()) out[rel] = `-> ${readlinkSync(abs)}`;
      else if (stat.isDirectory()) {
        out[`${rel}/`] = `mode ${(statSync(abs).mode & 0o777).toString(8)}`;
        walk(abs);
      } else out[rel] = readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}

export function read(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

/** The skills an agent file's body tells the agent to load (`- \`name\`: …` lines), in order. */
export function bodySkills(agentText: string): string[] {
  return [...agentText.matchAll(/^- `([a-z0-9:-]+)`: /gm)].map((m) => m[1]!);
}
