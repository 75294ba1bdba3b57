import type { TeamsOutcome } from '../core/operations/index.js';
import { outcomeLines } from './outcome.js';
import { CLI, type Style } from './style.js';

/** The words of `teams on|off` and of `teams` alone (docs/teams.md). */
export function teamsHeadline(outcome: Pick<TeamsOutcome, 'on' | 'changed'>, dryRun: boolean): string {
  const state = outcome.on ? 'on' : 'off';
  if (!outcome.changed) return `Agent teams were already ${state}; the project's files match.`;
  return `${dryRun ? 'Would turn' : 'Turned'} agent teams ${state}.`;
}

export function teamsLines(s: Style, outcome: TeamsOutcome, dryRun: boolean): string[] {
  const lines = [s.bold(teamsHeadline(outcome, dryRun)), ...outcomeLines(s, outcome, dryRun)];
  if (outcome.on && !dryRun) {
    lines.push(
      'Agent teams are experimental in Claude Code. Start a new session and ask for a team, or run /team-up with the task.',
      `Turn them off again with ${CLI} teams off.`,
    );
  }
  return lines;
}

export function teamsStateLine(on: boolean): string {
  return on
    ? `Agent teams are on (the team file says teams: true). Turn them off with ${CLI} teams off.`
    : `Agent teams are off. Turn them on with ${CLI} teams on (an experimental Claude Code feature).`;
}
