import * as z from 'zod/mini';
import { AgentSpec, Name, RoleOverride } from './registry.js';

export const Team = z.strictObject({
  version: z.literal(1),
  // Keys are checked by agentNameProblem() for a clearer message than a regex failure.
  agents: z.optional(z.nullable(z.record(z.string(), AgentSpec))),
  roles: z.optional(z.nullable(z.record(Name, RoleOverride))),
  sources: z.optional(z.nullable(z.array(z.string().check(z.minLength(1))))),
});

export type TeamData = z.infer<typeof Team>;
