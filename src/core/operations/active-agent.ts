import { agentSettingEntry } from '../claude/settings-edit.js';
import { readSettings } from '../claude/settings.js';
import { SETTINGS_LOCAL, SETTINGS_SHARED } from '../paths.js';
import type { PlanEntry } from '../plan/plan.js';

/** Clears Claude Code's `agent` setting wherever it names one of these agents. */
export function clearActiveAgent(root: string, agents: readonly string[]): PlanEntry[] {
  const entries: PlanEntry[] = [];
  for (const path of [SETTINGS_LOCAL, SETTINGS_SHARED]) {
    const file = readSettings(root, path);
    if (typeof file.data.agent === 'string' && agents.includes(file.data.agent)) entries.push(agentSettingEntry(file, undefined));
  }
  return entries;
}
