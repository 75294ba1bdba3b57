import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { failure, isNodeError } from '../errors.js';
import { SETTINGS_LOCAL, SETTINGS_SHARED } from '../paths.js';

/**
 * Claude Code's `agent` setting makes an agent the main session's agent. The local file
 * (personal, not committed) overrides the shared one. Edits are in settings-edit.ts.
 */
export interface SettingsFile {
  path: string;
  text?: string;
  data: Record<string, unknown>;
}

export function readSettings(root: string, path: string): SettingsFile {
  let text: string;
  try {
    text = readFileSync(join(root, path), 'utf8');
  } catch (err) {
    if (isNodeError(err, 'ENOENT')) return { path, data: {} };
    throw failure('unreadable-settings', `Cannot read ${path}: ${(err as Error).message}.`, 'Check the file permissions.');
  }
  // Claude Code reads these files as strict JSON, so that is what is accepted here too.
  let data: unknown;
  let why = 'not a JSON object';
  try {
    data = JSON.parse(text);
  } catch (err) {
    why = (err as Error).message;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const offset = Number(/position (\d+)/.exec(why)?.[1] ?? 0);
    const line = text.slice(0, offset).split('\n').length;
    throw failure('invalid-settings', `${path}:${line}: not valid JSON (${why}).`, `Claude Code skips an invalid settings file entirely; fix ${path}, then run again.`);
  }
  return { path, text, data: data as Record<string, unknown> };
}

export interface ActiveAgent {
  agent?: string;
  /** The file that sets it. */
  file?: string;
}

export function activeAgent(root: string): ActiveAgent {
  for (const path of [SETTINGS_LOCAL, SETTINGS_SHARED]) {
    const { data } = readSettings(root, path);
    if (typeof data.agent === 'string') return { agent: data.agent, file: path };
  }
  return {};
}
