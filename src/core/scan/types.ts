// Data the scanner returns. The module words nothing for a terminal: the CLI's presenter does.
import type { RuleId, Severity } from './rules.js';

export type { Severity };


/** How far the user trusts a skill's source; decides which severities block an install. */
export type Trust = 'official' | 'community' | 'untrusted';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Relative to the skill folder, POSIX separators. */
  file: string;
  /** 1-based; findings about a whole file (a symlink, a binary) use line 1. */
  line: number;
  /** 1-based, in UTF-16 code units of the original line, when the finding has a position. */
  column?: number;
  message: string;
  /** At most 120 characters of the offending text, invisible characters written as \u{...}. */
  excerpt: string;
  /** The user accepted this finding with `allow`: still reported, never blocks. */
  allowed?: boolean;
}

export interface ScanReport {
  /** The skill's folder name. */
  skill: string;
  /** The folder that was scanned, as given (resolved to an absolute path). */
  dir: string;
  findings: Finding[];
  /** Files looked at (regular files, symlinks and special files). */
  files: number;
  /** Bytes read. */
  bytes: number;
  /** A limit stopped the scan before every file was read: what was not read was not checked. */
  truncated: boolean;
}

export interface ScanLimits {
  /** Bytes read from one file; the rest is not scanned (and the file is reported as oversized). */
  maxFileBytes: number;
  /** Bytes read from one skill in total; the scan stops there. */
  maxSkillBytes: number;
  /** Files (of any type) in one skill; the scan stops there. */
  maxFiles: number;
  /** Folder depth inside the skill. */
  maxDepth: number;
  /** Skills in one tree (scanTree). */
  maxSkills: number;
}

export interface ScanOptions {
  /** Findings the user accepted: a rule id (`inline-shell`) or a rule and a file (`script-file:scripts/fmt.sh`). */
  allow?: readonly string[];
  limits?: Partial<ScanLimits>;
}

export const DEFAULT_LIMITS: ScanLimits = {
  maxFileBytes: 512 * 1024,
  maxSkillBytes: 5 * 1024 * 1024,
  maxFiles: 500,
  maxDepth: 12,
  maxSkills: 2000,
};
