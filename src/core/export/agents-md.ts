import { basename } from 'node:path';
import type { Catalog } from '../library/model.js';
import { own } from '../own.js';
import { agentFile, COMMON_RULES_FILE, LESSONS_FILE, skillDir, TEAM_FILE } from '../paths.js';
import { stackTitles } from '../render/agent-file.js';
import { inline, tableCell } from '../render/escape.js';
import type { ResolvedAgent } from '../resolve/resolver.js';

/**
 * AGENTS.md, the file other coding agents (Codex, Cursor, Copilot, Gemini CLI, ...) read for a
 * project's instructions: the team's division of work, and where each role's full instructions
 * and skills are, so an agent that is not Claude Code can take the part of the role a task
 * belongs to. Claude Code does not read AGENTS.md; it has the team already.
 */
export function agentsMd(root: string, agents: readonly ResolvedAgent[], catalog: Catalog): string {
  const roleTitle = (role: string) => own(catalog.roles, role)?.title ?? role;
  const lines = [
    '# Agents',
    '',
    `${inline(basename(root))} is worked on by a team of specialised agents, defined for Claude Code with agent-team (\`${TEAM_FILE}\`). Any coding agent can follow the same division of work: before a task, find the role below that owns it, read that role's instructions and use its skills. When a task belongs to another role, say so rather than doing it half-way.`,
    '',
    '| Agent | Role | Stack | Works on | Use it for |',
    '|---|---|---|---|---|',
    ...agents.map((a) => `| \`${a.name}\` | ${tableCell(a.role.title)} | ${tableCell(stackTitles(a).join(', ') || '-')} | ${tableCell(a.paths.join(', ') || 'the whole project')} | ${tableCell(a.role.description)} |`),
    '',
    '## Rules for everyone',
    '',
    `- The team's common rules are in \`${COMMON_RULES_FILE}\`; follow them whatever your role.`,
    `- Lessons the team learned are in \`${LESSONS_FILE}\`: read them, and add one dated line when a mistake is understood.`,
    '',
  ];
  for (const agent of agents) {
    lines.push(`## ${agent.name}: ${inline(agent.role.title)}`, '', inline(agent.role.description), '');
    const stack = stackTitles(agent);
    if (stack.length) lines.push(`- Stack: ${stack.map(inline).join(', ')}`);
    if (agent.paths.length) lines.push(`- Works on: ${agent.paths.map((p) => `\`${inline(p)}\``).join(', ')}`);
    if (agent.role.owns.length) lines.push(`- Owns: ${agent.role.owns.map(inline).join('; ')}`);
    for (const h of agent.role.handsOff) lines.push(`- Hands off ${inline(h.work)} to the ${inline(roleTitle(h.to))}`);
    lines.push(`- Full instructions: \`${agentFile(agent.name)}\` (the body after the frontmatter)`);
    if (agent.skills.length) {
      lines.push('- Skills (open the file when a task matches):');
      for (const name of agent.skills) {
        const description = own(catalog.skills, name)?.description ?? '';
        lines.push(`  - \`${skillDir(name)}/SKILL.md\`${description ? `: ${inline(description)}` : ''}`);
      }
    }
    lines.push('');
  }
  lines.push(`<!-- Written by agent-team (npx --no-install agent-team export agents-md); regenerate it after the team changes. -->`, '');
  return lines.join('\n');
}
