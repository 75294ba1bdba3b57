import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Eta } from 'eta';
import type { Catalog } from '../library/catalog.js';
import { stringifyFrontmatter } from '../claude/frontmatter.js';
import {
  agentFile,
  CLAUDE_MD,
  COMMON_RULES_FILE,
  knowledgeFile,
  LESSONS_FILE,
  skillDir,
  TEAM_FILE,
} from '../paths.js';
import type { ResolvedAgent } from '../resolve/resolver.js';

/** How a file is owned: regenerated (`managed`), created once then the user's (`seed`), or a marked block inside a user file (`block`). */
export type FileKind = 'managed' | 'seed' | 'block';

export interface DesiredFile {
  path: string;
  kind: FileKind;
  /** For `block`: the text between the markers. */
  content: Buffer;
  /** Agents that need the file; empty for team-wide files. */
  agents: string[];
  executable?: boolean;
}

export interface Templates {
  agent: string;
  claudeMd: string;
  knowledge: string;
  lessons: string;
}

export function loadTemplates(dir: string): Templates {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    agent: read('agent.md.tmpl'),
    claudeMd: read('CLAUDE.md.tmpl'),
    knowledge: read('knowledge.md.tmpl'),
    lessons: read('lessons.md.tmpl'),
  };
}

export interface RenderInput {
  catalog: Catalog;
  agents: ResolvedAgent[];
  templates: Templates;
  libraryDir: string;
}

// Control lines end in -%> to drop their own newline; everything else is kept as written.
const eta = new Eta({ autoEscape: false, autoTrim: false, useWith: false, cache: false });

/** Trims trailing spaces, collapses runs of blank lines and ends with one newline. */
function tidy(markdown: string): string {
  return `${markdown.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

export function stackTitles(agent: ResolvedAgent): string[] {
  return agent.conventions.map((c) => c.title);
}

export function agentDescription(agent: ResolvedAgent): string {
  const stack = stackTitles(agent);
  const line = stack.length ? `${agent.role.description} Stack: ${stack.join(', ')}.` : agent.role.description;
  return line.replace(/\s+/g, ' ').trim();
}

function createReader(): (file: string) => string {
  const cache = new Map<string, string>();
  return (file) => {
    let text = cache.get(file);
    if (text === undefined) {
      text = readFileSync(file, 'utf8').trim();
      cache.set(file, text);
    }
    return text;
  };
}

export function renderAgentFile(agent: ResolvedAgent, catalog: Catalog, templates: Templates, read = createReader()): string {
  const body = eta.renderString(templates.agent, {
    agent: { name: agent.name, title: agent.role.title, description: agent.role.description },
    stack: stackTitles(agent),
    rules: agent.rulesFiles.map(read).join('\n\n'),
    conventions: agent.conventions
      .filter((c) => c.file)
      .map((c) => ({ title: c.title, text: read(c.file!) })),
    skills: agent.skills.map((name) => ({ name, description: catalog.skills[name]!.description })),
    knowledgeFile: knowledgeFile(agent.name),
    lessonsFile: LESSONS_FILE,
  });
  const frontmatter = {
    name: agent.name,
    description: agentDescription(agent),
    tools: agent.tools.length ? agent.tools.join(', ') : undefined,
    model: agent.model,
    color: agent.color,
    skills: agent.skills.length ? agent.skills : undefined,
    memory: 'project',
  };
  return stringifyFrontmatter(frontmatter, `\n${tidy(body)}`);
}

export function renderClaudeMdBlock(agents: ResolvedAgent[], templates: Templates): string {
  return tidy(
    eta.renderString(templates.claudeMd, {
      example: agents[0]?.name ?? 'an agent',
      agents: agents.map((a) => ({
        name: a.name,
        title: a.role.title,
        stack: stackTitles(a).join(', '),
        useFor: a.role.description.replace(/\|/g, '\\|'),
      })),
      rulesFile: COMMON_RULES_FILE,
      lessonsFile: LESSONS_FILE,
      teamFile: TEAM_FILE,
    }),
  );
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(join(dir, entry.name), rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/** Every file the team needs, with its owners. Pure apart from reading the library. */
export function renderProject(input: RenderInput): DesiredFile[] {
  const { catalog, agents, templates, libraryDir } = input;
  const read = createReader();
  const files: DesiredFile[] = [];
  const text = (s: string) => Buffer.from(s, 'utf8');

  files.push({ path: COMMON_RULES_FILE, kind: 'managed', content: text(tidy(read(join(libraryDir, 'rules', 'common.md')))), agents: [] });
  files.push({ path: LESSONS_FILE, kind: 'seed', content: text(tidy(templates.lessons)), agents: [] });
  files.push({ path: CLAUDE_MD, kind: 'block', content: text(renderClaudeMdBlock(agents, templates)), agents: [] });

  const skillUsers = new Map<string, string[]>();
  for (const agent of agents) {
    files.push({ path: agentFile(agent.name), kind: 'managed', content: text(renderAgentFile(agent, catalog, templates, read)), agents: [agent.name] });
    const knowledge = eta.renderString(templates.knowledge, {
      agent: { name: agent.name, title: agent.role.title },
      stack: stackTitles(agent),
    });
    files.push({ path: knowledgeFile(agent.name), kind: 'seed', content: text(tidy(knowledge)), agents: [agent.name] });
    for (const skill of agent.skills) skillUsers.set(skill, [...(skillUsers.get(skill) ?? []), agent.name]);
  }

  for (const [name, users] of [...skillUsers].sort(([a], [b]) => a.localeCompare(b))) {
    const skill = catalog.skills[name]!;
    for (const rel of listFiles(skill.dir)) {
      const abs = join(skill.dir, rel);
      files.push({
        path: `${skillDir(name)}/${rel}`,
        kind: 'managed',
        content: readFileSync(abs),
        agents: [...users].sort(),
        executable: (statSync(abs).mode & 0o111) !== 0,
      });
    }
  }
  return files;
}
