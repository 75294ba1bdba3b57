import * as z from 'zod/mini';
import { AgentSpec, Name } from './names-schema.js';

export const Team = z.strictObject({
  version: z.literal(1),
  // Keys are checked by agentNameProblem() for a clearer message than a regex failure.
  agents: z.optional(z.nullable(z.record(z.string(), AgentSpec))),
  // Each override is checked against the role schema when the catalog applies it.
  roles: z.optional(z.nullable(z.record(Name, z.unknown()))),
  sources: z.optional(z.nullable(z.array(z.string().check(z.minLength(1))))),
});

export type TeamData = z.infer<typeof Team>;
