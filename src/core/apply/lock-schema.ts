import * as z from 'zod/mini';
import { AgentSpec } from '../team/names-schema.js';

/** Version 2 adds each file's git blob id and the agents' specs; version 1 files are still read. */
export const LOCKFILE_VERSION = 2;

export const LockEntry = z.strictObject({
  sha256: z.string().check(z.regex(/^[a-f0-9]{64}$/, 'must be a sha256 hex digest')),
  kind: z.enum(['managed', 'seed', 'block']),
  agents: z.array(z.string()),
  /** The git blob id of the whole file as written, so a checkout's history can give the merge base. */
  git: z.optional(z.string().check(z.regex(/^[a-f0-9]{40}$/, 'must be a git blob id'))),
});

export const Lock = z.strictObject({
  lockfileVersion: z.union([z.literal(1), z.literal(2)]),
  generator: z.string(),
  catalog: z.string(),
  /** What each agent was made from, so its files can be recognised after it leaves the team file. */
  agents: z.optional(z.record(z.string(), AgentSpec)),
  files: z.record(z.string(), LockEntry),
});

export type LockEntryData = z.infer<typeof LockEntry>;
export type LockData = z.infer<typeof Lock>;
