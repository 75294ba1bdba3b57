/**
 * The shapes of the dashboard's JSON API, shared by the server and the browser app (type-only
 * imports, so nothing of the server reaches the browser bundle). docs/dashboard.md describes them.
 * The data itself is the read side's (core/views): the CLI's `list --json` shows the same agents.
 */
import type { Action, Reason } from '../core/plan/plan.js';
import type { ActiveView, AgentView, Finding, OverviewView, RoleDetailView, RoleSkill, RoleView, SkillView, VariantInfo } from '../core/views/index.js';

export type { ActiveView, Finding, RoleSkill, VariantInfo };
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

export type ChangeAction = 'add' | 'remove' | 'switch' | 'role' | 'sync';

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
  /** What the change is about, in one line, e.g. "web: Frontend Developer (React), 6 skills". */
  headline: string;
}
