import { execFileSync } from 'node:child_process';
import { failure, isNodeError, type AgentTeamError } from '../errors.js';

/**
 * The `git` binary, run the way a source needs it: with the user's own configuration and
 * credentials (a credential helper, an ssh agent), and never a prompt — no terminal, no askpass
 * program, ssh in batch mode — so a run in CI or behind a dashboard fails with a message instead
 * of hanging. Only the transports the source's URL needs are allowed (GIT_ALLOW_PROTOCOL), every
 * run has a time limit, and git's output is bounded.
 */
export interface GitOptions {
  gitDir?: string;
  /** `GIT_ALLOW_PROTOCOL`: the transports this run may use (e.g. `https:http`, `ssh`, `file`). */
  protocols?: string;
  input?: string | Buffer;
  timeoutMs?: number;
  maxBuffer?: number;
}

const NETWORK_TIMEOUT_MS = 120_000;
const LOCAL_TIMEOUT_MS = 30_000;

// Variables that would point git at another repository than the one we name.
const REPOSITORY_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE', 'GIT_COMMON_DIR', 'GIT_PREFIX'];

export function networkTimeoutMs(): number {
  const seconds = Number(process.env.AGENT_TEAM_GIT_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : NETWORK_TIMEOUT_MS;
}

/**
 * ssh that never asks for a passphrase or a host key. The user's own ssh command wins when they
 * set one: in the environment, or in the configuration git reads for our repository (system and
 * global; the cache's bare repository has none of its own).
 */
function batchSsh(env: NodeJS.ProcessEnv, gitDir: string | undefined): void {
  if (env.GIT_SSH_COMMAND || env.GIT_SSH) return;
  let configured = '';
  try {
    configured = execFileSync('git', [...(gitDir ? ['--git-dir', gitDir] : []), 'config', '--get', 'core.sshCommand'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: LOCAL_TIMEOUT_MS, env: cleanEnv() }).trim();
  } catch {
    // not set
  }
  if (!configured) env.GIT_SSH_COMMAND = 'ssh -o BatchMode=yes';
}

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPOSITORY_VARIABLES) delete env[name];
  delete env.GIT_ASKPASS;
  delete env.SSH_ASKPASS;
  env.GIT_TERMINAL_PROMPT = '0';
  env.GCM_INTERACTIVE = 'never';
  env.SSH_ASKPASS_REQUIRE = 'never';
  env.LC_ALL = 'C';
  return env;
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly timedOut: boolean,
    readonly exitCode: number | null,
  ) {
    super(message);
  }
}

/** Runs git and returns its stdout; a failure is a GitError with git's own words. */
export function git(args: string[], options: GitOptions = {}): Buffer {
  const env = cleanEnv();
  if (options.protocols !== undefined) {
    env.GIT_ALLOW_PROTOCOL = options.protocols;
    if (options.protocols.includes('ssh')) batchSsh(env, options.gitDir);
  }
  const full = [
    // Nothing of the repository may run: no hooks, no fsmonitor, no credential prompts.
    '-c', 'core.hooksPath=/dev/null',
    '-c', 'core.fsmonitor=false',
    '-c', 'credential.interactive=never',
    '-c', 'protocol.version=2',
    ...(options.gitDir ? ['--git-dir', options.gitDir] : []),
    ...args,
  ];
  const timeout = options.timeoutMs ?? (options.protocols ? networkTimeoutMs() : LOCAL_TIMEOUT_MS);
  try {
    return execFileSync('git', full, {
      env,
      input: options.input,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout,
      killSignal: 'SIGKILL',
      maxBuffer: options.maxBuffer ?? 16 * 1024 * 1024,
      windowsHide: true,
    });
  } catch (err) {
    if (isNodeError(err, 'ENOENT')) throw failure('git-missing', 'agent-team needs the git program for git sources, and it was not found.', 'Install git (https://git-scm.com) and make sure it is on the PATH.');
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer; status?: number | null; signal?: string | null };
    if (e.code === 'ENOBUFS') throw new GitError('git printed more than agent-team reads', '', false, null);
    const stderr = (e.stderr?.toString('utf8') ?? '').replace(/[\0-\x08\x0b-\x1f\x7f]/g, '').trim();
    const timedOut = e.signal === 'SIGKILL' || e.code === 'ETIMEDOUT';
    throw new GitError(timedOut ? `git did not finish within ${Math.round(timeout / 1000)} s` : stderr || `git exited with ${e.status}`, stderr, timedOut, e.status ?? null);
  }
}

/** The last lines git wrote, for a message. */
export function gitSaid(err: GitError): string {
  const lines = err.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.slice(-2).join(' ') || err.message).slice(0, 400);
}

export type GitFailureKind = 'timeout' | 'auth' | 'not-found' | 'missing-ref' | 'network' | 'other';

export function classifyGitError(err: GitError): GitFailureKind {
  if (err.timedOut) return 'timeout';
  const text = err.stderr;
  if (/not our ref|couldn't find remote ref|no such remote ref|unadvertised object|bad object|invalid refspec|remote ref does not exist|not a valid object/i.test(text)) return 'missing-ref';
  if (/authentication failed|could not read (username|password)|terminal prompts disabled|permission denied|host key verification failed|access denied|403/i.test(text)) return 'auth';
  if (/does not appear to be a git repository|repository not found|not found|no such file or directory|does not exist/i.test(text)) return 'not-found';
  if (/could not resolve host|unable to access|connection (refused|timed out|reset)|network is unreachable|failed to connect/i.test(text)) return 'network';
  return 'other';
}

/** A git failure as the error a user reads: what failed, git's words, and what to do. */
export function gitFailure(err: GitError, what: string, url: string): AgentTeamError {
  const kind = classifyGitError(err);
  const hints: Record<GitFailureKind, string> = {
    timeout: 'Check the network and the URL; AGENT_TEAM_GIT_TIMEOUT sets the limit in seconds.',
    auth: 'agent-team uses your own git credentials and never prompts: check that `git ls-remote <url>` works in a terminal (a credential helper, or an ssh key in your agent).',
    'not-found': 'Check the URL, and that your git credentials can read the repository.',
    'missing-ref': 'Check the branch, tag or commit name.',
    network: 'Check the network connection and the URL.',
    other: 'Check that `git ls-remote <url>` works in a terminal.',
  };
  return failure(`source-git-${kind}`, `${what}: ${gitSaid(err)}`, hints[kind].replace('<url>', url), undefined, { url });
}
