import { writeFileSync } from 'node:fs';
import { write } from '../cli/stdio.js';
import { resolve } from 'node:path';
import type { Context } from '../cli/context.js';
import { failure, usageError } from '../core/errors.js';
import { toSarif, type Trust } from '../core/scan/index.js';
import { checkAllow } from '../core/sources/check.js';
import { defaultScanTarget, scanPath } from '../core/sources/scan-path.js';
import { VERSION } from '../core/version.js';
import { scanLines } from '../present/scan.js';

/** `scan [path]`: exit 1 when a skill has findings that block at the given trust level. */
export async function run(ctx: Context, opts: Record<string, unknown>, args: unknown[]): Promise<void> {
  const trust = (opts.trust as Trust | undefined) ?? 'untrusted';
  const allow = checkAllow((opts.allow as string[] | undefined) ?? []);
  const sarif = opts.sarif as string | boolean | undefined;
  if (sarif === true && ctx.json) throw usageError('conflicting-input', '--json and --sarif without a file would both write to stdout.', 'Give --sarif a file name, or drop --json.');
  const path = args[0] === undefined ? defaultScanTarget(ctx.cwd) : resolve(ctx.cwd, args[0] as string);
  const scan = scanPath(path, trust, allow);
  if (sarif !== undefined) {
    const document = `${JSON.stringify(toSarif(scan.reports, VERSION, { baseDir: resolve(ctx.cwd) }), null, 2)}\n`;
    if (typeof sarif !== 'string') write(1, document);
    else {
      try {
        writeFileSync(resolve(ctx.cwd, sarif), document);
      } catch (err) {
        throw failure('write-failed', `Cannot write ${sarif}: ${(err as Error).message}.`, 'Give a file in a folder you can write.');
      }
    }
  }
  const blocking = scan.reports.filter((r) => r.blocks).length;
  if (sarif !== true) {
    ctx.out.result(
      { command: 'scan', target: scan.target, what: scan.what, trust, blocked: blocking, sarif: typeof sarif === 'string' ? resolve(ctx.cwd, sarif) : null, reports: scan.reports },
      () => scanLines(ctx.out.style, scan, trust, resolve(ctx.cwd)),
    );
  } else for (const line of scanLines(ctx.out.style, scan, trust, resolve(ctx.cwd))) write(2, `${line}\n`);
  if (blocking > 0) process.exitCode = 1;
}
