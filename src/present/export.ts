import { CLI, type Style } from './style.js';
import { count } from './words.js';

export interface ExportSummaryView {
  kind: 'plugin' | 'agents-md';
  name?: string;
  agents: number;
  skills?: number;
  dropped?: Array<{ agent: string; keys: string[] }>;
}

export function exportLines(s: Style, dir: string, files: ReadonlyArray<{ path: string }>, summary: ExportSummaryView, dryRun: boolean, overwritten: string[], force: boolean): string[] {
  const lines: string[] = [];
  if (summary.kind === 'plugin') {
    lines.push(s.bold(`${dryRun ? 'Would write' : 'Wrote'} plugin ${summary.name} to ${dir}: ${count(summary.agents, 'agent')}, ${count(summary.skills ?? 0, 'skill')}, ${count(files.length, 'file')}.`));
    const keys = [...new Set((summary.dropped ?? []).flatMap((d) => d.keys))];
    if (keys.length) lines.push(s.yellow(`Left out of the plugin's agents (plugin agents do not support them): ${keys.join(', ')}.`));
    lines.push(s.dim('Not in the plugin: the team rules, the CLAUDE.md team section and the memory files (a plugin cannot carry them).'));
    if (!dryRun) lines.push(`Try it with ${s.cyan(`claude --plugin-dir ${dir}`)}; push the folder to a repository to publish it as a marketplace (see its README.md).`);
  } else {
    lines.push(s.bold(`${dryRun ? 'Would write' : 'Wrote'} ${files[0]?.path} in ${dir}: the team of ${count(summary.agents, 'agent')} for other coding agents.`));
    if (!dryRun) lines.push(s.dim(`Write it again after the team changes: ${CLI} export agents-md --force.`));
  }
  if (overwritten.length) lines.push(dryRun && !force ? s.yellow(`${count(overwritten.length, 'file exists', 'files exist')} and would need --force.`) : s.dim(`Overwrote ${count(overwritten.length, 'file')}.`));
  if (dryRun) lines.push(s.dim('Dry run: nothing was written.'));
  return lines;
}
