import type { ApplyResult } from '../core/apply/apply.js';
import { countActions, type PlanEntry } from '../core/plan/plan.js';
import { count, entryNote } from './words.js';
import type { Style } from './style.js';

/** Plan entries as both JSON outputs (CLI and dashboard) carry them: all but the unchanged, without contents. */
export function planJson(entries: PlanEntry[]) {
  return {
    summary: countActions(entries),
    changes: entries
      .filter((e) => e.action !== 'unchanged')
      // Keys left undefined are left out of the JSON text.
      .map((e) => ({ path: e.path, action: e.action, kind: e.kind, agents: e.agents, reason: e.reason, backup: e.backup || undefined, setting: e.setting })),
  };
}

/** What the terminal adds to a note: how to change the outcome with a flag. */
const CLI_FIX: Record<string, string> = {
  'conflict:edited': '`agent-team resolve <file> --keep` keeps yours, --replace takes the new version and keeps a .bak',
  'conflict:foreign': '`agent-team resolve <file> --keep` adopts yours, --replace takes the new version and keeps a .bak',
  'conflict:merge-conflict': '`agent-team diff` shows both; `agent-team resolve <file> --keep`, --replace (keeps a .bak) or --merge --markers',
  'conflict:user-file': 'remove or change your value if agent-team should set it',
};

function note(e: PlanEntry): string | undefined {
  const base = entryNote(e);
  if (!base) return e.backup ? 'previous version saved as .bak' : undefined;
  const fix = e.reason ? CLI_FIX[`${e.action}:${e.reason}`] : undefined;
  return fix ? `${base}; ${fix}` : base;
}

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
    const n = note(e);
    if (e.group && !n) {
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
    const label = e.kind === 'block' ? `${e.path} (team section)` : e.kind === 'settings' ? settingsLabel(e) : e.path;
    shown.push({ action: e.action, label, note: n });
  }
  for (const line of groups.values()) if (line.files > 1) line.label += ` (${line.files} files)`;
  return { shown, unchanged };
}

function settingsLabel(e: PlanEntry): string {
  if (!e.setting) return `${e.path} (settings)`;
  return e.setting.length === 0 ? `${e.path} (not valid JSON)` : `${e.path} (${e.setting.join('.')})`;
}

function symbols(s: Style): Record<PlanEntry['action'], string> {
  return { create: s.green('+'), update: s.yellow('~'), delete: s.red('-'), conflict: s.magenta('!'), keep: s.cyan('='), unchanged: ' ' };
}

export function planLines(s: Style, entries: PlanEntry[]): string[] {
  const symbol = symbols(s);
  const { shown, unchanged } = lines(entries);
  const out = shown.map((l) => `  ${symbol[l.action]} ${l.label}${l.note ? s.dim(`: ${l.note}`) : ''}`);
  if (unchanged > 0) out.push(s.dim(`  ${count(unchanged, 'file')} unchanged`));
  return out;
}

function isSkillFile(e: PlanEntry): boolean {
  return Boolean(e.group?.startsWith('skill:'));
}

/**
 * The plan for review before a confirmation. Skill folders are counted rather than listed (the
 * agents above list their skills); a skill file with something to say still gets its own line.
 */
export function planReviewLines(s: Style, entries: PlanEntry[]): string[] {
  const folded = entries.filter((e) => isSkillFile(e) && !e.reason && ['create', 'update', 'delete'].includes(e.action));
  const rest = entries.filter((e) => !folded.includes(e));
  const symbol = symbols(s);
  const skillLines = (['create', 'update', 'delete'] as const).flatMap((action) => {
    const files = folded.filter((e) => e.action === action);
    const skills = new Set(files.map((e) => e.group)).size;
    return skills ? [`  ${symbol[action]} .claude/skills/: ${count(skills, 'skill folder')} (${count(files.length, 'file')})`] : [];
  });
  return [...planLines(s, rest.filter((e) => e.action !== 'unchanged')), ...skillLines, ...planLines(s, rest.filter((e) => e.action === 'unchanged'))];
}

/** Files a plan writes or deletes. */
export function fileCount(entries: PlanEntry[]): number {
  return entries.filter((e) => ['create', 'update', 'delete'].includes(e.action)).length;
}

export function applyLines(s: Style, result: ApplyResult): string[] {
  return result.backups.map((b) => s.dim(`  backup: ${b}`));
}
