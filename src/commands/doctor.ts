import type { Context } from '../cli/context.js';
import { listingView, problems, takeSnapshot } from '../core/views/index.js';
import { cliFindings, doctorLines } from '../present/doctor.js';

export async function run(ctx: Context): Promise<void> {
  const snapshot = takeSnapshot(ctx.cwd);
  const findings = cliFindings(problems(snapshot));
  const errors = findings.filter((f) => f.level === 'error').length;
  const listing = listingView(snapshot.root);
  ctx.out.result({ command: 'doctor', root: snapshot.root, healthy: errors === 0, errors, warnings: findings.length - errors, findings, listing }, () => doctorLines(ctx.out.style, findings, listing));
  if (errors > 0) process.exitCode = 1;
}
