import { basename } from 'node:path';
import { FrontmatterError, parseFrontmatter, stringifyFrontmatter } from '../claude/frontmatter.js';
import { failure, usageError } from '../errors.js';
import { inline, tableCell } from '../render/escape.js';
import { NAME_PATTERN } from '../team/names.js';
import type { InstalledTeam } from './installed.js';
import type { ExportFile } from './write.js';

/**
 * The team as a Claude Code plugin: `.claude-plugin/plugin.json`, `agents/<agent>.md`,
 * `skills/<skill>/`, a README, and `.claude-plugin/marketplace.json` listing the plugin itself
 * (`source: "./"`), so the folder pushed to a repository is a marketplace an organisation can add
 * (`/plugin marketplace add <repo>`) and every project can install the team from.
 *
 * Plugin agents take fewer frontmatter keys than project agents (docs/claude-code-formats.md §1):
 * the others are dropped and named in the result. In a plugin, skills are `<plugin>:<skill>`, so
 * each agent's `skills:` list is qualified (the pinned client preloads both forms; the qualified
 * one cannot pick up a project skill of the same name). Rules, the CLAUDE.md section and memory
 * seeds have no place in a plugin and are not exported.
 */
/**
 * The body's skill list names skills for the Skill tool. Inside a plugin a bare name can resolve to
 * one of Claude Code's own skills of that name (2.1.330 ran its built-in `review` for a bare
 * `review`), so each list entry of an exported skill gets the plugin's prefix.
 */
export function qualifySkillList(body: string, plugin: string, skills: readonly string[]): string {
  const known = new Set(skills);
  return body.replace(/^- `([a-z0-9][a-z0-9-]{0,63})`: /gm, (line, skill: string) => (known.has(skill) ? `- \`${plugin}:${skill}\`: ` : line));
}

export const PLUGIN_AGENT_KEYS = ['name', 'description', 'model', 'effort', 'maxTurns', 'tools', 'disallowedTools', 'skills', 'memory', 'background', 'isolation'] as const;

export interface PluginOptions {
  name?: string;
  /** Semver; Claude Code compares it to decide whether an installed plugin has an update. */
  version?: string;
  owner?: string;
  license?: string;
}

export interface PluginExport {
  name: string;
  files: ExportFile[];
  /** Frontmatter keys left out of each agent, because plugin agents do not support them. */
  dropped: Array<{ agent: string; keys: string[] }>;
}

export function pluginName(root: string, asked?: string): string {
  const name = asked ?? `${basename(root).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 58).replace(/-+$/, '') || 'project'}-team`;
  if (!NAME_PATTERN.test(name) || name.length > 64) {
    throw usageError('invalid-plugin-name', `Invalid plugin name "${name}".`, 'Use lowercase letters, digits and single dashes, at most 64 characters (e.g. acme-team).');
  }
  return name;
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');

export function pluginFiles(team: InstalledTeam, options: PluginOptions): PluginExport {
  const name = pluginName(team.change.root, options.name);
  const owner = options.owner ?? name;
  if (options.license !== undefined && !/^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$/.test(options.license)) {
    throw usageError('invalid-license', `"${options.license}" is not an SPDX license id.`, 'Give an SPDX id such as MIT or Apache-2.0.');
  }
  const version = options.version ?? '1.0.0';
  if (!/^\d{1,9}\.\d{1,9}\.\d{1,9}(-[0-9A-Za-z.-]{1,64})?$/.test(version)) {
    throw usageError('invalid-plugin-version', `"${version}" is not a semantic version.`, 'Give one such as 1.2.0.');
  }
  const files: ExportFile[] = [];
  const dropped: PluginExport['dropped'] = [];
  for (const agent of team.agents) {
    let doc: ReturnType<typeof parseFrontmatter>;
    try {
      doc = parseFrontmatter(agent.file.content.toString('utf8'));
    } catch (err) {
      if (!(err instanceof FrontmatterError)) throw err;
      throw failure('invalid-agent-file', `.claude/agents/${agent.name}.md: ${err.message}.`, 'Repair the agent file (or sync --force to regenerate it), then export again.');
    }
    const { data, body } = doc;
    const kept: Record<string, unknown> = {};
    const gone: string[] = [];
    for (const [key, value] of Object.entries(data)) {
      if ((PLUGIN_AGENT_KEYS as readonly string[]).includes(key)) kept[key] = value;
      else gone.push(key);
    }
    if (Array.isArray(kept.skills)) kept.skills = kept.skills.map((s) => (typeof s === 'string' && !s.includes(':') ? `${name}:${s}` : s));
    if (gone.length > 0) dropped.push({ agent: agent.name, keys: gone });
    files.push({ path: `agents/${agent.name}.md`, content: Buffer.from(stringifyFrontmatter(kept, `\n${qualifySkillList(body, name, team.skills.map((s) => s.name))}`), 'utf8') });
  }
  for (const skill of team.skills) {
    for (const file of skill.files) files.push({ path: `skills/${skill.name}/${file.path}`, content: file.content, executable: file.executable });
  }
  const agents = team.change.agents;
  const description = inline(`The agent team of ${basename(team.change.root)}: ${agents.map((a) => `${a.name} (${a.role.title})`).join(', ')}.`).slice(0, 1000);
  files.push({
    path: '.claude-plugin/plugin.json',
    content: json({
      name,
      version,
      description,
      author: { name: owner },
      ...(options.license ? { license: options.license } : {}),
      keywords: ['agent-team', 'subagents', 'skills'],
    }),
  });
  files.push({
    path: '.claude-plugin/marketplace.json',
    content: json({
      name: `${name}-marketplace`,
      owner: { name: owner },
      description: `Publishes ${name}, the agent team of ${basename(team.change.root)} made with agent-team.`,
      plugins: [{ name, source: './', description, version }],
    }),
  });
  const readme = [
    `# ${name}`,
    '',
    `The agent team of ${inline(basename(team.change.root))}, exported by agent-team as a Claude Code plugin: ${agents.length} subagents and the ${team.skills.length} skills they use. Claude Code lists them as \`${name}:<agent>\` and \`${name}:<skill>\`.`,
    '',
    '| Agent | Role | Use it for |',
    '|---|---|---|',
    ...agents.map((a) => `| \`${name}:${a.name}\` | ${tableCell(a.role.title)} | ${tableCell(a.role.description)} |`),
    '',
    '## Install',
    '',
    `Push this folder to a repository. Then, in Claude Code, add it as a marketplace and install the plugin from it:`,
    '',
    '```',
    '/plugin marketplace add <owner>/<repository>',
    `/plugin install ${name}@${name}-marketplace`,
    '```',
    '',
    `To try it without installing, start Claude Code with \`claude --plugin-dir <this folder>\`.`,
    '',
    'The team rules, the CLAUDE.md team section and the agents\' memory files stay in the project the team came from: a plugin cannot carry them.',
    '',
  ].join('\n');
  files.push({ path: 'README.md', content: Buffer.from(readme, 'utf8') });
  return { name, files, dropped };
}
