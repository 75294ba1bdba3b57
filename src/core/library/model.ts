import type { AgentSpecData, DetectData, HookData, McpServerData, SkillRefData, VersionSourceData } from './schema.js';

/** The catalog: everything the library and the team's sources and overrides offer, validated. */
export interface Catalog {
  digest: string;
  categories: Record<string, { title: string; description?: string }>;
  toolProfiles: Record<string, string[]>;
  skills: Record<string, CatalogSkill>;
  roles: Record<string, CatalogRole>;
  presets: Record<string, { description: string; agents: Record<string, AgentSpecData> }>;
  /** Text of every rules and conventions file the roles name, by absolute path. */
  texts: Record<string, string>;
  /** Hooks and MCP servers roles and variants may bring, by name (docs/integrations.md). */
  hooks: Record<string, HookData>;
  mcpServers: Record<string, McpServerData>;
}

/** The integrations a role or a variant value declares, by name (absent = none). */
export interface Integrations {
  hooks?: string[];
  mcpServers?: string[];
}

export interface SkillFile {
  /** Relative to the skill folder, POSIX. */
  path: string;
  sha256: string;
  size: number;
  executable: boolean;
}

export interface CatalogSkill {
  name: string;
  category: string;
  tags: string[];
  dependsOn: string[];
  recommends: string[];
  variantOnly: boolean;
  /** Installed for the whole team when agent teams are on, and never through a role. */
  withTeams: boolean;
  /** Meant for the main session too: keeps its description in the main session's skill listing. */
  mainSession?: boolean;
  /** Absolute folder of the skill (SKILL.md and its references). */
  dir: string;
  description: string;
  /** Size of SKILL.md, for token estimates. */
  chars: number;
  /** Every file of the folder, as it would be copied. */
  files: SkillFile[];
  /** Where it comes from: `library` or the source folder as written in the team file. */
  origin: string;
}

export interface CatalogConventions {
  file: string;
  /** Range of majors the file is for; absent when it holds for every version. */
  versions?: string;
}

export interface CatalogVariantValue extends Integrations {
  name: string;
  title: string;
  description?: string;
  skills: string[];
  conventions: CatalogConventions[];
  version?: VersionSourceData;
  detect?: DetectData;
}

export interface CatalogVariant {
  name: string;
  title: string;
  multiple: boolean;
  values: Record<string, CatalogVariantValue>;
}

export interface CatalogRole extends Integrations {
  name: string;
  title: string;
  description: string;
  tools: string[];
  /** The tool profile named by the role, when it names one. */
  toolProfile?: string;
  model: string;
  color?: string;
  rulesFiles: string[];
  skills: { include: SkillRefData[]; inherit: string[]; exclude: string[] };
  variants: Record<string, CatalogVariant>;
  /** When stack detection proposes an agent of this role; never when absent. */
  propose?: CatalogProposal;
  owns: string[];
  handsOff: Array<{ work: string; to: string }>;
  origin: 'library' | 'project' | 'library+project';
}

export interface CatalogProposal {
  /** The proposed agent's default name. */
  name: string;
  /** Proposed where a value of one of these variants is detected. */
  variants: string[];
  /** ... or where this evidence is found. */
  detect?: DetectData;
}
