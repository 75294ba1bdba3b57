import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { missingInput, type Context } from '../context.js';
import { failure, usageError } from '../core/errors.js';
import { agentFile, SETTINGS_LOCAL, SETTINGS_SHARED } from '../core/paths.js';
import { applyEntries } from '../core/apply.js';
import { openProject } from '../core/project.js';
import { agentSettingEntry, readSettings } from '../core/settings.js';
import { planJson, planLines } from '../report.js';
import { underLock } from './shared.js';

interface SwitchOptions {
  shared?: boolean;
  none?: boolean;
}

export async function run(ctx: Context, opts: Record<string, unknown>, args: unknown[]): Promise<void> {
  const options = opts as SwitchOptions;
  const name = args[0] as string | undefined;
  if (name !== undefined && options.none) {
    throw usageError('conflicting-input', 'Give either an agent name or --none, not both.', 'agent-team switch <name> makes an agent active; agent-team switch --none clears it.');
  }
  const project = openProject(ctx.cwd);
  if (name === undefined && !options.none) throw missingInput(ctx, 'the agent to switch to', 'its name (agent-team switch <name>), or --none to clear the setting');
  await underLock(ctx, project.root, () => {
    const { root, team } = openProject(project.root);
    const known = Object.keys(team.agents ?? {});
    if (name !== undefined && !known.includes(name)) {
      throw failure('unknown-agent', `No agent named "${name}" in the team.`, known.length ? `The team has: ${known.join(', ')}.` : 'Add one first with `agent-team add <name> <role>`.');
    }
    const path = options.shared ? SETTINGS_SHARED : SETTINGS_LOCAL;
    const entry = agentSettingEntry(readSettings(root, path), name);
    if (!ctx.dryRun && entry.action !== 'unchanged') applyEntries(root, [entry]);

    const other = readSettings(root, options.shared ? SETTINGS_LOCAL : SETTINGS_SHARED).data.agent;
    const s = ctx.out.style;
    const notes: string[] = [];
    if (typeof other === 'string' && !options.shared) {
      if (name === undefined) notes.push(`${SETTINGS_SHARED} still makes "${other}" active for everyone; clear it with --none --shared.`);
    } else if (typeof other === 'string' && options.shared && other !== name) {
      notes.push(`${SETTINGS_LOCAL} makes "${other}" active for you, which wins over the shared setting.`);
    }
    if (name && !existsSync(join(root, agentFile(name)))) notes.push(`${agentFile(name)} is missing; run agent-team sync to create it.`);
    ctx.out.result({ command: 'switch', agent: name ?? null, file: path, dryRun: ctx.dryRun, notes, ...planJson([entry]) }, () => [
      s.bold(
        name === undefined
          ? `${ctx.dryRun ? 'Would clear' : 'Cleared'} the active agent in ${path}.`
          : `${ctx.dryRun ? 'Would make' : 'Made'} ${name} the main session's agent (${path}). Start a new Claude Code session to use it.`,
      ),
      ...planLines(ctx.out, [entry]),
      ...notes.map((n) => s.yellow(n)),
    ]);
  });
}
