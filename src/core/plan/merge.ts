import { diff3Merge } from 'node-diff3';

/**
 * The three-way merge of a generated file: `base` is what agent-team last wrote, `ours` the file
 * on disk (the user's edits), `theirs` the new render. Lines both sides changed the same way merge
 * as one; lines only one side changed take that side; overlapping different changes are a conflict.
 */
export interface MergeResult {
  clean: boolean;
  /** The merged text; with conflicts, the conflicting regions carry git-style markers. */
  text: string;
  conflicts: number;
}

const MAX_MERGE_BYTES = 2 * 1024 * 1024;

function lines(text: string): string[] {
  return text.replace(/\r\n/g, '\n').split('\n');
}

export function mergeText(base: string, ours: string, theirs: string): MergeResult | undefined {
  // diff3 is quadratic in the worst case; generated files are small, anything larger is not merged.
  if (base.length + ours.length + theirs.length > MAX_MERGE_BYTES) return undefined;
  if (ours === theirs) return { clean: true, text: ours, conflicts: 0 };
  const regions = diff3Merge(lines(ours), lines(base), lines(theirs), { excludeFalseConflicts: true });
  const out: string[] = [];
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok) out.push(...region.ok);
    else if (region.conflict) {
      conflicts += 1;
      out.push('<<<<<<< yours', ...region.conflict.a, '||||||| agent-team before', ...region.conflict.o, '=======', ...region.conflict.b, '>>>>>>> agent-team now');
    }
  }
  return { clean: conflicts === 0, text: out.join('\n'), conflicts };
}

/** Binary files and files with NUL bytes are never merged. */
export function isText(data: Buffer): boolean {
  return !data.includes(0);
}
