import { stringifyFrontmatter } from '../claude/frontmatter.js';
import type { Catalog } from '../library/model.js';
import { own } from '../own.js';
import { LESSONS_FILE, memoryFile } from '../paths.js';
import type { ResolvedAgent } from '../resolve/resolver.js';
import { inline, noComments, oneLine } from './escape.js';
import { agentFrontmatter, integrationChoices, type IntegrationChoices } from './integrations.js';
import { renderTemplate, tidy, type Templates } from './templates.js';

/** `Next.js 13`, or just `Next.js` when the major in use is not recorded. */
export function stackTitles(agent: ResolvedAgent): string[] {
  return agent.conventions.map((c) => (c.version === undefined ? c.title : `${c.title} ${c.version}`));
}

/**
 * The one line Claude reads to decide whether to delegate: the role's description, then what
 * tells two agents of one role apart — the paths they own and their stack.
 */
export function agentDescription(agent: ResolvedAgent): string {
  const parts = [oneLine(agent.role.description)];
  if (agent.paths.length > 0) parts.push(`Owns ${agent.paths.join(', ')}.`);
  const stack = stackTitles(agent);
  if (stack.length > 0) parts.push(`Stack: ${stack.join(', ')}.`);
  return parts.join(' ');
}

/**
 * The sentence of a description that says when to use the thing ("Use when …"), or its first
 * clause: enough to choose by, where the full description is a load or a listing away.
 */
export function whenToUse(description: string): string {
  const text = oneLine(description);
  const use = /\bUse /.exec(text);
  const from = use ? text.slice(use.index) : text;
  const end = from.search(use ? /\.(?:\s|$)/ : /[.:;](?:\s|$)/);
  const hint = end >= 0 ? `${from.slice(0, end)}.` : from;
  return hint.length <= 140 ? hint : `${hint.slice(0, hint.lastIndexOf(" ", 139))}…`;
}

export function renderAgentFile(agent: ResolvedAgent, catalog: Catalog, templates: Templates, choices: IntegrationChoices = integrationChoices(undefined)): string {
  const integrations = agentFrontmatter(agent, catalog, choices);
  const text = (file: string) => (own(catalog.texts, file) ?? '').trim();
  const body = renderTemplate(templates.agent, {
    agent: { name: agent.name, title: inline(agent.role.title), description: inline(agent.role.description) },
    stack: stackTitles(agent).map(inline),
    paths: agent.paths,
    owns: agent.role.owns.map(inline),
    handsOff: agent.role.handsOff.map((h) => ({ work: inline(h.work), to: inline(own(catalog.roles, h.to)?.title ?? h.to) })),
    rules: agent.rulesFiles.map(text).join('\n\n'),
    conventions: agent.conventions
      .filter((c) => c.files.length > 0 || c.versionUnknown)
      .map((c) => ({ title: inline(c.title), version: c.version, versionUnknown: c.versionUnknown, text: c.files.map(text).join('\n\n') })),
    // whenToUse's text is one line already; thousands of skills make a second pass count.
    skills: agent.skills.map((name) => ({ name, description: noComments(whenToUse(own(catalog.skills, name)?.description ?? '')) })),
    memoryDir: memoryFile(agent.name).slice(0, -'/MEMORY.md'.length),
    lessonsFile: LESSONS_FILE,
    teams: choices.teams,
  });
  // No `skills:`: preloading puts every SKILL.md in full into the agent's first message (12k–32k
  // tokens per agent), and neither teammates nor a switched main session get them. The body lists
  // the skills instead and the agent loads one with the Skill tool when a task needs it.
  const frontmatter = {
    name: agent.name,
    description: agentDescription(agent),
    tools: integrations.tools.length ? integrations.tools.join(', ') : undefined,
    model: agent.model,
    color: agent.color,
    memory: 'project',
    mcpServers: integrations.mcpServers,
    hooks: integrations.hooks,
  };
  return stringifyFrontmatter(frontmatter, `\n${tidy(body)}`);
}
