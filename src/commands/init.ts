import type { Context } from '../context.js';
import { failure, usageError } from '../core/errors.js';
import { assertAgentName } from '../core/names.js';
import { TEAM_FILE } from '../core/paths.js';
import { loadTeamCatalog, planTeam } from '../core/project.js';
import { normaliseVariants, parseTeam, readTeamText } from '../core/team-file.js';
import { initialTeamText, withAgent, type AgentSelection } from '../core/team-edit.js';
import type { Catalog } from '../core/catalog.js';
import { agentSummary, commit, existingFolder, report, underLock } from './shared.js';

interface InitOptions {
  roles?: string;
  preset?: string;
  force?: boolean;
}

export function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The starter agents asked for with --preset and --roles, checked against the catalog. */
export function starterAgents(catalog: Catalog, options: InitOptions): Array<[string, AgentSelection]> {
  const starters: Array<[string, AgentSelection]> = [];
  if (options.preset) {
    const preset = catalog.presets[options.preset];
    if (!preset) {
      throw usageError('unknown-preset', `Unknown preset "${options.preset}".`, `Use one of: ${Object.keys(catalog.presets).join(', ')}.`);
    }
    for (const [name, spec] of Object.entries(preset.agents)) starters.push([name, { role: spec.role, variants: normaliseVariants(spec.variants) }]);
  }
  for (const role of splitList(options.roles)) {
    if (!catalog.roles[role]) {
      throw usageError('unknown-role', `Unknown role "${role}" in --roles.`, `Use one or more of: ${Object.keys(catalog.roles).join(', ')}.`);
    }
    starters.push([assertAgentName(role), { role, variants: {} }]);
  }
  return starters;
}

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const options = opts as InitOptions;
  const root = existingFolder(ctx.cwd);
  await underLock(ctx, root, () => {
    const existing = readTeamText(root);
    let text = existing ?? initialTeamText();
    const team = parseTeam(text);
    const catalog = loadTeamCatalog(root, team);
    const added: string[] = [];
    for (const [name, selection] of starterAgents(catalog, options)) {
      const current = team.agents?.[name];
      if (current && current.role === selection.role) continue;
      if (current || added.includes(name)) {
        throw failure('agent-exists', `Agent "${name}" already exists with role ${current?.role ?? 'another role'}.`, `Remove it first (agent-team remove ${name}) or add the new agent under another name.`);
      }
      text = withAgent(text, name, selection);
      added.push(name);
    }
    const change = planTeam(root, text, { catalog, force: options.force });
    const result = commit(ctx, change);
    const agents = change.agents.filter((a) => added.includes(a.name)).map((a) => agentSummary(a, change));
    const s = ctx.out.style;
    const verb = ctx.dryRun ? 'Would initialise' : 'Initialised';
    report(ctx, change, result, { command: 'init', root, initialised: existing === undefined, agents }, () => [
      existing === undefined
        ? s.bold(`${verb} the agent team in ${root}.`)
        : s.bold(`The agent team in ${root} is already set up${added.length ? `; ${ctx.dryRun ? 'would add' : 'added'} ${added.join(', ')}` : ''}.`),
      ...agents.map((a) => `  ${a.name}: ${a.title}, ${(a.skills as string[]).length} skills`),
    ], [
      '',
      `Next: ${s.cyan('npx agent-team add <name> <role>')} (roles: ${s.cyan('npx agent-team list --roles')}), then commit ${TEAM_FILE} and the files it lists.`,
    ]);
  });
}
