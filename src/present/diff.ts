import { createTwoFilesPatch } from 'diff';
import type { PlanEntry } from '../core/plan/plan.js';
import { UPSTREAM_SUFFIX } from '../core/plan/plan.js';
import type { Style } from './style.js';

const MAX_DIFF_BYTES = 256 * 1024;

function isText(data: Buffer | undefined): boolean {
  return data === undefined || !data.includes(0);
}

/**
 * What a plan changes, as unified diffs: the file on disk against what would be written. A
 * clash is shown against the new version written beside the user's file.
 */
export function unifiedDiffs(entries: PlanEntry[], disk: (path: string) => Buffer | undefined): Array<{ path: string; patch: string }> {
  const out: Array<{ path: string; patch: string }> = [];
  const upstream = new Map(entries.filter((e) => e.kind === 'upstream').map((e) => [e.path.slice(0, -UPSTREAM_SUFFIX.length), e.content]));
  for (const e of entries) {
    if (e.kind === 'upstream' || e.kind === 'team') continue;
    const next = e.action === 'delete' ? Buffer.alloc(0) : e.content ?? (e.action === 'conflict' ? upstream.get(e.path) : undefined);
    if (next === undefined && e.action !== 'delete') continue;
    const current = disk(e.path);
    if (!isText(current) || !isText(next) || (current?.length ?? 0) + (next?.length ?? 0) > MAX_DIFF_BYTES) {
      out.push({ path: e.path, patch: `(${e.path}: binary or too large to show)\n` });
      continue;
    }
    const before = current?.toString('utf8') ?? '';
    const after = next?.toString('utf8') ?? '';
    if (before === after) continue;
    const label = e.action === 'conflict' ? 'new version (not applied)' : e.action === 'delete' ? 'deleted' : 'new';
    out.push({ path: e.path, patch: createTwoFilesPatch(current ? `a/${e.path}` : '/dev/null', `b/${e.path}`, before, after, current ? 'on disk' : '', label, { context: 3 }) });
  }
  return out;
}

export function diffLines(s: Style, entries: PlanEntry[], disk: (path: string) => Buffer | undefined): string[] {
  return unifiedDiffs(entries, disk).flatMap(({ patch }) =>
    patch
      .split('\n')
      .filter((line, i, all) => !(i === all.length - 1 && line === '') && !/^=+$/.test(line))
      .map((line) => (line.startsWith('+') && !line.startsWith('+++') ? s.green(line) : line.startsWith('-') && !line.startsWith('---') ? s.red(line) : line.startsWith('@@') ? s.cyan(line) : line)),
  );
}
