import type { TeamOutcome } from '../core/operations/index.js';
import type { PlanEntry } from '../core/plan/plan.js';
import type { ResolvedAgent } from '../core/resolve/resolver.js';
import type { Output } from '../cli/output.js';
import { planLines } from '../present/plan.js';
import { agentSummary, describeAgent } from '../commands/shared.js';

/** Words wrapped to lines of at most `width` characters, each line indented. */
function wrap(words: string[], indent: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && indent.length + line.length + word.length + 2 > width) {
      lines.push(`${indent}${line},`);
      line = word;
    } else line = line ? `${line}, ${word}` : word;
  }
  if (line) lines.push(`${indent}${line}`);
  return lines;
}

/** Each agent with its stack, token cost and every skill it gets. */
export function agentLines(out: Output, agents: ResolvedAgent[], outcome: TeamOutcome): string[] {
  return agents.flatMap((agent) => [
    `  ${out.style.bold(describeAgent(agent, agentSummary(agent, outcome).cost))}`,
    ...wrap(agent.skills, '      '),
  ]);
}

function isSkillFile(e: PlanEntry): boolean {
  return Boolean(e.group?.startsWith('skill:'));
}

/**
 * The plan for review. Skill folders are counted rather than listed (the agents above list
 * their skills); a skill file with something to say (kept, conflict) still gets its own line.
 */
export function planReviewLines(out: Output, entries: PlanEntry[]): string[] {
  const folded = entries.filter((e) => isSkillFile(e) && !e.reason && ['create', 'update', 'delete'].includes(e.action));
  const rest = entries.filter((e) => !folded.includes(e));
  const symbol: Record<string, string> = { create: out.style.green('+'), update: out.style.yellow('~'), delete: out.style.red('-') };
  const skillLines = ['create', 'update', 'delete'].flatMap((action) => {
    const files = folded.filter((e) => e.action === action);
    const skills = new Set(files.map((e) => e.group)).size;
    return skills ? [`  ${symbol[action]} .claude/skills/: ${skills} skill folder${skills === 1 ? '' : 's'} (${files.length} file${files.length === 1 ? '' : 's'})`] : [];
  });
  return [
    ...planLines(out, rest.filter((e) => e.action !== 'unchanged')),
    ...skillLines,
    ...planLines(out, rest.filter((e) => e.action === 'unchanged')),
  ];
}

export function fileCount(entries: PlanEntry[]): number {
  return entries.filter((e) => ['create', 'update', 'delete'].includes(e.action)).length;
}
