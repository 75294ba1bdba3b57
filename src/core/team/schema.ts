import * as z from 'zod/mini';
import { lazySchema } from '../issues.js';
import { AgentSpec, Name } from './names-schema.js';

/** How much a source is trusted: what its scan findings block (docs/scan.md, docs/sources.md). */
export const SOURCE_TRUST = ['official', 'community', 'untrusted'] as const;

/**
 * A source's name is the prefix of every skill and role it brings (`acme` → `acme-review`), so it
 * is short, and free of the words skill names may not hold.
 */
export const SourceName = lazySchema(() =>
  Name().check(
    z.maxLength(32),
    z.refine((n) => !/anthropic|claude/.test(n), { message: 'must not contain "anthropic" or "claude" (they would end up in every skill name)' }),
  ),
);

/** A git ref as a person writes it: a branch, a tag or a commit; never anything git could read as an option. */
export const SourceRef = lazySchema(() => z.string().check(
  z.minLength(1),
  z.maxLength(200),
  z.refine((r) => !r.startsWith('-') && !/[\s\0-\x1f\x7f~^:?*[\\]/.test(r) && !r.includes('..') && !r.includes('@{') && !r.endsWith('.lock') && !r.endsWith('/') && !r.endsWith('.'), {
    message: 'must be a branch, tag or commit name (no spaces, "..", "~", "^", ":" or a leading "-")',
  }),
));

/** Where a source's git repository is; checked again, more closely, before git is ever run (sources/spec.ts). */
export const SourceUrl = lazySchema(() => z.string().check(
  z.minLength(1),
  z.maxLength(2048),
  z.refine((u) => !u.startsWith('-') && !/[\0-\x1f\x7f]/.test(u), { message: 'must be a git URL or a path (not starting with "-", without control characters)' }),
));

export const GitSource = lazySchema(() => z.strictObject({
  name: SourceName(),
  url: SourceUrl(),
  ref: z.optional(SourceRef()),
  trust: z.optional(z.enum(SOURCE_TRUST)),
  /** Scan findings accepted for this source: `rule` or `rule:path/in/the/source`. */
  allow: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(300))).check(z.maxLength(200))),
}));

/** Opting in to integrations: all the team's agents declare (`true`), none, or only those named. */
const IntegrationChoice = lazySchema(() => z.optional(z.nullable(z.union([z.boolean(), z.array(Name()).check(z.maxLength(100))]))));

export const Team = lazySchema(() => z.strictObject({
  version: z.literal(1),
  /** Claude Code's agent teams (experimental in the client): the env setting and the team-up skill (docs/teams.md). */
  teams: z.optional(z.nullable(z.boolean())),
  /** Hooks and MCP servers the agents' roles declare are written only when opted in here (docs/integrations.md). */
  integrations: z.optional(z.nullable(z.strictObject({ hooks: IntegrationChoice(), mcp: IntegrationChoice() }))),
  // Keys are checked by agentNameProblem() for a clearer message than a regex failure.
  agents: z.optional(z.nullable(z.record(z.string(), AgentSpec()))),
  // Each override is checked against the role schema when the catalog applies it.
  roles: z.optional(z.nullable(z.record(Name(), z.unknown()))),
  /** Extra libraries: a folder inside the project (a plain string), or a git repository pinned in the lockfile. */
  sources: z.optional(
    z.nullable(
      z.array(z.union([z.string().check(z.minLength(1)), GitSource()])).check(
        z.maxLength(50),
        z.refine((list) => {
          const names = list.filter((s) => typeof s !== 'string').map((s) => (s as { name: string }).name);
          return new Set(names).size === names.length;
        }, { message: 'names each git source once' }),
      ),
    ),
  ),
}));

export type TeamData = z.infer<ReturnType<typeof Team>>;
export type GitSourceData = z.infer<ReturnType<typeof GitSource>>;
export type SourceTrust = (typeof SOURCE_TRUST)[number];

/** Whether a named hook or MCP server may be written: the team file opted in to all of its kind, or to it by name. */
export function integrationChosen(team: TeamData | undefined, kind: 'hooks' | 'mcp', name: string): boolean {
  const choice = team?.integrations?.[kind];
  return choice === true || (Array.isArray(choice) && choice.includes(name));
}

export function teamsOn(team: TeamData | undefined): boolean {
  return team?.teams === true;
}

/** The sources of a team that are git repositories, in the order written. */
export function gitSources(team: TeamData | undefined): GitSourceData[] {
  return (team?.sources ?? []).filter((s): s is GitSourceData => typeof s !== 'string');
}
