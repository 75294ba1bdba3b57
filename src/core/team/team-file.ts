import { readFileSync } from 'node:fs';
import { cached } from '../cache.js';
import { join } from 'node:path';
import { failure, isNodeError } from '../errors.js';
import { agentNameProblem } from './names.js';
import { TEAM_FILE } from '../paths.js';
import { formatIssues } from '../issues.js';
import { Team, type TeamData } from './schema.js';
import type { AgentSpecData } from '../library/schema.js';
import { loadYaml } from '../yaml.js';

export interface TeamAgent {
  name: string;
  role: string;
  /** Every selection as a list, in the order written. */
  variants: Record<string, string[]>;
  /** Major in use per variant value. */
  versions: Record<string, number>;
  paths: string[];
}

/** The team file is small; anything this large is not one. */
export const MAX_TEAM_FILE_BYTES = 256 * 1024;

const FIX_HINT = `Fix ${TEAM_FILE} by hand (or restore it from git), then run the command again.`;

/** The team file's data, checked; parsed once per content (cache.ts): YAML is the slow part of a small command. */
export function parseTeam(text: string): TeamData {
  return cached('team', text, () => checkTeam(text));
}

function checkTeam(text: string): TeamData {
  const data = loadYaml(text, TEAM_FILE, FIX_HINT, { maxBytes: MAX_TEAM_FILE_BYTES }) ?? {};
  const parsed = Team().safeParse(data);
  const problems = parsed.success ? [] : formatIssues(parsed.error.issues);
  const agents = (data as { agents?: unknown }).agents;
  if (agents && typeof agents === 'object' && !Array.isArray(agents)) {
    for (const name of Object.keys(agents)) {
      const problem = agentNameProblem(name);
      if (problem) problems.push(`agents.${name}: the agent name ${problem}`);
    }
  }
  if (problems.length > 0) {
    throw failure('invalid-team-file', `${TEAM_FILE} is not a valid team file:`, FIX_HINT, problems);
  }
  return parsed.data!;
}

export function normaliseVariants(variants: AgentSpecData['variants']): Record<string, string[]> {
  return Object.fromEntries(Object.entries(variants ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
}

/** `13`, `"13"`, `"13.4"` → 13. */
export function majorOf(version: number | string): number {
  return typeof version === 'number' ? Math.trunc(version) : Number.parseInt(version, 10);
}

export function teamAgents(team: TeamData): TeamAgent[] {
  return Object.entries(team.agents ?? {}).map(([name, spec]) => ({
    name,
    role: spec.role,
    variants: normaliseVariants(spec.variants),
    versions: Object.fromEntries(Object.entries(spec.versions ?? {}).map(([value, v]) => [value, majorOf(v)])),
    paths: spec.paths ?? [],
  }));
}

/** The team file's text, or undefined when the project is not initialised. */
export function readTeamText(root: string): string | undefined {
  try {
    return readFileSync(join(root, TEAM_FILE), 'utf8');
  } catch (err) {
    if (isNodeError(err, 'ENOENT')) return undefined;
    throw failure('unreadable-team-file', `Cannot read ${TEAM_FILE}: ${(err as Error).message}.`, 'Check the file permissions.');
  }
}
