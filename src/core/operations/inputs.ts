import * as z from 'zod/mini';
import { usageError } from '../errors.js';
import { agentNameProblem } from '../team/names.js';
import { formatIssues } from '../issues.js';
import { Name, RoleOverride } from '../library/schema.js';

/**
 * What each operation accepts, whoever asks: CLI flags, prompts or a dashboard request body.
 * One schema per operation, so both front ends refuse the same input with the same words.
 */
export const AgentName = z.string().check(
  z.superRefine((value, ctx) => {
    const problem = agentNameProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `"${value}" is not a valid agent name: it ${problem}`, input: value, params: { agentName: true } });
  }),
);

const Word = z.string().check(z.minLength(1));

export const AddInput = z.strictObject({
  name: AgentName,
  role: Word,
  variants: z.optional(z.record(Word, z.array(Word))),
  force: z.optional(z.boolean()),
});

export const RemoveInput = z.strictObject({
  names: z.array(AgentName).check(z.minLength(1)),
  force: z.optional(z.boolean()),
});

export const SwitchInput = z.strictObject({
  agent: z.nullable(AgentName),
  shared: z.optional(z.boolean()),
});

/** A starter agent with its name and stack, e.g. from the proposal stack detection makes. */
export const StarterAgent = z.strictObject({
  name: AgentName,
  role: Word,
  variants: z.optional(z.record(Word, z.array(Word))),
});

export const InitInput = z.strictObject({
  roles: z.optional(z.array(Word)),
  preset: z.optional(Word),
  agents: z.optional(z.array(StarterAgent)),
  force: z.optional(z.boolean()),
});

export const SyncInput = z.strictObject({
  check: z.optional(z.boolean()),
  frozen: z.optional(z.boolean()),
  force: z.optional(z.boolean()),
});

export type StarterAgentData = z.infer<typeof StarterAgent>;

export const NAME_RULE = 'Use lowercase letters, digits and single dashes, starting with a letter, at most 64 characters (e.g. payment-fe).';

/** What the role-override operation accepts: the role and its whole new override (null removes it). */
export const RoleOverrideInput = z.strictObject({
  role: Name,
  override: z.nullable(RoleOverride),
  force: z.optional(z.boolean()),
});

export function parseInput<T>(schema: z.ZodMiniType<T>, data: unknown, what: string, code = 'invalid-input'): T {
  const parsed = schema.safeParse(data);
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
