/**
 * The shapes of the dashboard's JSON API, shared by the server and the browser app (type-only
 * imports, so nothing of the server reaches the browser bundle). docs/dashboard.md describes them.
 * The data itself is the read side's (core/views): the CLI's `list --json` shows the same agents.
 */
import type { Action, Reason } from '../core/plan/plan.js';
import type { OverrideFacts } from '../core/team/override-problems.js';
import type { ActiveView, AgentEffect, AgentView, DestructiveStep, Finding, OverviewView, RoleDetailView, RoleSkill, RoleView, SkillView, TeamMap, VariantInfo } from '../core/views/index.js';

export type { ActiveView, AgentEffect, DestructiveStep, Finding, OverrideFacts, RoleSkill, TeamMap, VariantInfo };
export type { AgentStatus } from '../core/views/index.js';
export type AgentSummary = AgentView;
export type RoleSummary = RoleView;
export type SkillSummary = SkillView;

export interface ApiError {
  ok: false;
  error: { code: string; message: string; hint?: string; details?: string[] };
}

export interface AgentsResponse {
  ok: true;
  agents: AgentSummary[];
  active: ActiveView | null;
}

export interface AgentDetailResponse {
  ok: true;
  agent: AgentSummary;
  /** The agent file as it is on disk now, or null when it was not written yet. */
  content: string | null;
  skills: Array<{ name: string; description: string; category: string }>;
}

export interface OverviewResponse extends OverviewView {
  ok: true;
}

export interface RoleDetailResponse extends Omit<RoleDetailView, 'rules'> {
  ok: true;
  rules: Array<{ file: string; html: string }>;
  /** What a new override of the role is checked against (null when the catalog does not load). */
  facts: OverrideFacts | null;
}

export interface RolesResponse {
  ok: true;
  roles: RoleSummary[];
  /** What a role override may name, for the editing form. */
  choices: { models: string[]; colors: string[]; toolProfiles: string[]; skills: string[]; categories: string[] };
}

export interface SkillsResponse {
  ok: true;
  skills: SkillSummary[];
  total: number;
  facets: { categories: Array<{ name: string; title: string }>; tags: string[]; roles: string[] };
}

export interface SkillDetailResponse {
  ok: true;
  skill: SkillSummary;
  /** SKILL.md's body rendered from Markdown; raw HTML in it is shown as text. */
  html: string;
  frontmatter: Record<string, unknown>;
  files: Array<{ path: string; size: number }>;
}

export interface SkillFileResponse {
  ok: true;
  skill: string;
  path: string;
  /** Markdown files come rendered; other text files come as text. */
  html: string | null;
  text: string | null;
}

export type ChangeAction = 'add' | 'remove' | 'switch' | 'role' | 'sync' | 'undo' | 'resolve';

export interface PlanChange {
  path: string;
  action: Action;
  kind: string;
  agents: string[];
  reason?: Reason;
  backup?: boolean;
}

export interface ChangeResponse {
  ok: true;
  action: ChangeAction;
  /** Pass this back to /api/apply: it applies only if the plan is still this one. */
  planDigest: string;
  applied: boolean;
  summary: Record<Action, number>;
  changes: PlanChange[];
  backups: string[];
  /** True when the change writes the lockfile (a resolve that keeps a file changes nothing else). */
  lockfile: boolean;
  /** What the change is about, in one line, e.g. "web: Frontend Developer (React), 6 skills". */
  headline: string;
  /** In a plan's answer (not an apply's): the change in the user's terms. */
  review?: PlanReview;
  /** In an apply's answer: what can now be taken back in one step. */
  undo?: UndoOffer | null;
}

export interface PlanReview {
  /** Per agent that the change touches: skills gained and lost, starting tokens before and after. */
  effects: AgentEffect[];
  /** A unified diff per file that changes: the file on disk against what would be written. */
  diffs: Array<{ path: string; patch: string }>;
  /** True when diffs were left out to keep the answer small; their files are still in `changes`. */
  diffsCut: boolean;
  /** Paths whose step a plain sync of the project as it is would take too: not caused by this change. */
  pending: string[];
  /** Deletes and replacements (with a .bak): the page asks for a second confirmation. */
  destructive: DestructiveStep[];
  /** Starting tokens one agent may cost (core/views/budget.ts). */
  budget: number;
}

export interface UndoOffer {
  /** The change as the engine recorded it, e.g. "add web". */
  what: string;
  /** The words of the offer, e.g. "Undo add web" or "Redo add web". */
  label: string;
  at: string;
}

export interface UndoResponse {
  ok: true;
  undo: UndoOffer | null;
}

export interface TeamResponse extends TeamMap {
  ok: true;
}

export interface ProjectSummary {
  /** The folder relative to the one searched ("." for itself): what the `project` parameter takes. */
  id: string;
  name: string;
  root: string;
}

export interface ProjectsResponse {
  ok: true;
  /** The folder searched (--root), or the project's own folder. */
  folder: string;
  projects: ProjectSummary[];
  default: string;
  /** False when the search stopped at a limit, so more teams may be below. */
  complete: boolean;
}

/** One conflicting file and the ways out of it, each shown as the diff it would make. */
export interface ConflictView {
  path: string;
  agents: string[];
  reason: 'edited' | 'foreign' | 'merge-conflict' | string;
  /** Why it is a conflict, in words. */
  note: string;
  /** The user's file against the new version agent-team would write. */
  theirs: { patch: string } | null;
  keep: boolean;
  replace: boolean;
  /** The three-way merge against the user's file; `clean` false means it carries conflict markers. */
  merge: { patch: string; clean: boolean; clashes: number } | null;
}

export interface ConflictsResponse {
  ok: true;
  conflicts: ConflictView[];
}
