/**
 * The shapes of the dashboard's JSON API, shared by the server and the browser app (type-only
 * imports, so nothing of the server reaches the browser bundle). docs/dashboard.md describes them.
 */
import type { Action, Reason } from '../core/plan/plan.js';
import type { RoleSummary as CoreRoleSummary, VariantInfo } from '../core/views/roles.js';
import type { TokenCost } from '../core/views/tokens.js';

export type { VariantInfo };

export interface ApiError {
  ok: false;
  error: { code: string; message: string; hint?: string; details?: string[] };
}

/** Where an agent's file stands compared with what the team file asks for. */
export type AgentStatus = 'synced' | 'missing' | 'outdated' | 'edited' | 'unknown';

export interface AgentSummary {
  name: string;
  role: string;
  title: string;
  variants: Record<string, string[]>;
  /** Titles of the chosen variant values, e.g. ["React", "Zustand"]. */
  stack: string[];
  skills: string[];
  tools: string[];
  model: string;
  color: string | null;
  cost: TokenCost;
  active: boolean;
  file: string;
  status: AgentStatus;
}

export interface AgentsResponse {
  ok: true;
  agents: AgentSummary[];
  active: { agent: string; file: string } | null;
}

export interface AgentDetailResponse {
  ok: true;
  agent: AgentSummary;
  /** The agent file as it is on disk now, or null when it was not written yet. */
  content: string | null;
  skills: Array<{ name: string; description: string; category: string }>;
}

export interface Finding {
  level: 'error' | 'warning';
  file: string;
  message: string;
}

export interface OverviewResponse {
  ok: true;
  version: string;
  root: string;
  agents: AgentSummary[];
  active: { agent: string; file: string } | null;
  totals: { agents: number; skills: number; tokens: number };
  problems: Finding[];
}


/** A role, with the agents of the team that have it. */
export interface RoleSummary extends CoreRoleSummary {
  agents: string[];
}

export interface RoleSkill {
  name: string;
  /** Why the role has it: `include`, `category:<name>`, `inherit:<role>` or `depends_on:<skill>`. */
  via: string;
}

export interface RoleDetailResponse {
  ok: true;
  role: RoleSummary;
  resolved: RoleSkill[];
  excluded: string[];
  rules: Array<{ file: string; html: string }>;
  /** The project's override of this role in the team file, as written, or null. */
  override: Record<string, unknown> | null;
  /** True when the library defines the role (an override then only changes it). */
  inLibrary: boolean;
}

export interface RolesResponse {
  ok: true;
  roles: RoleSummary[];
  /** What a role override may name, for the editing form. */
  choices: { models: string[]; colors: string[]; toolProfiles: string[]; skills: string[]; categories: string[] };
}

export interface SkillSummary {
  name: string;
  category: string;
  categoryTitle: string;
  tags: string[];
  description: string;
  dependsOn: string[];
  recommends: string[];
  variantOnly: boolean;
  origin: string;
  /** Roles that select it, directly, by inheritance or through a variant value. */
  roles: string[];
  /** Agents of this team that have it. */
  agents: string[];
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
