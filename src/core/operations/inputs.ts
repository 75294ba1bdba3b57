import * as z from 'zod/mini';
import { usageError } from '../errors.js';
import { agentNameProblem } from '../team/names.js';
import { formatIssues, lazySchema } from '../issues.js';
import { Name, registrySchemas } from '../library/schema.js';
import { ProjectPath } from '../team/names-schema.js';
import { NAME_RULE } from '../team/names.js';

export { NAME_RULE };

/**
 * What each operation accepts, whoever asks: CLI flags, prompts or a dashboard request body.
 * One schema per operation, so both front ends refuse the same input with the same words.
 */
export const AgentName = lazySchema(() => z.string().check(
  z.superRefine((value, ctx) => {
    const problem = agentNameProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `"${value}" is not a valid agent name: it ${problem}`, input: value, params: { agentName: true } });
  }),
));

const Word = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(200)));
const Versions = lazySchema(() => z.record(Word(), z.number().check(z.int(), z.nonnegative(), z.lte(100_000))));
const Paths = lazySchema(() => z.array(ProjectPath()).check(z.maxLength(200)));

/** One agent to add: a starter agent, and whether to replace edited files. */
export const AddInput = lazySchema(() => z.extend(StarterAgent(), { force: z.optional(z.boolean()) }));

export const TeamsInput = lazySchema(() => z.strictObject({
  on: z.boolean(),
  force: z.optional(z.boolean()),
}));

export const RemoveInput = lazySchema(() => z.strictObject({
  names: z.array(AgentName()).check(z.minLength(1)),
  force: z.optional(z.boolean()),
}));

export const SwitchInput = lazySchema(() => z.strictObject({
  agent: z.nullable(AgentName()),
  shared: z.optional(z.boolean()),
}));

/** A starter agent with its name and stack, e.g. from the proposal stack detection makes. */
export const StarterAgent = lazySchema(() => z.strictObject({
  name: AgentName(),
  role: Word(),
  variants: z.optional(z.record(Word(), z.array(Word()))),
  versions: z.optional(Versions()),
  paths: z.optional(Paths()),
}));

export const InitInput = lazySchema(() => z.strictObject({
  roles: z.optional(z.array(Word())),
  preset: z.optional(Word()),
  agents: z.optional(z.array(StarterAgent())),
  force: z.optional(z.boolean()),
}));

export const SyncInput = lazySchema(() => z.strictObject({
  check: z.optional(z.boolean()),
  frozen: z.optional(z.boolean()),
  force: z.optional(z.boolean()),
  /** Write conflict markers into clashing files instead of the new version beside them. */
  markers: z.optional(z.boolean()),
  /** Record in the team file the majors the project's lockfiles and manifests state now, then sync. */
  updateVersions: z.optional(z.boolean()),
}));

/** What resolve accepts: a conflicting file (or an agent, for all of its files) and how to decide it. */
export const ResolveInput = lazySchema(() => z.strictObject({
  target: z.string().check(z.minLength(1), z.maxLength(1024)),
  choice: z.enum(['keep', 'replace', 'merge']),
  /** For merge: write conflict markers where the two sides clash, instead of refusing. */
  markers: z.optional(z.boolean()),
}));

export type StarterAgentData = z.infer<ReturnType<typeof StarterAgent>>;


/** What the role-override operation accepts: the role and its whole new override (null removes it). */
export const RoleOverrideInput = lazySchema(() => z.strictObject({
  role: Name(),
  override: z.nullable(registrySchemas().RoleOverride),
  force: z.optional(z.boolean()),
}));

export function parseInput<T>(schema: () => z.ZodMiniType<T>, data: unknown, what: string, code = 'invalid-input'): T {
  // zod drops a "__proto__" key of a record without a word, so `--__proto__ react` would be ignored.
  const proto = protoKeyPath(data, what, 0);
  if (proto) throw usageError(code, `Invalid ${what}: ${proto} is "__proto__", which is not a name agent-team accepts.`, `Check the ${what} and try again.`);
  const parsed = schema().safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = formatIssues(parsed.error.issues).map((line) => line.replace(/^\S+ ("[^"]*" is not a valid agent name)/, '$1'));
  const nameProblem = parsed.error.issues.some((i) => i.code === 'custom' && (i as { params?: { agentName?: boolean } }).params?.agentName);
  throw usageError(
    nameProblem ? 'invalid-agent-name' : code,
    `Invalid ${what}: ${problems[0]}.`,
    nameProblem ? NAME_RULE : `Check the ${what} and try again.`,
    problems.slice(1),
  );
}

function protoKeyPath(data: unknown, path: string, depth: number): string | undefined {
  if (depth > 8 || data === null || typeof data !== 'object') return undefined;
  for (const key of Object.keys(data)) {
    if (key === '__proto__') return `a key of ${path}`;
    const inner = protoKeyPath((data as Record<string, unknown>)[key], `${path}.${key}`, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}
