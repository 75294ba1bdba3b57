import { relative } from 'node:path';
import type { PathScan } from '../core/sources/scan-path.js';
import type { Severity } from '../core/scan/index.js';
import { findingLines } from './sources.js';
import { type Style } from './style.js';
import { count } from './words.js';

/** The scan report a terminal shows: each skill with findings above low, then the totals. */
export function scanLines(s: Style, scan: PathScan, trust: string, cwd: string): string[] {
  const lines: string[] = [];
  const totals: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const report of scan.reports) {
    for (const f of report.findings) totals[f.severity] += 1;
    const shown = report.findings.filter((f) => f.severity !== 'low');
    if (shown.length === 0) continue;
    const where = relative(cwd, report.dir) || '.';
    lines.push(`${report.blocks ? s.red('✗') : s.yellow('!')} ${s.bold(report.skill)} ${s.dim(where)}${report.blocks ? s.red(` blocks at trust ${trust}`) : ''}`);
    lines.push(...findingLines(s, shown.map((f) => ({ ...f, file: `${where}/${f.file}`.replace(/\/\.$/, '') }))));
  }
  const blocking = scan.reports.filter((r) => r.blocks).length;
  lines.push(
    `${count(scan.reports.length, 'skill')} scanned: ${totals.high} high, ${totals.medium} medium, ${totals.low} low${totals.low ? ' (low findings are listed with --json or --sarif)' : ''}.`,
    blocking ? s.red(`${count(blocking, 'skill blocks', 'skills block')} at trust ${trust}.`) : s.green(`Nothing blocks at trust ${trust}.`),
  );
  return lines;
}
