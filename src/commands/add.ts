import type { Command } from 'commander';
import { missingInput, type Context } from '../context.js';
import { failure, usageError } from '../core/errors.js';
import { assertAgentName } from '../core/names.js';
import { agentFile } from '../core/paths.js';
import { loadTeamCatalog, openProject, planTeam } from '../core/project.js';
import { withAgent } from '../core/team-edit.js';
import { assertVariants, parseAddTokens } from './variant-flags.js';
import { agentSummary, commit, describeAgent, report, underLock } from './shared.js';

interface AddOptions {
  name?: string;
  role?: string;
  force?: boolean;
}

export async function run(ctx: Context, opts: Record<string, unknown>, _args: unknown[], cmd: Command): Promise<void> {
  const options = opts as AddOptions;
  const { positionals, variants } = parseAddTokens(cmd.args);
  const queue = [...positionals];
  const name = options.name ?? queue.shift();
  const role = options.role ?? queue.shift();
  if (queue.length > 0) {
    throw usageError('unexpected-argument', `Unexpected argument "${queue[0]}".`, 'Usage: agent-team add <name> <role> [--<variant> <value> ...]; several values as --state a,b.');
  }
  const project = openProject(ctx.cwd);
  if (name === undefined) throw missingInput(ctx, 'the agent name', 'it as the first argument or with --name <name>');
  assertAgentName(name);
  await underLock(ctx, project.root, () => {
    const { root, teamText, team } = openProject(project.root);
    const catalog = loadTeamCatalog(root, team);
    const existing = team.agents?.[name];
    if (existing) {
      throw failure('agent-exists', `Agent "${name}" is already in the team (role ${existing.role}).`, `Pick another name, or change it in the team file and run \`agent-team sync\`.`);
    }
    if (role === undefined) {
      throw missingInput(ctx, `the role of ${name}`, `it as the second argument or with --role <role> (one of: ${Object.keys(catalog.roles).join(', ')})`);
    }
    const roleData = catalog.roles[role];
    if (!roleData) {
      throw usageError('unknown-role', `Unknown role "${role}".`, `Use one of: ${Object.keys(catalog.roles).join(', ')} (details: agent-team list --roles).`);
    }
    assertVariants(roleData, variants);

    const change = planTeam(root, withAgent(teamText, name, { role, variants }), { catalog, force: options.force });
    const own = change.plan.entries.find((e) => e.path === agentFile(name));
    if (own?.reason === 'foreign') {
      throw failure('agent-file-exists', `${agentFile(name)} already exists and was not written by agent-team.`, 'Pick another agent name, or move that file away first. Nothing was changed.');
    }
    const result = commit(ctx, change);
    const agent = change.agents.find((a) => a.name === name)!;
    const summary = agentSummary(agent, change);
    report(ctx, change, result, { command: 'add', agent: summary }, () => [
      ctx.out.style.bold(`${ctx.dryRun ? 'Would add' : 'Added'} ${describeAgent(agent, summary.cost)}.`),
    ]);
  });
}
