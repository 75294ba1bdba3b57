import { applyEdits, modify } from 'jsonc-parser';
import type { PlanEntry } from '../plan/plan.js';
import type { SettingsFile } from './settings.js';

// Edits change only the `agent` key and keep the rest of the file byte for byte; kept apart from
// reading settings so that `list` does not load the JSON editor.

/** The plan entry that sets (or, with undefined, removes) the `agent` key of one settings file. */
export function agentSettingEntry(file: SettingsFile, agent: string | undefined): PlanEntry {
  const base = { path: file.path, kind: 'settings' as const, agents: agent ? [agent] : [] };
  if (file.data.agent === agent) return { ...base, action: 'unchanged' };
  // A file that is exactly what setting this agent on no file wrote is ours: clearing removes it.
  if (agent === undefined && typeof file.data.agent === 'string' && file.text === settingText('{}\n', file.data.agent)) return { ...base, action: 'delete' };
  const source = file.text ?? '{}\n';
  return { ...base, action: file.text === undefined ? 'create' : 'update', content: Buffer.from(settingText(source, agent), 'utf8') };
}

function settingText(source: string, agent: string | undefined): string {
  const next = lastKeyEdit(source, agent) ?? applyEdits(source, modify(source, ['agent'], agent, { formattingOptions: { insertSpaces: true, tabSize: detectIndent(source) } }));
  return next.endsWith('\n') ? next : `${next}\n`;
}

const LAST_AGENT = /,?(\s*)"agent"\s*:\s*"(?:[^"\\]|\\.)*"(\s*\}\s*)$/;

/**
 * Adds `agent` as the last key, or removes it when it is the last key, touching no other byte:
 * the JSON editor would reformat the value before it. Undefined where the text is not of that shape.
 */
function lastKeyEdit(source: string, agent: string | undefined): string | undefined {
  if (agent === undefined) {
    const found = LAST_AGENT.exec(source);
    if (!found) return undefined;
    const before = source.slice(0, found.index);
    return /\{\s*$/.test(before) ? `${before.replace(/\s*$/, '')}${found[2]!.replace(/^\s*/, '')}` : `${before}${found[2]}`;
  }
  if (/"agent"\s*:/.test(source)) return undefined;
  const close = /\}\s*$/.exec(source);
  if (!close) return undefined;
  const head = source.slice(0, close.index).replace(/\s*$/, '');
  const indent = ' '.repeat(detectIndent(source));
  const property = `${indent}"agent": ${JSON.stringify(agent)}`;
  return head.endsWith('{') ? `${head}\n${property}\n${source.slice(close.index)}` : `${head},\n${property}\n${source.slice(close.index)}`;
}

function detectIndent(text: string): number {
  const match = /\n( +)"/.exec(text);
  return match ? match[1]!.length : 2;
}
