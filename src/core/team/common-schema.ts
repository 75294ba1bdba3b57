import * as z from 'zod/mini';
import { NAME_PATTERN } from './names.js';

// Shared by the team file and the registry, and kept apart from the registry's schemas so that
// reading a team file (all `list` does) does not build them.

export const Name = z.string().check(
  z.regex(NAME_PATTERN, 'must be lowercase letters, digits and single dashes'),
  z.maxLength(64),
);

export const AgentSpec = z.strictObject({
  role: Name,
  variants: z.optional(z.record(Name, z.union([Name, z.array(Name)]))),
});

export type AgentSpecData = z.infer<typeof AgentSpec>;
