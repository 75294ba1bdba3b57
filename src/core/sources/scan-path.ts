import { existsSync, lstatSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { failure } from '../errors.js';
import { REGISTRY_FILE } from '../library/load.js';
import { findProjectRoot } from '../project.js';
import { blocks, scanSkill, scanTree, type ScanReport, type Trust } from '../scan/index.js';
import { readLayout } from './layout.js';

/**
 * `agent-team scan [path]`: what a path holds, scanned skill by skill. A skill (its folder or its
 * SKILL.md), a library (its registry says where each skill is), a project or a folder of skills;
 * without a path, the skills installed in the project around the working folder.
 */
export interface PathScan {
  /** The folder or file that was scanned. */
  target: string;
  what: 'skill' | 'library' | 'folder';
  reports: Array<ScanReport & { blocks: boolean }>;
}

export function defaultScanTarget(cwd: string): string {
  const root = findProjectRoot(cwd) ?? resolve(cwd);
  return join(root, '.claude', 'skills');
}

export function scanPath(path: string, trust: Trust, allow: readonly string[]): PathScan {
  const target = resolve(path);
  let stat;
  try {
    stat = lstatSync(target);
  } catch {
    throw failure('no-such-path', `Nothing to scan at ${target}: it does not exist.`, 'Give a skill folder, a folder of skills, a library or a project.', undefined, { path: target });
  }
  const withBlocks = (list: ScanReport[]) => list.map((r) => ({ ...r, blocks: blocks(r, trust) }));
  const isSkill = (stat.isFile() && basename(target).toLowerCase() === 'skill.md') || (stat.isDirectory() && existsSync(join(target, 'SKILL.md')));
  if (isSkill || stat.isSymbolicLink()) return { target, what: 'skill', reports: withBlocks([scanSkill(stat.isFile() ? dirname(target) : target, { allow })]) };
  if (!stat.isDirectory()) throw failure('no-such-path', `${target} is neither a skill nor a folder.`, 'Give a skill folder, a folder of skills, a library or a project.', undefined, { path: target });
  if (existsSync(join(target, REGISTRY_FILE))) {
    const layout = readLayout(target);
    if (layout.problems.length === 0) return { target, what: 'library', reports: withBlocks(layout.skills.map((s) => scanSkill(join(target, s.path), { allow }))) };
  }
  return { target, what: 'folder', reports: withBlocks(scanTree(target, { allow })) };
}
