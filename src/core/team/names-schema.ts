import * as z from 'zod/mini';
import { lazySchema } from '../issues.js';
import { NAME_PATTERN } from './names.js';

// Shared by the team file and the registry, and kept apart from the registry's schemas so that
// reading a team file does not build them.

export const Name = lazySchema(() =>
  z.string().check(
    z.regex(NAME_PATTERN, 'must be lowercase letters, digits and single dashes'),
    z.maxLength(64),
  ),
);

/** A major version: `13`, or text that starts with it (`13.4`, `"18"`). */
export const Major = lazySchema(() =>
  z.union([
    z.number().check(z.int(), z.nonnegative(), z.lte(100_000)),
    z.string().check(z.regex(/^\d{1,6}(\.\d+)*$/, 'must be a version number such as 13 or 13.4')),
  ]),
);

/** A path in the project, relative and forward-slashed: `apps/web`, `.` for the whole project. */
export const ProjectPath = lazySchema(() =>
  z.string().check(
    z.minLength(1),
    z.maxLength(512),
    z.refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.includes('\\') && !p.includes('\0') && !p.split('/').includes('..'), {
      message: 'must be a relative path inside the project, with / and without ..',
    }),
  ),
);

export const AgentSpec = lazySchema(() =>
  z.strictObject({
    role: Name(),
    variants: z.optional(z.record(Name(), z.union([Name(), z.array(Name())]))),
    /** The major in use of a variant value, by value name: `{ nextjs: 13 }`. */
    versions: z.optional(z.record(Name(), Major())),
    /** What the agent owns in a monorepo. */
    paths: z.optional(z.array(ProjectPath()).check(z.maxLength(200))),
  }),
);

export type AgentSpecData = z.infer<ReturnType<typeof AgentSpec>>;
