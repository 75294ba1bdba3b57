import * as z from 'zod/mini';

export const LOCKFILE_VERSION = 1;

export const LockEntry = z.strictObject({
  sha256: z.string().check(z.regex(/^[a-f0-9]{64}$/, 'must be a sha256 hex digest')),
  kind: z.enum(['managed', 'seed', 'block']),
  agents: z.array(z.string()),
});

export const Lock = z.strictObject({
  lockfileVersion: z.literal(LOCKFILE_VERSION),
  generator: z.string(),
  catalog: z.string(),
  files: z.record(z.string(), LockEntry),
});

export type LockEntryData = z.infer<typeof LockEntry>;
export type LockData = z.infer<typeof Lock>;
