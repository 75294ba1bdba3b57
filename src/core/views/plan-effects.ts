import { UPSTREAM_SUFFIX, type PlanEntry } from '../plan/plan.js';
import type { AgentView } from './types.js';

/** What a planned change does to one agent, in the user's terms. */
export interface AgentEffect {
  agent: string;
  change: 'added' | 'removed' | 'changed';
  /** The role's title, after the change (before it, for an agent that goes). */
  title: string;
  gained: string[];
  lost: string[];
  /** Starting tokens; null where the agent does not exist on that side. */
  tokens: { before: number | null; after: number | null };
  model?: { before: string; after: string };
  active?: { before: boolean; after: boolean };
}

/**
 * The agents as they are against the agents as a plan leaves them. Agents the change does not
 * touch are left out; skills keep the order the agent lists them in.
 */
export function planEffects(before: AgentView[], after: AgentView[]): AgentEffect[] {
  const old = new Map(before.map((a) => [a.name, a]));
  const next = new Map(after.map((a) => [a.name, a]));
  const out: AgentEffect[] = [];
  for (const a of after) {
    const b = old.get(a.name);
    if (!b) {
      out.push({ agent: a.name, change: 'added', title: a.title, gained: [...a.skills], lost: [], tokens: { before: null, after: a.cost.total } });
      continue;
    }
    const had = new Set(b.skills);
    const has = new Set(a.skills);
    const effect: AgentEffect = {
      agent: a.name,
      change: 'changed',
      title: a.title,
      gained: a.skills.filter((s) => !had.has(s)),
      lost: b.skills.filter((s) => !has.has(s)),
      tokens: { before: b.cost.total, after: a.cost.total },
    };
    if (a.model !== b.model) effect.model = { before: b.model, after: a.model };
    if (a.active !== b.active) effect.active = { before: b.active, after: a.active };
    if (effect.gained.length || effect.lost.length || effect.model || effect.active || b.cost.total !== a.cost.total) out.push(effect);
  }
  for (const b of before) {
    if (!next.has(b.name)) out.push({ agent: b.name, change: 'removed', title: b.title, gained: [], lost: [...b.skills], tokens: { before: b.cost.total, after: null } });
  }
  return out;
}

function sameEntry(a: PlanEntry, b: PlanEntry): boolean {
  if (a.action !== b.action || a.reason !== b.reason || Boolean(a.backup) !== Boolean(b.backup)) return false;
  if (a.content === undefined || b.content === undefined) return a.content === b.content;
  return a.content.equals(b.content);
}

/**
 * Paths whose step is already due before this change: a plain sync of the project as it is
 * would do the very same (drift, an older conflict). They are shown apart from what the change
 * itself causes.
 */
export function alreadyPending(entries: PlanEntry[], sync: PlanEntry[]): string[] {
  const due = new Map(sync.filter((e) => e.action !== 'unchanged' && e.kind !== 'team').map((e) => [e.path, e]));
  return entries.filter((e) => e.action !== 'unchanged' && e.kind !== 'team' && due.has(e.path) && sameEntry(e, due.get(e.path)!)).map((e) => e.path);
}

export interface DestructiveStep {
  path: string;
  /** `delete`: the file goes; `replace`: an edited file is overwritten and a .bak keeps the old one. */
  step: 'delete' | 'replace';
}

/** Steps that take away what is on disk: they need their own confirmation. */
export function destructiveSteps(entries: PlanEntry[]): DestructiveStep[] {
  return entries.flatMap((e): DestructiveStep[] => {
    // The new version waiting beside a conflicting file is agent-team's proposal, not anyone's work.
    if (e.action === 'delete' && e.path.endsWith(UPSTREAM_SUFFIX)) return [];
    if (e.action === 'delete') return [{ path: e.path, step: 'delete' }];
    if (e.backup && e.action !== 'unchanged') return [{ path: e.path, step: 'replace' }];
    return [];
  });
}
