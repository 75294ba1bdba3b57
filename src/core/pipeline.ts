import { realpathSync } from 'node:fs';
import { projectMemo } from './cache.js';
import { failure } from './errors.js';
import { GENERATOR } from './version.js';
import { readLocalState } from './apply/local-state.js';
import { parseLock, serializeLock } from './apply/lockfile.js';
import { readGitBlob, readObject } from './apply/objects.js';
import { fileFacts } from './apply/facts.js';
import { checkTargets } from './apply/safe-path.js';
import { findBlock } from './claude/claude-md.js';
import { planSettings, type DesiredSetting, type SettingsTarget } from './claude/settings-plan.js';
import { contentHash } from './hash.js';
import { own } from './own.js';
import { catalogSource, loadCatalog, type Catalog } from './library/catalog.js';
import { libraryDir, templatesDir } from './library/package.js';
import { CLAUDE_MD, LOCK_FILE, SETTINGS_FILES, skillDir, TEAM_FILE } from './paths.js';
import { planChanges, untouched, type Choice, type Plan, type PlanEntry } from './plan/plan.js';
import { readProjectFile } from './project.js';
import { renderProject, type DesiredFile } from './render/project.js';
import { prepareTeam } from './render/prepared.js';
import { loadTemplates } from './render/templates.js';
import { resolveAgent, type ResolvedAgent } from './resolve/resolver.js';
import type { LockData, LockSettingsData, LockSourceData } from './apply/lock-schema.js';
import type { AgentSpecData } from './team/names-schema.js';
import { gitSources, type TeamData } from './team/schema.js';
import { parseTeam, teamAgents } from './team/team-file.js';

/**
 * The pipeline, from a team file to the plan that makes the project match it:
 * catalog → resolve → render → plan. Nothing is written here.
 */
export interface TeamChange {
  root: string;
  teamText: string;
  team: TeamData;
  catalog: Catalog;
  agents: ResolvedAgent[];
  plan: Plan;
  previousLock?: LockData;
  /** The lockfile's new text; made when first asked (a dry run of a big team never needs it). */
  readonly lockText: string;
  readonly lockChanged: boolean;
}

export interface PlanTeamOptions {
  force?: boolean;
  /** A catalog already loaded for this team (its overrides and sources unchanged). */
  catalog?: Catalog;
  /** Entries of files outside the lockfile's care, e.g. a settings change. */
  extra?: PlanEntry[];
  /** The team file before this change: files it would make are recognised as agent-team's. */
  before?: string;
  /** Write conflict markers into files instead of the new version beside them. */
  markers?: boolean;
  /** The git sources to pin in the lockfile (sources/ensure.ts); by default the previous pins of the sources still listed. */
  sources?: Record<string, LockSourceData>;
  /** A person's decision for conflicting files, by path (operations/resolve.ts). */
  choose?: (path: string) => Choice | undefined;
  /**
   * Look only at the files this change touches (plan/plan.ts `untouched`): for commands that
   * change part of the team. Not with `force`, which asks for every edited file to be replaced.
   */
  changeOnly?: boolean;
}

/** `sourceDirs`: the prepared folders of the team's git sources, when a sync has just made them ready. */
export function loadTeamCatalog(root: string, team: TeamData, sourceDirs?: Record<string, string>): Catalog {
  return loadCatalog({ libraryDir: libraryDir(), projectRoot: root, team, sourceDirs });
}

/** The pins a plan carries over: those of the git sources the team still lists, as they were. */
function keptPins(previous: LockData | undefined, team: TeamData): Record<string, LockSourceData> {
  const kept: Record<string, LockSourceData> = {};
  for (const source of gitSources(team)) {
    const pin = previous?.sources && Object.hasOwn(previous.sources, source.name) ? previous.sources[source.name] : undefined;
    if (pin) kept[source.name] = pin;
  }
  return kept;
}

/** What the project would look like with this team file: the full plan, nothing written. */
export function planTeam(root: string, teamText: string, options: PlanTeamOptions = {}): TeamChange {
  const team = parseTeam(teamText);
  const lockBytes = readProjectFile(root, LOCK_FILE);
  const previousLock = lockBytes ? parseLock(lockBytes.toString('utf8')) : undefined;
  const templates = loadTemplates(templatesDir());
  const realRoot = realpathSync(root);
  const prepared = prepareTeam({
    team,
    templates,
    libraryDir: libraryDir(),
    catalog: options.catalog ?? catalogSource({ libraryDir: libraryDir(), projectRoot: root, team }),
    memo: (digest) => projectMemo(realRoot, `${digest}\0${templates.digest}`),
    disk: (path) => readProjectFile(root, path),
  });
  const { agents, desired, memo, settings: wantedSettings } = prepared;
  const requests = teamAgents(team);
  const locked = previousLock?.files ?? {};
  const untouchedPaths = new Set(options.changeOnly && !options.force ? desired.filter((d) => untouched(d, own(locked, d.path))).map((d) => d.path) : []);
  // Only paths a change may write or delete need to be safe to write.
  const targets = [...desired.map((d) => d.path), ...Object.keys(locked)].filter((path) => !untouchedPaths.has(path));
  const absent = checkTargets(root, new Set([TEAM_FILE, LOCK_FILE, ...targets, ...settingsTargets(wantedSettings, previousLock?.settings)]));

  const facts = fileFacts(root, memo, absent);
  const plan = planChanges(desired, {
    disk: (path) => readProjectFile(root, path),
    hash: (path) => facts.hash(path),
    lock: previousLock,
    written: readLocalState(root).files,
    base: (sha, git, path) => mergeBase(root, sha, git, path),
    reconstruct: reconstructor(() => prepared.catalog, prepared.render, [options.before, previousLock?.agents]),
    force: Boolean(options.force),
    markers: options.markers,
    choose: options.choose,
    untouched: untouchedPaths,
    generator: GENERATOR,
    catalogDigest: prepared.digest,
    agents: Object.fromEntries(requests.map((a) => [a.name, { role: a.role, variants: a.variants, ...(Object.keys(a.versions).length ? { versions: a.versions } : {}), ...(a.paths.length ? { paths: a.paths } : {}) }])),
  });
  memo.save();
  const currentTeam = readProjectFile(root, TEAM_FILE)?.toString('utf8');
  plan.entries.unshift({
    path: TEAM_FILE,
    kind: 'team',
    agents: [],
    action: currentTeam === undefined ? 'create' : currentTeam === teamText ? 'unchanged' : 'update',
    content: Buffer.from(teamText, 'utf8'),
  });
  // The team file and the settings first, then the files: a crash at any point leaves a team file
  // that one sync completes.
  const settings = withSettings(root, wantedSettings, previousLock?.settings, options.extra ?? []);
  plan.entries.splice(1, 0, ...settings.entries);
  if (settings.lock) plan.lock.settings = settings.lock;
  const pins = options.sources ?? keptPins(previousLock, team);
  if (Object.keys(pins).length > 0) plan.lock.sources = pins;
  let lockText: string | undefined;
  return {
    root,
    teamText,
    team,
    get catalog() {
      return prepared.catalog;
    },
    agents,
    plan,
    previousLock,
    get lockText() {
      return (lockText ??= serializeLock(plan.lock));
    },
    get lockChanged() {
      return lockBytes?.toString('utf8') !== this.lockText;
    },
  };
}

function settingsTargets(desired: DesiredSetting[], lock: LockSettingsData | undefined): SettingsTarget[] {
  return SETTINGS_FILES.filter((f) => desired.some((d) => d.file === f) || (lock !== undefined && Object.hasOwn(lock, f)));
}

/**
 * The settings entries of a plan: other edits of the same files (the `agent` key) come first and
 * the settings planner starts from their result, so each file is written once with both.
 */
function withSettings(root: string, desired: DesiredSetting[], lock: LockSettingsData | undefined, extra: PlanEntry[]): { entries: PlanEntry[]; lock?: LockSettingsData } {
  const text = (path: string) => readProjectFile(root, path)?.toString('utf8');
  const edited = new Map(extra.filter((e) => e.kind === 'settings' && (e.action === 'create' || e.action === 'update') && e.content).map((e) => [e.path, e.content!.toString('utf8')]));
  const planned = planSettings(desired, { disk: text, start: (f) => (edited.has(f) ? edited.get(f) : text(f)), lock });
  const handled = new Set(planned.entries.filter((e) => e.action !== 'conflict').map((e) => e.path));
  return { entries: [...extra.filter((e) => !handled.has(e.path)), ...planned.entries], lock: planned.lock };
}

/** The version agent-team wrote before, from the local store or the checkout's git history, checked against its hash. */
function mergeBase(root: string, sha: string, git: string | undefined, path: string): Buffer | undefined {
  const local = readObject(root, sha);
  if (local && contentHash(local) === sha) return local;
  const blob = readGitBlob(root, git);
  if (!blob) return undefined;
  const inner = path === CLAUDE_MD ? findBlockSafely(blob.toString('utf8')) : undefined;
  return contentHash(inner === undefined ? blob : Buffer.from(inner, 'utf8')) === sha ? blob : undefined;
}

function findBlockSafely(text: string): string | undefined {
  try {
    return findBlock(text)?.inner;
  } catch {
    return undefined;
  }
}

/**
 * What agent-team would have written at a path for the team as it was (the team file before this
 * change, and the agents the lockfile records), and the library's own file for a skill path:
 * content it would write itself is provably its own, wherever the lockfile came from.
 */
function reconstructor(catalogOf: () => Catalog, render: (agents: ResolvedAgent[]) => DesiredFile[], teams: Array<string | Record<string, AgentSpecData> | undefined>): (path: string) => string | undefined {
  let known: Map<string, string> | undefined;
  return (path) => {
    if (!known) {
      known = new Map();
      const catalog = catalogOf();
      for (const team of teams) {
        if (team === undefined) continue;
        try {
          const requests = typeof team === 'string' ? teamAgents(parseTeam(team)) : teamAgents({ version: 1, agents: team });
          const agents = requests.flatMap((r) => {
            try {
              return [resolveAgent(catalog, r)];
            } catch {
              return []; // a role the catalog no longer has: its files cannot be recognised this way
            }
          });
          for (const file of render(agents)) if (file.kind !== 'block') known.set(file.path, file.hash);
        } catch {
          // an unreadable earlier team proves nothing
        }
      }
      for (const skill of Object.values(catalog.skills)) for (const f of skill.files) known.set(`${skillDir(skill.name)}/${f.path}`, f.sha256);
    }
    return known.get(path);
  };
}

/**
 * What the local record says after the change: the hash of every file agent-team now writes or
 * finds as it wrote it, and no entry for files it deletes. Kept and conflicting files keep
 * whatever the record said before.
 */
export function ownershipAfter(plan: Plan): Record<string, string | null> {
  const owned: Record<string, string | null> = {};
  for (const entry of plan.entries) {
    if (entry.kind === 'team' || entry.kind === 'settings') continue;
    if (entry.action === 'delete') owned[entry.path] = null;
    else if (entry.kind === 'upstream' && entry.content) owned[entry.path] = contentHash(entry.content);
    else if (entry.action === 'create' || entry.action === 'update' || entry.action === 'unchanged') {
      const sha = plan.lock.files[entry.path]?.sha256;
      if (sha) owned[entry.path] = sha;
    }
  }
  return owned;
}

/**
 * Uninstall's plan: nothing is wanted any more, so every file agent-team can prove is its own goes
 * (the team as it is now, and the lockfile's agents, tell what it would have written), edited ones stay.
 */
export function planUninstall(root: string, teamText: string | undefined, force: boolean, extra: PlanEntry[] = []): Plan {
  const lockBytes = readProjectFile(root, LOCK_FILE);
  const lock = lockBytes ? parseLock(lockBytes.toString('utf8')) : undefined;
  let catalog: Catalog | undefined;
  try {
    catalog = loadTeamCatalog(root, teamText === undefined ? { version: 1 } : parseTeam(teamText));
  } catch {
    // a team file or library that no longer loads: files are still recognised by the local record
  }
  const templates = loadTemplates(templatesDir());
  const render = (list: ResolvedAgent[]) => renderProject({ catalog: catalog!, agents: list, templates, libraryDir: libraryDir() });
  const settings = withSettings(root, [], lock?.settings, extra);
  const plan = planChanges([], {
    disk: (path) => readProjectFile(root, path),
    lock,
    written: readLocalState(root).files,
    base: (sha, git, path) => mergeBase(root, sha, git, path),
    reconstruct: catalog ? reconstructor(() => catalog!, render, [teamText, lock?.agents]) : undefined,
    force,
    generator: GENERATOR,
    catalogDigest: '',
  });
  plan.entries.unshift(...settings.entries);
  return plan;
}
