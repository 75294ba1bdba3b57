import type { VersionDrift } from '../core/detect/drift.js';
import type { SyncOutcome } from '../core/operations/sync.js';
import { CLI, type Style } from './style.js';

/** The note plain `sync` prints when the project moved to another major than the team records. */
export function versionDriftLines(s: Style, drift: VersionDrift[]): string[] {
  if (drift.length === 0) return [];
  return [
    s.yellow('The project moved to another major than the team file records:'),
    ...drift.map((d) => `  ${d.agent}: ${d.title} ${d.recorded} recorded, ${d.found} in ${d.file}`),
    s.dim(`  Agents keep the conventions of the recorded major until \`${CLI} sync --versions\` records the new one.`),
  ];
}

/** What `sync --versions` wrote into the team file. */
export function versionsRecordedLines(s: Style, recorded: SyncOutcome['versionsRecorded'], dryRun: boolean): string[] {
  if (recorded.length === 0) return [s.dim('The team file already records the majors the project uses.')];
  return [
    s.bold(`${dryRun ? 'Would record' : 'Recorded'} the majors in use:`),
    ...recorded.map((r) => `  ${r.agent}: ${r.value} ${r.from === undefined ? '' : `${r.from} -> `}${r.to} (${r.file})`),
  ];
}
