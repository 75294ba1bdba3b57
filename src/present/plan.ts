import type { ApplyResult } from '../core/apply/apply.js';
import { countActions, type PlanEntry } from '../core/plan/plan.js';
import type { Output } from '../cli/output.js';

/** Plan entries for JSON output: everything but the unchanged ones, without file contents. */
export function planJson(entries: PlanEntry[]): Record<string, unknown> {
  return {
    summary: countActions(entries),
    changes: entries
      .filter((e) => e.action !== 'unchanged')
      .map((e) => ({ path: e.path, action: e.action, kind: e.kind, agents: e.agents, reason: e.reason, backup: e.backup || undefined })),
  };
}

const NOTES: Record<string, string> = {
  'conflict:edited': 'edited since agent-team wrote it, so it was left as it is; --force replaces it and keeps a .bak',
  'conflict:foreign': 'not written by agent-team, so it is left alone; move it away if agent-team should write it',
  'keep:edited': 'no longer needed, but edited since agent-team wrote it, so it stays as your file',
  'keep:user-file': 'already exists and is yours, so it is left as it is',
};

interface Line {
  action: PlanEntry['action'];
  label: string;
  note?: string;
}

/** Groups a skill's files into one line and folds unchanged files into a count. */
function lines(entries: PlanEntry[]): { shown: Line[]; unchanged: number } {
  const shown: Line[] = [];
  const groups = new Map<string, Line & { files: number }>();
  let unchanged = 0;
  for (const e of entries) {
    if (e.action === 'unchanged') {
      unchanged += 1;
      continue;
    }
    const note = e.reason ? NOTES[`${e.action}:${e.reason}`] : e.backup ? 'previous version saved as .bak' : undefined;
    if (e.group && !note) {
      const key = `${e.group}:${e.action}`;
      const existing = groups.get(key);
      if (existing) existing.files += 1;
      else {
        const line = { action: e.action, label: `${e.path.split('/').slice(0, 3).join('/')}/`, files: 1 };
        groups.set(key, line);
        shown.push(line);
      }
      continue;
    }
    const label = e.kind === 'block' ? `${e.path} (team section)` : e.kind === 'settings' ? `${e.path} (agent setting)` : e.path;
    shown.push({ action: e.action, label, note });
  }
  for (const line of groups.values()) if (line.files > 1) line.label += ` (${line.files} files)`;
  return { shown, unchanged };
}

export function planLines(out: Output, entries: PlanEntry[]): string[] {
  const s = out.style;
  const symbol: Record<PlanEntry['action'], string> = {
    create: s.green('+'),
    update: s.yellow('~'),
    delete: s.red('-'),
    conflict: s.magenta('!'),
    keep: s.cyan('='),
    unchanged: ' ',
  };
  const { shown, unchanged } = lines(entries);
  const out_ = shown.map((l) => `  ${symbol[l.action]} ${l.label}${l.note ? s.dim(`: ${l.note}`) : ''}`);
  if (unchanged > 0) out_.push(s.dim(`  ${unchanged} file${unchanged === 1 ? '' : 's'} unchanged`));
  return out_;
}

export function applyLines(out: Output, result: ApplyResult): string[] {
  return result.backups.map((b) => out.style.dim(`  backup: ${b}`));
}
