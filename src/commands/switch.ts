import { missingInput, type Context } from '../cli/context.js';
import { usageError } from '../core/errors.js';
import { switchAgent, type SwitchOutcome } from '../core/operations/switch.js';
import { agentFile, SETTINGS_LOCAL, SETTINGS_SHARED } from '../core/paths.js';
import { openProject } from '../core/project.js';
import { outcomeJson, outcomeLines } from '../present/outcome.js';
import { CLI } from '../present/style.js';

export function presentSwitch(ctx: Context, outcome: SwitchOutcome, shared: boolean): void {
  const notes: string[] = [];
  if (outcome.other && !shared && outcome.agent === null) notes.push(`${SETTINGS_SHARED} still makes "${outcome.other}" active for everyone; clear it with --none --shared.`);
  if (outcome.other && shared && outcome.other !== outcome.agent) notes.push(`${SETTINGS_LOCAL} makes "${outcome.other}" active for you, which wins over the shared setting.`);
  if (outcome.agentFileMissing) notes.push(`${agentFile(outcome.agent!)} is missing; run ${CLI} sync to create it.`);
  const s = ctx.out.style;
  const verb = (done: string, would: string) => (ctx.dryRun ? would : done);
  ctx.out.result({ command: 'switch', agent: outcome.agent, file: outcome.file, notes, ...outcomeJson(outcome, ctx.dryRun) }, () => [
    s.bold(
      outcome.agent === null
        ? `${verb('Cleared', 'Would clear')} the active agent in ${outcome.file}.`
        : `${verb('Made', 'Would make')} ${outcome.agent} the main session's agent (${outcome.file}). Start a new Claude Code session to use it.`,
    ),
    ...outcomeLines(s, outcome, ctx.dryRun),
    ...notes.map((n) => s.yellow(n)),
  ]);
}

export async function run(ctx: Context, opts: Record<string, unknown>, args: unknown[]): Promise<void> {
  const name = args[0] as string | undefined;
  const shared = Boolean(opts.shared);
  if (name !== undefined && opts.none) {
    throw usageError('conflicting-input', 'Give either an agent name or --none, not both.', 'agent-team switch <name> makes an agent active; agent-team switch --none clears it.');
  }
  if (name === undefined && !opts.none) {
    if (ctx.interactive) {
      const { guidedSwitch } = await import('../prompts/switch.js');
      return presentSwitch(ctx, await guidedSwitch(ctx, { shared }), shared);
    }
    openProject(ctx.cwd);
    throw missingInput(ctx, 'the agent to switch to', 'its name (agent-team switch <name>), or --none to clear the setting');
  }
  const outcome = await switchAgent(ctx.cwd, { agent: name ?? null, shared }, { dryRun: ctx.dryRun, onWait: ctx.onWait });
  presentSwitch(ctx, outcome, shared);
}
