import { existsSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATOR } from '../../version.js';
import { applyEntries, type ApplyResult } from '../apply/apply.js';
import { variantProblems, type Catalog, type CatalogRole } from '../library/catalog.js';
import { findBlock, removeBlock } from '../claude/claude-md.js';
import { AgentTeamError, failure, usageError } from '../errors.js';
import { sha256 } from '../hash.js';
import { AddInput, InitInput, parseInput, RemoveInput, RoleOverrideInput, SwitchInput, SyncInput, type StarterAgentData } from './inputs.js';
import { readLock, sameLockedFiles } from '../apply/lockfile.js';
import { agentFile, CLAUDE_DIR, CLAUDE_MD, LOCK_FILE, PRUNABLE_PARENTS, SETTINGS_LOCAL, SETTINGS_SHARED, TEAM_FILE } from '../paths.js';
import { hasChanges, planChanges, type PlanEntry } from '../plan/plan.js';
import { applyTeamChange, loadTeamCatalog, openProject, planTeam, withProjectLock, type TeamChange } from '../pipeline.js';
import type { ResolvedAgent } from '../resolve/resolver.js';
import { agentSettingEntry } from '../claude/settings-edit.js';
import { readSettings } from '../claude/settings.js';
import { normaliseVariants, parseTeam, readTeamText } from '../team/team-file.js';
import { initialTeamText, withAgent, withoutAgents, withRoleOverride, type AgentSelection } from '../team/edit.js';

/**
 * The operations of agent-team, shared by the CLI and the dashboard: each validates its input,
 * takes the project lock (not for dry runs), re-reads the project, plans and applies.
 */
export interface OperationOptions {
  dryRun?: boolean;
  /** Apply only if the plan is still the one with this digest (a preview the user approved). */
  expectPlan?: string;
}

export interface Outcome {
  entries: PlanEntry[];
  applied?: ApplyResult;
  /** Identifies the plan, so a preview can be applied only if nothing changed in between. */
  planDigest: string;
}

export interface TeamOutcome extends Outcome {
  change: TeamChange;
}

export function planDigest(entries: PlanEntry[]): string {
  return sha256(JSON.stringify(entries.map((e) => [e.path, e.action, e.reason ?? '', e.content ? sha256(e.content) : ''])));
}

async function locked<T>(root: string, options: OperationOptions, work: () => T): Promise<T> {
  return options.dryRun ? work() : withProjectLock(root, work);
}

function checkExpected(entries: PlanEntry[], options: OperationOptions): string {
  const digest = planDigest(entries);
  if (options.expectPlan && options.expectPlan !== digest) {
    throw failure('plan-changed', 'The project changed since this plan was shown, so nothing was applied.', 'Look at the new plan and apply it again.');
  }
  return digest;
}

function finish(change: TeamChange, options: OperationOptions): TeamOutcome {
  const digest = checkExpected(change.plan.entries, options);
  return { change, entries: change.plan.entries, planDigest: digest, applied: options.dryRun ? undefined : applyTeamChange(change) };
}

export function assertRole(catalog: Catalog, role: string, where = ''): void {
  if (!catalog.roles[role]) {
    throw usageError('unknown-role', `Unknown role "${role}"${where}.`, `Use one of: ${Object.keys(catalog.roles).join(', ')} (details: agent-team list --roles).`);
  }
}

export function assertVariants(catalog: Catalog, role: string, variants: Record<string, string[]>): void {
  const problems = variantProblems(catalog.roles[role]!, variants);
  if (problems.length > 0) {
    throw usageError('invalid-variant', `Invalid variant for role ${role}: ${problems[0]}.`, "See each role's variants and values with `agent-team list --roles`.", problems.slice(1));
  }
}

export interface AddOutcome extends TeamOutcome {
  agent: ResolvedAgent;
}

export async function addAgent(cwd: string, input: unknown, options: OperationOptions = {}): Promise<AddOutcome> {
  const { name, role, variants = {}, force } = parseInput(AddInput, input, 'agent');
  const project = openProject(cwd);
  return locked(project.root, options, () => {
    const { root, teamText, team } = openProject(project.root);
    const existing = team.agents?.[name];
    if (existing) {
      throw failure('agent-exists', `Agent "${name}" is already in the team (role ${existing.role}).`, 'Pick another name, or change it in the team file and run `agent-team sync`.');
    }
    const catalog = loadTeamCatalog(root, team);
    assertRole(catalog, role);
    assertVariants(catalog, role, variants);
    const change = planTeam(root, withAgent(teamText, name, { role, variants }), { catalog, force });
    if (change.plan.entries.find((e) => e.path === agentFile(name))?.reason === 'foreign') {
      throw failure('agent-file-exists', `${agentFile(name)} already exists and was not written by agent-team.`, 'Pick another agent name, or move that file away first. Nothing was changed.');
    }
    return { ...finish(change, options), agent: change.agents.find((a) => a.name === name)! };
  });
}

/** Clears Claude Code's `agent` setting wherever it names an agent that is going away. */
function clearActiveAgent(root: string, removed: readonly string[]): PlanEntry[] {
  const entries: PlanEntry[] = [];
  for (const path of [SETTINGS_LOCAL, SETTINGS_SHARED]) {
    const file = readSettings(root, path);
    if (typeof file.data.agent === 'string' && removed.includes(file.data.agent)) entries.push(agentSettingEntry(file, undefined));
  }
  return entries;
}

export async function removeAgents(cwd: string, input: unknown, options: OperationOptions = {}): Promise<TeamOutcome & { removed: string[] }> {
  const { names, force } = parseInput(RemoveInput, input, 'agents to remove');
  const unique = [...new Set(names)];
  const project = openProject(cwd);
  return locked(project.root, options, () => {
    const { root, teamText, team } = openProject(project.root);
    const known = Object.keys(team.agents ?? {});
    const unknown = unique.filter((n) => !known.includes(n));
    if (unknown.length > 0) {
      throw failure(
        'unknown-agent',
        `No agent named ${unknown.map((n) => `"${n}"`).join(', ')} in the team.`,
        known.length ? `The team has: ${known.join(', ')}. Nothing was changed.` : 'The team has no agents. Nothing was changed.',
      );
    }
    const change = planTeam(root, withoutAgents(teamText, unique), { force, extra: clearActiveAgent(root, unique) });
    return { ...finish(change, options), removed: unique };
  });
}

export interface InitOutcome extends TeamOutcome {
  initialised: boolean;
  added: string[];
}

/** The starter agents asked for with a preset, roles and named agents, checked against the catalog. */
function starterAgents(catalog: Catalog, preset: string | undefined, roles: string[], agents: StarterAgentData[]): Array<[string, AgentSelection]> {
  const starters: Array<[string, AgentSelection]> = [];
  if (preset) {
    const found = catalog.presets[preset];
    if (!found) throw usageError('unknown-preset', `Unknown preset "${preset}".`, `Use one of: ${Object.keys(catalog.presets).join(', ')}.`);
    for (const [name, spec] of Object.entries(found.agents)) starters.push([name, { role: spec.role, variants: normaliseVariants(spec.variants) }]);
  }
  for (const role of roles) {
    assertRole(catalog, role, ' in --roles');
    starters.push([role, { role, variants: {} }]);
  }
  for (const { name, role, variants = {} } of agents) {
    assertRole(catalog, role, ` for agent ${name}`);
    assertVariants(catalog, role, variants);
    starters.push([name, { role, variants }]);
  }
  return starters;
}

export async function initTeam(root: string, input: unknown, options: OperationOptions = {}): Promise<InitOutcome> {
  const { roles = [], preset, agents = [], force } = parseInput(InitInput, input, 'init options');
  if (!existsSync(root)) throw failure('no-such-folder', `The folder ${root} does not exist.`, 'Pass an existing project folder with --cwd.');
  return locked(root, options, () => {
    const existing = readTeamText(root);
    let text = existing ?? initialTeamText();
    const team = parseTeam(text);
    const catalog = loadTeamCatalog(root, team);
    const added: string[] = [];
    for (const [name, selection] of starterAgents(catalog, preset, roles, agents)) {
      const current = team.agents?.[name];
      if (current && current.role === selection.role) continue;
      if (current || added.includes(name)) {
        throw failure('agent-exists', `Agent "${name}" already exists with role ${current?.role ?? selection.role}.`, `Remove it first (agent-team remove ${name}) or add the new agent under another name.`);
      }
      text = withAgent(text, name, selection);
      added.push(name);
    }
    return { ...finish(planTeam(root, text, { catalog, force }), options), initialised: existing === undefined, added };
  });
}

export interface SyncOutcome extends TeamOutcome {
  /** True when files or the lockfile differ from what the team file asks for. */
  drift: boolean;
}

export async function syncTeam(cwd: string, input: unknown, options: OperationOptions = {}): Promise<SyncOutcome> {
  const { check, frozen, force } = parseInput(SyncInput, input, 'sync options');
  if (check && frozen) {
    throw usageError('conflicting-input', '--check and --frozen do different jobs; pass one of them.', '--check only reports drift; --frozen installs exactly what the lockfile records.');
  }
  const project = openProject(cwd);
  const readOnly = { ...options, dryRun: options.dryRun || check };
  return locked(project.root, readOnly, () => {
    const { root, teamText } = openProject(project.root);
    const change = planTeam(root, teamText, { force });
    const lockDrift = !sameLockedFiles(change.previousLock, change.plan.lock);
    const drift = hasChanges(change.plan) || lockDrift || change.plan.entries.some((e) => e.action === 'conflict');
    if (frozen && lockDrift) {
      throw failure(
        'lockfile-outdated',
        `${LOCK_FILE} does not match ${TEAM_FILE} and the library: --frozen refuses to change it.`,
        `Run \`agent-team sync\` where you edit the team, and commit ${LOCK_FILE} with it.`,
        change.plan.entries.filter((e) => e.action !== 'unchanged' && e.kind !== 'team').slice(0, 20).map((e) => `${e.action} ${e.path}`),
      );
    }
    const digest = checkExpected(change.plan.entries, options);
    // --frozen writes the files the lockfile records and never the lockfile itself.
    const applied = readOnly.dryRun ? undefined : frozen ? applyEntries(root, change.plan.entries) : applyTeamChange(change);
    return { change, entries: change.plan.entries, planDigest: digest, applied, drift };
  });
}

export interface SwitchOutcome extends Outcome {
  agent: string | null;
  file: string;
  /** The other settings file's agent, which may still win or be overridden. */
  other?: string;
  agentFileMissing: boolean;
}

export async function switchAgent(cwd: string, input: unknown, options: OperationOptions = {}): Promise<SwitchOutcome> {
  const { agent, shared } = parseInput(SwitchInput, input, 'agent to switch to');
  const project = openProject(cwd);
  return locked(project.root, options, () => {
    const { root, team } = openProject(project.root);
    const known = Object.keys(team.agents ?? {});
    if (agent !== null && !known.includes(agent)) {
      throw failure('unknown-agent', `No agent named "${agent}" in the team.`, known.length ? `The team has: ${known.join(', ')}.` : 'Add one first with `agent-team add <name> <role>`.');
    }
    const file = shared ? SETTINGS_SHARED : SETTINGS_LOCAL;
    const entries = [agentSettingEntry(readSettings(root, file), agent ?? undefined)];
    const digest = checkExpected(entries, options);
    const applied = options.dryRun || entries[0]!.action === 'unchanged' ? undefined : applyEntries(root, entries);
    const other = readSettings(root, shared ? SETTINGS_LOCAL : SETTINGS_SHARED).data.agent;
    return {
      entries,
      applied,
      planDigest: digest,
      agent,
      file,
      other: typeof other === 'string' ? other : undefined,
      agentFileMissing: agent !== null && !existsSync(join(root, agentFile(agent))),
    };
  });
}

export interface UninstallOutcome extends Outcome {
  hadLockfile: boolean;
}

export async function uninstallTeam(cwd: string, input: { force?: boolean }, options: OperationOptions = {}): Promise<UninstallOutcome> {
  const project = openProject(cwd);
  return locked(project.root, options, () => {
    const { root, team } = openProject(project.root);
    const lock = readLock(root);
    const read = (p: string) => (existsSync(join(root, p)) ? readFileSync(join(root, p)) : undefined);
    // Nothing is wanted any more: the planner deletes what is unchanged and keeps what was edited.
    const plan = planChanges([], read, lock, { force: Boolean(input.force), generator: GENERATOR, catalogDigest: '' });
    const entries: PlanEntry[] = [...plan.entries];
    const claudeMd = read(CLAUDE_MD)?.toString('utf8');
    if (claudeMd !== undefined && !lock?.files[CLAUDE_MD] && findBlock(claudeMd)) {
      const rest = removeBlock(claudeMd);
      entries.push({ path: CLAUDE_MD, kind: 'block', agents: [], ...(rest === '' ? { action: 'delete' } : { action: 'update', content: Buffer.from(rest) }) });
    }
    entries.push(...clearActiveAgent(root, Object.keys(team.agents ?? {})));
    entries.push({ path: TEAM_FILE, kind: 'team', action: 'delete', agents: [] });
    if (lock) entries.push({ path: LOCK_FILE, kind: 'team', action: 'delete', agents: [] });
    const digest = checkExpected(entries, options);
    let applied: ApplyResult | undefined;
    if (!options.dryRun) {
      applied = applyEntries(root, entries);
      for (const dir of [...PRUNABLE_PARENTS, CLAUDE_DIR]) {
        const abs = join(root, dir);
        if (existsSync(abs) && readdirSync(abs).length === 0) rmdirSync(abs);
      }
    }
    return { entries, applied, planDigest: digest, hadLockfile: Boolean(lock) };
  });
}

export interface RoleOverrideOutcome extends TeamOutcome {
  role: string;
  /** The role as the catalog sees it after the change; undefined when the override was its only source. */
  resolved?: CatalogRole;
}

/**
 * Writes the project's override of one role into the team file's `roles:` section. The new
 * override is checked by its schema, then the whole team is re-planned: the catalog must load
 * (known skills, categories, tool profiles, rules files) and every agent must still resolve.
 */
export async function editRoleOverride(cwd: string, input: unknown, options: OperationOptions = {}): Promise<RoleOverrideOutcome> {
  const { role, override, force } = parseInput(RoleOverrideInput, input, 'role override', 'invalid-role-override');
  const project = openProject(cwd);
  return locked(project.root, options, () => {
    const { root, teamText, team } = openProject(project.root);
    if (override === null && !team.roles?.[role]) {
      throw failure('unknown-override', `The team file has no override for role "${role}".`, 'Nothing to remove; the role is as the library defines it.');
    }
    let change: TeamChange;
    try {
      change = planTeam(root, withRoleOverride(teamText, role, override as Record<string, unknown> | null), { force });
    } catch (err) {
      // The catalog or the team no longer loads with this override: that is a problem of the input.
      if (err instanceof AgentTeamError && (err.code === 'invalid-catalog' || err.code === 'invalid-team')) {
        throw usageError('invalid-role-override', `The override of role "${role}" does not fit the catalog or the team:`, 'Fix the values named below; nothing was changed.', err.details);
      }
      throw err;
    }
    return { ...finish(change, options), role, resolved: change.catalog.roles[role] };
  });
}
