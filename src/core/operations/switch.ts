import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { agentSettingEntry } from '../claude/settings-edit.js';
import { readSettings } from '../claude/settings.js';
import { failure } from '../errors.js';
import { agentFile, SETTINGS_LOCAL, SETTINGS_SHARED } from '../paths.js';
import { openProject, projectRoot } from '../project.js';
import { parseInput, SwitchInput } from './inputs.js';
import { runOperation, type OperationOptions, type Outcome } from './run.js';

export interface SwitchOutcome extends Outcome {
  agent: string | null;
  file: string;
  /** The other settings file's agent, which may still win or be overridden. */
  other?: string;
  agentFileMissing: boolean;
}

/** Makes an agent the main session's agent (Claude Code's `agent` setting), or clears it. */
export async function switchAgent(cwd: string, input: unknown, options: OperationOptions = {}): Promise<SwitchOutcome> {
  const { agent, shared } = parseInput(SwitchInput, input, 'agent to switch to');
  return runOperation(projectRoot(cwd), options, () => {
    const { root, team } = openProject(cwd);
    const known = Object.keys(team.agents ?? {});
    if (agent !== null && !known.includes(agent)) {
      throw failure('unknown-agent', `No agent named "${agent}" in the team.`, known.length ? `The team has: ${known.join(', ')}.` : 'Add an agent first.', undefined, { agents: [agent], known });
    }
    const file = shared ? SETTINGS_SHARED : SETTINGS_LOCAL;
    const other = readSettings(root, shared ? SETTINGS_LOCAL : SETTINGS_SHARED).data.agent;
    return {
      entries: [agentSettingEntry(readSettings(root, file), agent ?? undefined)],
      undoable: agent === null ? `clear the main session's agent` : `make ${agent} the main session's agent`,
      agent,
      file,
      other: typeof other === 'string' ? other : undefined,
      agentFileMissing: agent !== null && !existsSync(join(root, agentFile(agent))),
    };
  });
}
