import { createTwoFilesPatch } from 'diff';
import { conflictOptions } from '../core/plan/conflicts.js';
import { readProjectFile } from '../core/project.js';
import type { Snapshot } from '../core/views/index.js';
import { entryNote } from '../present/words.js';
import type { ConflictView } from './types.js';

/** Files larger than this are listed with their choices but without a diff. */
const MAX_DIFF_BYTES = 256 * 1024;

function patch(path: string, ours: Buffer | undefined, next: Buffer | undefined, label: string): { patch: string } | null {
  if (!next || (ours?.length ?? 0) + next.length > MAX_DIFF_BYTES || next.includes(0) || ours?.includes(0)) return null;
  return { patch: createTwoFilesPatch(`a/${path}`, `b/${path}`, ours?.toString('utf8') ?? '', next.toString('utf8'), 'your file', label, { context: 3 }) };
}

/** The project's conflicts with a diff per way out: what the conflicts page shows, once per snapshot. */
export function conflictViews(s: Snapshot): ConflictView[] {
  return conflictOptions(s.change()).map((c) => {
    const ours = readProjectFile(s.root, c.path);
    const next = c.replace?.content;
    const merged = c.merge ? patch(c.path, ours, c.merge.content, c.merge.clean ? 'merged' : 'merged, with conflict markers') : null;
    return {
      path: c.path,
      agents: c.agents,
      reason: c.reason ?? 'edited',
      note: entryNote({ action: 'conflict', reason: c.reason }) ?? 'differs from what agent-team would write',
      theirs: patch(c.path, ours, next, 'new version'),
      keep: c.keep !== undefined,
      replace: c.replace !== undefined,
      merge: c.merge && merged ? { patch: merged.patch, clean: c.merge.clean, clashes: c.merge.clashes } : null,
    };
  });
}
