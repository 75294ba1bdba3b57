import { COMMON_RULES_FILE, LESSONS_FILE, TEAM_FILE } from '../paths.js';
import type { ResolvedAgent } from '../resolve/resolver.js';
import { stackTitles, whenToUse } from './agent-file.js';
import { tableCell } from './escape.js';
import { renderTemplate, tidy, type Templates } from './templates.js';

/** The team section of CLAUDE.md: who is on the team and what to use each agent for. */
export function renderClaudeMdBlock(agents: ResolvedAgent[], templates: Templates): string {
  return tidy(
    renderTemplate(templates.claudeMd, {
      example: agents[0]?.name ?? 'an agent',
      agents: agents.map((a) => ({
        name: a.name,
        title: tableCell(a.role.title),
        stack: tableCell(stackTitles(a).join(', ')),
        paths: tableCell(a.paths.join(', ')),
        // The full description is in Claude Code's agent listing already, in every session.
        useFor: tableCell(whenToUse(a.role.description)),
      })),
      rulesFile: COMMON_RULES_FILE,
      lessonsFile: LESSONS_FILE,
      teamFile: TEAM_FILE,
    }),
  );
}
