import { cacheGet, cachePut, type ProjectMemo } from '../cache.js';
import type { DesiredSetting } from '../claude/settings-plan.js';
import { failure } from '../errors.js';
import { contentHash } from '../hash.js';
import { stampsHold, type Catalog, type CatalogSource } from '../library/catalog.js';
import { knowledgeFile, TEAM_FILE } from '../paths.js';
import { resolveTeam, type ResolvedAgent } from '../resolve/resolver.js';
import type { TeamData } from '../team/schema.js';
import { teamAgents } from '../team/team-file.js';
import { integrationSettings } from './integration-settings.js';
import { integrationChoices, unknownChoices } from './integrations.js';
import { installedSkills, renderProject, renderTeamFiles, skillFiles, TextFile, type DesiredFile, type FileKind, type InstalledSkill } from './project.js';
import { listedSkills, listingSettings } from './settings.js';
import { skillUsers } from './skill-users.js';
import type { Templates } from './templates.js';

/**
 * A team made ready from a catalog: its agents resolved, the files and settings it needs. This is
 * all a plan asks of the catalog, and it depends on nothing the plan looks at on disk but the
 * agents' knowledge files, so it is kept and read back while its inputs stay the same: a big
 * library's catalog, its resolution and its render cost more than all of the plan.
 */
export interface PreparedTeam {
  digest: string;
  agents: ResolvedAgent[];
  desired: DesiredFile[];
  settings: DesiredSetting[];
  memo: ProjectMemo;
  /** The catalog it was made from; loaded when first asked, if the team came from the cache. */
  readonly catalog: Catalog;
  /** Renders agents of this catalog (the team as it was, to recognise files agent-team wrote). */
  render(agents: ResolvedAgent[]): DesiredFile[];
}

export interface PrepareInput {
  team: TeamData;
  templates: Templates;
  libraryDir: string;
  /** A catalog at hand, or where to load one from: only then can the preparation come from the cache. */
  catalog: Catalog | CatalogSource;
  /** The project's memo for renders of this catalog (by its digest). */
  memo: (digest: string) => ProjectMemo;
  /** The project's files, of which a render reads only the agents' knowledge files. */
  disk: (path: string) => Buffer | undefined;
}

/** What the cache keeps: plain data, with the skill folders as tuples (there are thousands). */
interface Stored {
  digest: string;
  deps: Array<[string, string]>;
  agents: ResolvedAgent[];
  files: Array<{ path: string; kind: FileKind; hash: string; git?: string; agents: string[]; text?: string; fromProject?: true }>;
  skills: Array<[name: string, dir: string, files: Array<[path: string, sha256: string, executable: boolean]>]>;
  listed: string[];
  integrations: DesiredSetting[];
}

interface Parts {
  digest: string;
  agents: ResolvedAgent[];
  teamFiles: DesiredFile[];
  skills: readonly InstalledSkill[];
  listed: string[];
  integrations: DesiredSetting[];
}

const isCatalog = (c: Catalog | CatalogSource): c is Catalog => 'skills' in c;

export function prepareTeam(input: PrepareInput): PreparedTeam {
  const { team, disk } = input;
  if (isCatalog(input.catalog)) {
    const catalog = input.catalog;
    const memo = input.memo(catalog.digest);
    const parts = compute(catalog, input, memo, disk);
    return assembled(parts, memo, () => catalog, input, parts.users);
  }
  const source = input.catalog;
  let loaded: Catalog | undefined;
  const catalog = () => (loaded ??= source.load());
  // The knowledge files earlier versions seeded are the one thing on disk a render reads.
  const knowledge = new Map(teamAgents(team).map((a) => [knowledgeFile(a.name), disk(knowledgeFile(a.name))]));
  const key = JSON.stringify([source.key, team, input.templates.digest, input.libraryDir, [...knowledge].map(([path, b]) => [path, b ? contentHash(b) : null])]);
  const known = (path: string) => (knowledge.has(path) ? knowledge.get(path) : disk(path));
  const stored = cacheGet<Stored>('prepared', key);
  if (stored !== null && typeof stored === 'object' && typeof stored.digest === 'string' && stampsHold(stored.deps)) {
    const memo = input.memo(stored.digest);
    let full: Parts | undefined;
    // A file kept by its hash alone is rendered again, once for all of them, when its content is asked for.
    const again = (path: string) => {
      full ??= compute(catalog(), input, memo, known);
      const file = full.teamFiles.find((f) => f.path === path);
      if (!file) throw failure('library-changed', `The library changed while this command ran: ${path} is no longer part of the team.`, 'Run the command again.');
      return file.read();
    };
    const parts = revived(stored, knowledge, again);
    if (parts) return assembled(parts, memo, catalog, input);
  }
  const made = catalog();
  const memo = input.memo(made.digest);
  const parts = compute(made, input, memo, known);
  cachePut('prepared', key, toStored(parts, source.outside(made)));
  return assembled(parts, memo, catalog, input, parts.users);
}

/** The parts made afresh, with the skills' users that made them (assembling needs them too). */
function compute(catalog: Catalog, input: PrepareInput, memo: ProjectMemo, disk: (path: string) => Buffer | undefined): Parts & { users: Map<string, string[]> } {
  const { team, templates, libraryDir } = input;
  const agents = resolveTeam(catalog, teamAgents(team), TEAM_FILE);
  const unknown = unknownChoices(team, catalog);
  if (unknown.length > 0) throw failure('invalid-team', `${TEAM_FILE} asks for something the catalog does not have:`, `Fix ${TEAM_FILE}, then run the command again.`, unknown);
  const users = skillUsers(agents);
  return {
    digest: catalog.digest,
    agents,
    teamFiles: renderTeamFiles({ catalog, agents, templates, libraryDir, memo, team, disk }),
    skills: installedSkills(catalog, users, team),
    listed: listedSkills(catalog, users),
    integrations: integrationSettings(agents, catalog, integrationChoices(team)),
    users,
  };
}

function assembled(parts: Parts, memo: ProjectMemo, catalog: () => Catalog, input: PrepareInput, users = skillUsers(parts.agents)): PreparedTeam {
  return {
    digest: parts.digest,
    agents: parts.agents,
    desired: [...parts.teamFiles, ...skillFiles(parts.skills, users)],
    settings: [...listingSettings(parts.listed, users), ...parts.integrations],
    memo,
    get catalog() {
      return catalog();
    },
    render: (agents) => renderProject({ catalog: catalog(), agents, templates: input.templates, libraryDir: input.libraryDir, memo, team: input.team, disk: input.disk }),
  };
}

/** The parts as the cache keeps them. A block's text is kept (every plan reads it); an agent's files only by hash. */
function toStored(parts: Parts, deps: Array<[string, string]>): Stored {
  return {
    digest: parts.digest,
    deps,
    agents: parts.agents,
    files: parts.teamFiles.map((f) => {
      const base = { path: f.path, kind: f.kind, hash: f.hash, agents: f.agents, ...(f.git ? { git: f.git } : {}) };
      if (f instanceof TextFile && f.fromProject) return { ...base, fromProject: true as const };
      return f instanceof TextFile || f.kind === 'block' ? { ...base, text: f.read().toString('utf8') } : base;
    }),
    skills: parts.skills.map((s) => [s.name, s.dir, s.files.map((f) => [f.path, f.sha256, f.executable])]),
    listed: parts.listed,
    integrations: parts.integrations,
  };
}

/** The parts back from the cache; undefined for an entry that is not what this version writes (it is made again). */
function revived(stored: Stored, knowledge: Map<string, Buffer | undefined>, again: (path: string) => Buffer): Parts | undefined {
  try {
    const { digest, agents, files, skills, listed, integrations } = stored;
    if (![agents, files, skills, listed, integrations].every(Array.isArray)) return undefined;
    const teamFiles = files.map((f): DesiredFile => {
      const base = { path: f.path, kind: f.kind, hash: f.hash, agents: f.agents, ...(f.git ? { git: f.git } : {}) };
      if (f.fromProject) {
        const content = knowledge.get(f.path);
        if (!content) throw new Error('a knowledge file of the key is gone');
        return new TextFile(f.path, f.kind, content, f.agents, true);
      }
      if (typeof f.text !== 'string') return { ...base, read: () => again(f.path) };
      const content = Buffer.from(f.text, 'utf8');
      return { ...base, read: () => content };
    });
    // Indexed, without destructuring: thousands of tuples, and cold code allocates an iterator for each.
    const installed: InstalledSkill[] = new Array<InstalledSkill>(skills.length);
    for (let s = 0; s < skills.length; s += 1) {
      const tuple = skills[s]!;
      const list = tuple[2];
      const files = new Array<InstalledSkill['files'][number]>(list.length);
      for (let i = 0; i < list.length; i += 1) files[i] = { path: list[i]![0], sha256: list[i]![1], executable: list[i]![2] };
      installed[s] = { name: tuple[0], dir: tuple[1], files };
    }
    return { digest, agents, teamFiles, skills: installed, listed, integrations };
  } catch {
    return undefined;
  }
}
