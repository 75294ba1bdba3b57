import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectMemo } from '../cache.js';
import { contentHash, gitBlobId, sha256 } from '../hash.js';
import type { Catalog, SkillFile } from '../library/model.js';
import { own } from '../own.js';
import { agentFile, CLAUDE_MD, COMMON_RULES_FILE, knowledgeFile, LESSONS_FILE, memoryFile, skillDir } from '../paths.js';
import type { ResolvedAgent } from '../resolve/resolver.js';
import { renderAgentFile, stackTitles } from './agent-file.js';
import { renderClaudeMdBlock } from './claude-md-block.js';
import type { TeamData } from '../team/schema.js';
import { choicesKey, integrationChoices, teamSkills } from './integrations.js';
import { inline } from './escape.js';
import { renderTemplate, tidy, type Templates } from './templates.js';
import { skillUsers } from './skill-users.js';

/** How a file is owned: regenerated (`managed`), created once then the user's (`seed`), or a marked block inside a user file (`block`). */
export type FileKind = 'managed' | 'seed' | 'block';

export interface DesiredFile {
  path: string;
  kind: FileKind;
  /** contentHash of the content (for `block`: of the text between the markers). */
  hash: string;
  /** The content; library files are read only when they are written. */
  read(): Buffer;
  /** gitBlobId of the content, when known without reading it (a render remembered from an earlier run). */
  git?: string;
  /** Agents that need the file; empty for team-wide files. */
  agents: string[];
  executable?: boolean;
}

export interface RenderInput {
  catalog: Catalog;
  agents: ResolvedAgent[];
  templates: Templates;
  libraryDir: string;
  /** Where hashes of earlier renders are kept, so unchanged agents are not rendered again. */
  memo?: ProjectMemo;
  /** The team file, for what it opts in to (agent teams, hooks, MCP servers); absent = nothing. */
  team?: TeamData;
  /** The project's files: read only for the knowledge files earlier versions seeded. */
  disk?: (path: string) => Buffer | undefined;
}

/** A file whose content is at hand: generated text, or (`fromProject`) a file the project already has. */
export class TextFile implements DesiredFile {
  readonly hash: string;
  constructor(
    readonly path: string,
    readonly kind: FileKind,
    readonly content: Buffer,
    readonly agents: string[],
    readonly fromProject = false,
  ) {
    this.hash = contentHash(content);
  }

  read(): Buffer {
    return this.content;
  }
}

function generated(path: string, kind: FileKind, text: string, agents: string[]): DesiredFile {
  return new TextFile(path, kind, Buffer.from(text, 'utf8'), agents);
}

/**
 * A file rendered only when its content is needed: its hash comes from the cache when the same
 * inputs rendered it before, so an unchanged agent costs no rendering at all.
 */
function lazily(path: string, kind: FileKind, key: string, render: () => string, agents: string[], memo?: ProjectMemo): DesiredFile {
  let content: Buffer | undefined;
  const read = () => (content ??= Buffer.from(render(), 'utf8'));
  const id = sha256(`${path}\0${key}`);
  // A managed file's git id too: the lockfile records it, and a big agent costs more to render than to look up.
  const known = memo?.get('render', id);
  const [hash, git] = Array.isArray(known) ? known : [known];
  if (typeof hash === 'string' && (kind !== 'managed' || typeof git === 'string')) return { path, kind, hash, git: kind === 'managed' ? (git as string) : undefined, read, agents };
  const made = { path, kind, hash: contentHash(read()), git: kind === 'managed' ? gitBlobId(read()) : undefined, read, agents };
  memo?.set('render', id, made.git ? [made.hash, made.git] : made.hash);
  return made;
}

/** A file of a skill folder, copied as it is: one object per file of a big team, read only when written. */
class LibraryFile implements DesiredFile {
  readonly kind = 'managed' as const;
  readonly #dir: string;
  readonly #file: string;
  constructor(
    readonly path: string,
    readonly hash: string,
    readonly agents: string[],
    readonly executable: boolean | undefined,
    dir: string,
    file: string,
  ) {
    this.#dir = dir;
    this.#file = file;
  }

  read(): Buffer {
    return readFileSync(join(this.#dir, this.#file));
  }
}

/** A skill folder the team installs: where it is in the library and the files it copies. */
export interface InstalledSkill {
  name: string;
  dir: string;
  files: ReadonlyArray<Pick<SkillFile, 'path' | 'sha256' | 'executable'>>;
}

/** The skill folders of the team, by name: its agents' skills and, with agent teams on, the team-wide ones. */
export function installedSkills(catalog: Catalog, users: ReadonlyMap<string, string[]>, team: TeamData | undefined): InstalledSkill[] {
  const names = new Set(users.keys());
  for (const name of teamSkills(catalog, integrationChoices(team))) names.add(name);
  return [...names].sort().map((name) => catalog.skills[name]!);
}

/** Each file of each skill folder, owned by the agents that use the skill (none for a team-wide skill). */
export function skillFiles(skills: readonly InstalledSkill[], users: ReadonlyMap<string, string[]>): DesiredFile[] {
  const files: DesiredFile[] = [];
  // Indexed: once per skill of a big team, where a cold for-of allocates at every step.
  for (let s = 0; s < skills.length; s += 1) {
    const skill = skills[s]!;
    const owners = users.get(skill.name) ?? [];
    for (let i = 0; i < skill.files.length; i += 1) {
      const file = skill.files[i]!;
      files.push(new LibraryFile(`${skillDir(skill.name)}/${file.path}`, file.sha256, owners, file.executable, skill.dir, file.path));
    }
  }
  return files;
}

/** Every file the team needs, with its owners. Reads nothing but the library files it copies, and those only on demand. */
export function renderProject(input: RenderInput): DesiredFile[] {
  const users = skillUsers(input.agents);
  return [...renderTeamFiles(input), ...skillFiles(installedSkills(input.catalog, users, input.team), users)];
}

/** The files made for the team and its agents (all but the skill folders), in the order a plan lists them. */
export function renderTeamFiles(input: RenderInput): DesiredFile[] {
  const { catalog, agents, templates, libraryDir, memo, team } = input;
  const choices = integrationChoices(team);
  const files: DesiredFile[] = [];
  const common = own(catalog.texts, join(libraryDir, 'rules', 'common.md')) ?? readFileSync(join(libraryDir, 'rules', 'common.md'), 'utf8');

  files.push(generated(COMMON_RULES_FILE, 'managed', tidy(common), []));
  files.push(generated(LESSONS_FILE, 'seed', tidy(templates.lessons), []));
  const teamKey = JSON.stringify(agents.map((a) => [a.name, a.role.name, a.variants, a.versions, a.paths]));
  files.push(lazily(CLAUDE_MD, 'block', `${catalog.digest}\0${templates.digest}\0${teamKey}`, () => renderClaudeMdBlock(agents, templates), [], memo));

  for (const agent of agents) {
    // Everything an agent's files are made from: the catalog (by digest), the templates, the agent.
    const key = `${catalog.digest}\0${templates.digest}\0${JSON.stringify([agent.name, agent.role.name, agent.variants, agent.versions, agent.paths])}\0${choicesKey(team)}`;
    files.push(lazily(agentFile(agent.name), 'managed', key, () => renderAgentFile(agent, catalog, templates, choices), [agent.name], memo));
    // Earlier versions seeded knowledge.md, which Claude Code never loads. It is the agent's or the
    // user's text: it stays as it is, wanted (so never deleted as no longer needed), and the new
    // MEMORY.md, which Claude Code does load, points to it.
    const earlier = input.disk?.(knowledgeFile(agent.name));
    if (earlier) files.push(new TextFile(knowledgeFile(agent.name), 'seed', earlier, [agent.name], true));
    const memory = () => tidy(renderTemplate(templates.memory, { agent: { name: agent.name, title: inline(agent.role.title) }, stack: stackTitles(agent).map(inline), earlierNotes: earlier ? 'knowledge.md' : undefined }));
    files.push(lazily(memoryFile(agent.name), 'seed', `${key}\0${earlier ? 'earlier' : ''}`, memory, [agent.name], memo));
  }

  return files;
}
