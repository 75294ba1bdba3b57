import type { Command } from 'commander';
import type { LockOwner } from '../core/apply/project-lock.js';
import { AgentTeamError, isAgentTeamError, usageError } from '../core/errors.js';
import { colorWanted, loadStyle, Output } from './output.js';
import { isTerminal, write } from './stdio.js';

export interface GlobalOptions {
  cwd?: string;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  color?: boolean;
}

export interface Context {
  cwd: string;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  /** Prompts may be shown: a terminal on both ends, no --yes or --json, not in CI. */
  interactive: boolean;
  out: Output;
  /** Says who holds the project lock when waiting for it takes a while. */
  onWait: (owner: LockOwner | undefined) => void;
}

export interface CommandModule {
  run(ctx: Context, opts: Record<string, unknown>, args: unknown[], cmd: Command): Promise<void>;
}

function inCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export async function createContext(globals: GlobalOptions): Promise<Context> {
  const json = Boolean(globals.json);
  const yes = Boolean(globals.yes);
  const out = new Output(json, await loadStyle(!json && colorWanted(globals.color)));
  return {
    cwd: globals.cwd ?? process.cwd(),
    yes,
    dryRun: Boolean(globals.dryRun),
    json,
    interactive: !yes && !json && isTerminal(0) && isTerminal(1) && !inCI(),
    out,
    onWait: (owner) =>
      out.warn(owner ? `waiting for ${owner.command} (pid ${owner.pid}, since ${owner.since}) to finish changing this project...` : 'waiting for another agent-team process to finish changing this project...'),
  };
}

/** The error for input that is missing when no prompt may be shown: it names the flag to pass. */
export function missingInput(ctx: Context, what: string, how: string): AgentTeamError {
  const why = ctx.yes ? '--yes was given' : ctx.json ? '--json was given' : 'there is no terminal to ask on';
  return usageError('missing-input', `Missing ${what} (${why}, so agent-team does not prompt).`, `Pass ${how}.`);
}

export async function runCommand(
  load: () => Promise<CommandModule>,
  globals: GlobalOptions,
  opts: Record<string, unknown>,
  args: unknown[],
  cmd: Command,
): Promise<void> {
  const ctx = await createContext(globals);
  try {
    const mod = await load();
    await mod.run(ctx, opts, args, cmd);
  } catch (err) {
    if (isAgentTeamError(err)) {
      ctx.out.error(err);
      process.exitCode = err.exitCode;
      return;
    }
    const internal = new AgentTeamError(`Unexpected error: ${(err as Error)?.message ?? String(err)}`, {
      code: 'internal',
      hint: 'This is a bug in agent-team; please report it with the command you ran. Set AGENT_TEAM_DEBUG=1 for the stack trace.',
    });
    ctx.out.error(internal);
    if (process.env.AGENT_TEAM_DEBUG) write(2, `${(err as Error)?.stack ?? ''}\n`);
    process.exitCode = 1;
  }
}
