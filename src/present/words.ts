/**
 * Words shared by every front end (terminal and dashboard): what a plan entry means. Each edge
 * adds its own "how to fix" (a CLI flag, a button), never the other way round.
 */
export const ENTRY_NOTES: Record<string, string> = {
  'conflict:edited': 'edited since agent-team wrote it, so it is left as it is',
  'conflict:foreign': 'not written by agent-team, so it is left alone',
  'conflict:user-file': 'holds a value of yours, so agent-team leaves it alone',
  'conflict:merge-conflict': 'your edits and the new version change the same lines: your file stays, the new version is beside it (.agent-team-new)',
  'update:merged': 'edited since agent-team wrote it: the new version is merged into your edits',
  'update:merge-conflict': 'your edits and the new version change the same lines: conflict markers are written into it',
  'keep:customised': 'edited by you; kept, and later versions will be merged into it',
  'keep:edited': 'no longer needed, but edited since agent-team wrote it, so it stays as your file',
  'keep:user-file': 'already exists and is yours, so it is left as it is',
  'keep:unproven': 'no longer needed, but agent-team cannot prove it wrote it here, so it stays as your file',
};

export function entryNote(entry: { action: string; reason?: string }): string | undefined {
  return entry.reason ? ENTRY_NOTES[`${entry.action}:${entry.reason}`] : undefined;
}

/** `1 file`, `3 files`. */
export function count(n: number, word: string, plural = `${word}s`): string {
  return `${n} ${n === 1 ? word : plural}`;
}
