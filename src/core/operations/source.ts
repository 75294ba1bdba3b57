import { existsSync, realpathSync } from 'node:fs';
import { relative } from 'node:path';
import * as z from 'zod/mini';
import { readLock } from '../apply/lockfile.js';
import { resolveInside, toPosix } from '../apply/safe-path.js';
import { failure, isAgentTeamError, usageError, type AgentTeamError } from '../errors.js';
import { readSource, REGISTRY_FILE } from '../library/load.js';
import { TEAM_FILE } from '../paths.js';
import { loadTeamCatalog, planTeam, type TeamChange } from '../pipeline.js';
import { openProject, projectRoot } from '../project.js';
import { checkAllow, checkSource, type SourceFinding } from '../sources/check.js';
import { ensureSources, findingLine, type EnsuredSources, type ReadySource } from '../sources/ensure.js';
import { readLayout } from '../sources/layout.js';
import { defaultSourceName, isRepository, locateSource, splitSpec } from '../sources/spec.js';
import { withFolderSource, withoutSource, withSource } from '../sources/team-edit.js';
import { parseTeam } from '../team/team-file.js';
import { gitSources, GitSource, SOURCE_TRUST, SourceName, type GitSourceData, type TeamData } from '../team/schema.js';
import type { TeamOutcome } from './add.js';
import { parseInput } from './inputs.js';
import { lazySchema } from '../issues.js';
import { runOperation, teamDecision, type OperationOptions } from './run.js';

/**
 * Adding, updating and removing a team's sources. Each is a change of the team file and the
 * lockfile, planned and applied like any other (so edited skill files are merged, not lost), and
 * each scans what it is about to install first: nothing of a source whose findings block at its
 * trust level is written.
 */
const Allow = lazySchema(() => z.array(z.string().check(z.minLength(1), z.maxLength(300))).check(z.maxLength(200)));

export const SourceAddInput = lazySchema(() => z.strictObject({
  spec: z.string().check(z.minLength(1), z.maxLength(2100)),
  name: z.optional(z.string()),
  trust: z.optional(z.enum(SOURCE_TRUST)),
  allow: z.optional(Allow()),
  force: z.optional(z.boolean()),
}));

export const SourceUpdateInput = lazySchema(() => z.strictObject({
  names: z.optional(z.array(z.string())),
  allow: z.optional(Allow()),
  /** Accept a ref whose history was rewritten. */
  force: z.optional(z.boolean()),
}));

export const SourceRemoveInput = lazySchema(() => z.strictObject({
  name: z.string().check(z.minLength(1)),
  force: z.optional(z.boolean()),
}));

export interface SourceOutcome extends TeamOutcome {
  /** The sources this change fetched, pinned or moved, each with its scan findings. */
  sources: ReadySource[];
}

export interface SourceAddOutcome extends SourceOutcome {
  name: string;
  kind: 'git' | 'folder';
  /** For a folder source: its path in the project and its findings. */
  folder?: { path: string; findings: SourceFinding[] };
}

export interface SourceRemoveOutcome extends TeamOutcome {
  name: string;
}

function blocked(what: string, trust: string, findings: SourceFinding[]): AgentTeamError {
  return failure(
    'source-blocked',
    `${what} has scan findings that block it at trust level ${trust}:`,
    `Nothing was installed. Read each finding in the source; accept one by naming it with --allow <rule>[:<file>], or change the source's trust.`,
    findings.slice(0, 50).map(findingLine),
    { findings },
  );
}

/** Plans the team with these sources ready; a catalog that breaks says which source's names clash. */
function planWith(root: string, teamText: string, team: TeamData, ready: EnsuredSources, force?: boolean): TeamChange {
  return planTeam(root, teamText, { catalog: loadTeamCatalog(root, team, ready.dirs), sources: ready.pins, force });
}

/** `source add <url|path>[#ref]`: a git repository pinned to a commit, or a library folder inside the project. */
export async function addSource(cwd: string, input: unknown, options: OperationOptions = {}): Promise<SourceAddOutcome> {
  const { spec, name: askedName, trust, allow = [], force } = parseInput(SourceAddInput, input, 'source');
  const accepted = checkAllow(allow);
  const { url, ref } = splitSpec(spec);
  const root = projectRoot(cwd);
  return runOperation(root, options, () => {
    const { teamText, team } = openProject(root);
    const location = locateSource(url, cwd);
    if (location.kind === 'local' && !existsSync(location.path)) {
      throw failure('no-such-path', `${location.path} does not exist.`, 'Give the URL of a git repository, the path of one on this machine, or a library folder in the project.', undefined, { path: location.path });
    }
    if (location.kind === 'local' && !isRepository(location.path)) {
      if (ref) throw usageError('folder-source-ref', `${url} is a folder, not a git repository, so it has no "#${ref}".`, 'Drop the #ref, or make the folder a git repository.');
      return addFolder(root, teamText, team, location.path, trust ?? 'untrusted', accepted, force);
    }
    const name = askedName ?? defaultSourceName(url);
    if (name === undefined) throw usageError('invalid-source-name', `Cannot make a source name from "${url}".`, 'Give one with --name (lowercase letters, digits and dashes).');
    const checked = SourceName().safeParse(name);
    if (!checked.success) throw usageError('invalid-source-name', `Invalid source name "${name}": it ${checked.error.issues[0]?.message ?? 'is not valid'}.`, 'Give one with --name: lowercase letters, digits and single dashes, at most 32 characters.');
    const existing = gitSources(team).find((s) => s.name === name);
    if (existing) throw failure('source-exists', `The team already has a source named "${name}" (${existing.url}).`, 'Pick another name, or update that source.', undefined, { name });
    const entry: GitSourceData = { name, url: location.kind === 'local' ? location.path : url, ...(ref ? { ref } : {}), ...(trust ? { trust } : {}), ...(accepted.length ? { allow: accepted } : {}) };
    GitSource().parse(entry);
    const text = withSource(teamText, entry);
    const next = parseTeam(text);
    const ready = ensureSources(root, next, readLock(root));
    const change = planWith(root, text, next, ready, force);
    return teamDecision(change, true, { undoable: `add source ${name}`, sources: ready.sources.filter((s) => s.name === name), name, kind: 'git' as const });
  });
}

/** A library folder inside the project: listed as it is (no pin: the project's git history is its record), after a scan. */
function addFolder(root: string, teamText: string, team: TeamData, abs: string, trust: (typeof SOURCE_TRUST)[number], allow: string[], force?: boolean) {
  const rel = toPosix(relative(realpathSync(root), realpathSync(abs)));
  resolveInside(root, rel, 'source');
  if (!rel || rel.startsWith('..')) throw failure('path-outside', `The folder ${abs} is outside the project.`, 'A folder source must be inside the project; a repository elsewhere can be added by its path if it is a git repository.');
  if ((team.sources ?? []).includes(rel)) throw failure('source-exists', `The team already lists the folder ${rel} as a source.`, 'Nothing to add.', undefined, { name: rel });
  const raw = readSource({ dir: abs, label: rel, show: (p) => toPosix(relative(root, p)) });
  if (!raw.registry) {
    throw failure('source-invalid', `${rel} is not a library folder: it needs a ${REGISTRY_FILE}.`, 'Write a registry for it (see docs/library-authoring.md), or make the folder a git repository of <skill>/SKILL.md folders and add it by its path.', raw.problems);
  }
  const layout = readLayout(abs);
  const check = checkSource(abs, layout, trust, allow);
  if (check.blocking.length > 0) throw blocked(`The folder ${rel}`, trust, check.blocking);
  const text = withFolderSource(teamText, rel);
  const change = planTeam(root, text, { force });
  return teamDecision(change, true, { undoable: `add source ${rel}`, sources: [], name: rel, kind: 'folder' as const, folder: { path: rel, findings: check.findings } });
}

/** `source update [name...]`: moves git sources to what their refs name now; a rewritten history needs `force`. */
export async function updateSources(cwd: string, input: unknown, options: OperationOptions = {}): Promise<SourceOutcome> {
  const { names = [], allow = [], force } = parseInput(SourceUpdateInput, input, 'sources to update');
  const accepted = checkAllow(allow);
  const root = projectRoot(cwd);
  return runOperation(root, options, () => {
    const { teamText, team } = openProject(root);
    const known = gitSources(team);
    if (known.length === 0) throw failure('no-sources', 'The team has no git sources to update.', `Add one first; ${TEAM_FILE} lists them under sources.`);
    const unknown = names.filter((n) => !known.some((s) => s.name === n));
    if (unknown.length > 0) throw failure('unknown-source', `No git source named ${unknown.map((n) => `"${n}"`).join(', ')}.`, `The team's git sources: ${known.map((s) => s.name).join(', ')}.`, undefined, { unknown });
    if (accepted.length > 0 && names.length !== 1) throw usageError('allow-needs-source', 'Name the one source the --allow entries are for.', 'Allow entries are kept per source in the team file.');
    const targets = new Set(names.length ? names : known.map((s) => s.name));
    let text = teamText;
    if (accepted.length > 0) {
      const entry = known.find((s) => s.name === names[0])!;
      text = withSource(teamText, { ...entry, allow: [...new Set([...(entry.allow ?? []), ...accepted])] });
    }
    const next = parseTeam(text);
    const ready = ensureSources(root, next, readLock(root), { update: targets, force });
    const change = planWith(root, text, next, ready);
    const moved = ready.sources.filter((s) => targets.has(s.name));
    return teamDecision(change, true, { undoable: `update ${[...targets].join(', ')}`, sources: moved });
  });
}

/** Strings in the team's role overrides that name the source's skills, categories or roles. */
function usesOf(team: TeamData, name: string): string[] {
  const uses: string[] = [];
  const walk = (value: unknown, where: string) => {
    if (typeof value === 'string') {
      if (value.startsWith(`${name}:`) || value.startsWith(`${name}-`)) uses.push(`${where}: ${value}`);
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${where}.${k}`);
  };
  for (const [role, override] of Object.entries(team.roles ?? {})) walk(override, `roles.${role}`);
  for (const [agent, spec] of Object.entries(team.agents ?? {})) if (spec.role.startsWith(`${name}-`)) uses.push(`agents.${agent}.role: ${spec.role}`);
  return uses;
}

/** `source remove <name>`: drops a source; skill files it installed go when nobody edited them. */
export async function removeSource(cwd: string, input: unknown, options: OperationOptions = {}): Promise<SourceRemoveOutcome> {
  const { name, force } = parseInput(SourceRemoveInput, input, 'source to remove');
  const root = projectRoot(cwd);
  return runOperation(root, options, () => {
    const { teamText, team } = openProject(root);
    const git = gitSources(team).find((s) => s.name === name);
    const folder = (team.sources ?? []).some((s) => s === name);
    if (!git && !folder) {
      const listed = (team.sources ?? []).map((s) => (typeof s === 'string' ? s : s.name));
      throw failure('unknown-source', `No source named "${name}" in the team.`, listed.length ? `The team's sources: ${listed.join(', ')}.` : 'The team has no sources.', undefined, { unknown: [name] });
    }
    const uses = git ? usesOf(team, name) : [];
    if (uses.length > 0) {
      throw failure('source-in-use', `Source "${name}" is still used in ${TEAM_FILE}:`, 'Remove those uses first (role overrides that include its skills, agents of its roles), then remove the source.', uses.slice(0, 30), { name });
    }
    const text = withoutSource(teamText, name);
    const next = parseTeam(text);
    const ready = gitSources(next).length > 0 ? ensureSources(root, next, readLock(root)) : undefined;
    let change: TeamChange;
    try {
      change = planTeam(root, text, { force, ...(ready ? { catalog: loadTeamCatalog(root, next, ready.dirs), sources: ready.pins } : { sources: {} }) });
    } catch (err) {
      if (isAgentTeamError(err) && (err.code === 'invalid-catalog' || err.code === 'invalid-team')) {
        throw failure('source-in-use', `Without source "${name}" the team no longer loads:`, 'Remove what uses the source first, then remove it.', err.details, { name });
      }
      throw err;
    }
    return teamDecision(change, true, { undoable: `remove source ${name}`, name });
  });
}
