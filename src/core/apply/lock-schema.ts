import * as z from 'zod/mini';
import { lazySchema } from '../issues.js';
import { AgentSpec } from '../team/names-schema.js';

/**
 * Version 2 adds each file's git blob id and the agents' specs; version 3 adds the pinned git
 * sources. A lockfile without sources is still written as version 2, so an agent-team that
 * predates sources keeps reading it; versions 1 and 2 are read.
 */
export const LOCKFILE_VERSION = 2;
export const LOCKFILE_VERSION_WITH_SOURCES = 3;
/** Version 4 adds the settings keys agent-team merged into Claude Code's JSON files. */
export const LOCKFILE_VERSION_WITH_SETTINGS = 4;

const Sha256 = lazySchema(() => z.string().check(z.regex(/^[a-f0-9]{64}$/, 'must be a sha256 hex digest')));

export const LockEntry = lazySchema(() => z.strictObject({
  sha256: Sha256(),
  kind: z.enum(['managed', 'seed', 'block']),
  agents: z.array(z.string()),
  /** The git blob id of the whole file as written, so a checkout's history can give the merge base. */
  git: z.optional(z.string().check(z.regex(/^[a-f0-9]{40}$/, 'must be a git blob id'))),
}));

/** A git source pinned to one commit, with the sha256 of every file of that commit's tree. */
export const LockSource = lazySchema(() => z.strictObject({
  url: z.string().check(z.minLength(1), z.maxLength(2048)),
  /** The ref as the team file names it (`HEAD` when it names none). */
  ref: z.string().check(z.minLength(1), z.maxLength(200)),
  commit: z.string().check(z.regex(/^[a-f0-9]{40}$/, 'must be a 40-hex commit id')),
  files: z.record(z.string().check(z.minLength(1), z.maxLength(1024)), Sha256()),
}));

/**
 * What agent-team merged into one settings file: by key path (a JSON array of keys), the sha256
 * of the value it wrote, or of each element it added to an array there.
 */
export const LockSettingsFile = lazySchema(() => z.strictObject({
  /** The file did not exist before: it goes when nothing is left in it. */
  created: z.optional(z.boolean()),
  keys: z.record(z.string().check(z.minLength(2), z.maxLength(2048)), z.union([Sha256(), z.array(Sha256()).check(z.maxLength(1000))])),
  /** Objects or arrays it created to hold its keys (key paths): they go when they end up empty. */
  containers: z.optional(z.array(z.string().check(z.maxLength(2048))).check(z.maxLength(1000))),
}));

export const Lock = lazySchema(() => z.strictObject({
  lockfileVersion: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  generator: z.string(),
  catalog: z.string(),
  /** What each agent was made from, so its files can be recognised after it leaves the team file. */
  agents: z.optional(z.record(z.string(), AgentSpec())),
  /** Git sources by name (only in version 3). */
  sources: z.optional(z.record(z.string(), LockSource())),
  /** Settings by file (only in version 4). */
  settings: z.optional(z.record(z.string(), LockSettingsFile())),
  files: z.record(z.string(), LockEntry()),
}));

export type LockEntryData = z.infer<ReturnType<typeof LockEntry>>;
export type LockSourceData = z.infer<ReturnType<typeof LockSource>>;
export type LockData = z.infer<ReturnType<typeof Lock>>;
export type LockSettingsFileData = z.infer<ReturnType<typeof LockSettingsFile>>;
export type LockSettingsData = Record<string, LockSettingsFileData>;
