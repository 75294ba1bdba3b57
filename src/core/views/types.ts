import type { Listing } from '../claude/listing.js';
import type { TokenCost } from './tokens.js';
import type { CatalogRole } from '../library/model.js';

/**
 * The read side's plain data: what `list`, `doctor`, `detect` and every dashboard read show.
 * The CLI prints it, the dashboard sends it as JSON; both get the same numbers from one place.
 */

/** Where an agent's file stands compared with what the team file asks for. */
export type AgentStatus = 'synced' | 'missing' | 'outdated' | 'edited' | 'unknown';

export interface AgentView {
  name: string;
  role: string;
  title: string;
  variants: Record<string, string[]>;
  /** Major in use per variant value, as the team file records it. */
  versions: Record<string, number>;
  /** Paths the agent owns in a monorepo; empty for the whole project. */
  paths: string[];
  /** Titles of the chosen variant values, with their majors, e.g. ["React 18", "Zustand"]. */
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

export interface ActiveView {
  agent: string;
  file: string;
}

export interface TeamView {
  root: string;
  agents: AgentView[];
  active: ActiveView | null;
  /** Claude Code's agent teams are on (`teams: true` in the team file, docs/teams.md); set by `list`'s view. */
  teams?: boolean;
  /** The main session's skill listing against the 200k and 1M budgets. */
  listing?: Listing;
}

export interface Finding {
  level: 'error' | 'warning';
  file: string;
  message: string;
  /** A stable code, so each edge can say what to do in its own words. */
  code?: string;
}

export interface OverviewView extends TeamView {
  version: string;
  totals: { agents: number; skills: number; tokens: number };
  problems: Finding[];
}

/** A role, with the agents of the team that have it. */
export interface RoleView extends RoleSummary {
  agents: string[];
}

export interface RoleSkill {
  name: string;
  /** Why the role has it: `include`, `category:<name>`, `inherit:<role>` or `depends_on:<skill>`. */
  via: string;
}

export interface RoleDetailView {
  role: RoleView;
  resolved: RoleSkill[];
  excluded: string[];
  /** Rules files of the role: name and Markdown text. */
  rules: Array<{ file: string; text: string }>;
  /** The project's override of this role in the team file, as written, or null. */
  override: Record<string, unknown> | null;
  /** True when the library defines the role (an override then only changes it). */
  inLibrary: boolean;
}

export interface SkillView {
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

/** A role as `list --roles` and the dashboard show it: plain data, ready for JSON. */
export interface VariantInfo {
  name: string;
  title: string;
  multiple: boolean;
  values: Array<{ name: string; title: string; description: string | null; skills: string[] }>;
}

export interface RoleSummary {
  name: string;
  title: string;
  description: string;
  toolProfile: string | null;
  tools: string[];
  model: string;
  color: string | null;
  origin: CatalogRole['origin'];
  inherits: string[];
  /** The role's skills without variants: inherited, included and their dependencies. */
  skills: string[];
  variants: VariantInfo[];
}

