import { applyEdits, modify } from 'jsonc-parser';
import type { PlanEntry } from '../plan/plan.js';
import type { SettingsFile } from './settings.js';

// Edits change only the `agent` key and keep the rest of the file byte for byte; kept apart from
// reading settings so that `list` does not load the JSON editor.

/** The plan entry that sets (or, with undefined, removes) the `agent` key of one settings file. */
export function agentSettingEntry(file: SettingsFile, agent: string | undefined): PlanEntry {
  const base = { path: file.path, kind: 'settings' as const, agents: agent ? [agent] : [] };
  if (file.data.agent === agent) return { ...base, action: 'unchanged' };
  const source = file.text ?? '{}\n';
  const edits = modify(source, ['agent'], agent, { formattingOptions: { insertSpaces: true, tabSize: detectIndent(source) } });
  let next = applyEdits(source, edits);
  if (!next.endsWith('\n')) next += '\n';
  return { ...base, action: file.text === undefined ? 'create' : 'update', content: Buffer.from(next, 'utf8') };
}

function detectIndent(text: string): number {
  const match = /\n( +)"/.exec(text);
  return match ? match[1]!.length : 2;
}
