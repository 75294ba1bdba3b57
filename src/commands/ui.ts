import { resolve } from 'node:path';
import { write } from '../cli/stdio.js';
import type { Context } from '../cli/context.js';
import { usageError } from '../core/errors.js';

interface UiOptions {
  port?: string;
  /** --root <folder>: every team below it. */
  root?: string;
  /** false with --no-open */
  open?: boolean;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port > 65535) {
    throw usageError('invalid-port', `Invalid --port "${value}": expected a number from 1 to 65535.`, 'Leave --port out to use a free port.');
  }
  return port;
}

/**
 * `agent-team ui`: the server and the page load only here, so other commands stay fast. It runs
 * until Ctrl-C (SIGINT) or SIGTERM, then closes the server and exits 0.
 */
export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const options = opts as UiOptions;
  const port = parsePort(options.port);
  // Listen for Ctrl-C before anything is printed: whoever reads the URL may stop us right away.
  // The listeners stay until the process ends: the lockfile library's exit hook (signal-exit)
  // re-raises a signal that nobody else listens to, which would kill us mid-close.
  let stopping = false;
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      if (stopping) process.exit(130); // a second Ctrl-C: stop waiting for connections to close
      stopping = true;
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const { startDashboard } = await import('../server/start.js');
  const { hasDisplay, openBrowser } = await import('../server/open.js');
  const dashboard = await startDashboard({ cwd: ctx.cwd, port, root: options.root === undefined ? undefined : resolve(ctx.cwd, options.root) });

  if (ctx.json) write(1, `${JSON.stringify({ url: dashboard.url, port: dashboard.port, token: dashboard.token })}\n`);
  else {
    const s = ctx.out.style;
    ctx.out.line(options.root === undefined ? `agent-team dashboard for ${dashboard.root}` : `agent-team dashboard for ${dashboard.projects} ${dashboard.projects === 1 ? 'team' : 'teams'} below ${dashboard.root}`);
    ctx.out.line(`  ${s.bold(dashboard.url)}`);
    ctx.out.line(s.dim('The token in the URL is new each run; changes need it. Press Ctrl-C to stop.'));
  }

  if (options.open !== false) {
    if (hasDisplay()) openBrowser(dashboard.url);
    else if (!ctx.json) ctx.out.line(ctx.out.style.dim('No display found, so no browser was opened: open the URL above.'));
  }

  await stopped;
  await dashboard.close();
  if (!ctx.json) ctx.out.line('Dashboard stopped.');
  process.exitCode = 0;
}
