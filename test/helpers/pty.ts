import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import { spawn, type IPty } from 'node-pty';
import { afterEach } from 'vitest';
import { BIN, ROOT } from './cli.js';

/**
 * Runs the built CLI in a real pseudo-terminal and keeps what a user would see: the byte
 * stream goes through a headless xterm, so `screen()` is the rendered text, after cursor
 * moves and redraws. Every wait has a deadline and fails with the screen in the message.
 */
export const KEY = {
  up: '\x1b[A',
  down: '\x1b[B',
  enter: '\r',
  space: ' ',
  backspace: '\x7f',
  ctrlC: '\x03',
  esc: '\x1b',
} as const;

const SCREENS = join(ROOT, 'test-output', 'screens');
const COLS = 110;
const ROWS = 50;
const running = new Set<IPty>();

afterEach(() => {
  for (const pty of running) pty.kill();
  running.clear();
});

function slug(what: string | RegExp): string {
  const text = typeof what === 'string' ? what : what.source.replace(/\\[a-z]/gi, ' ');
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'screen';
}

export interface PtyOptions {
  cwd: string;
  /** The folder its screens are written to: test-output/screens/<flow>/. */
  flow: string;
  library?: string;
  env?: Record<string, string>;
}

export interface PtySession {
  /** The visible screen, trailing blanks trimmed. */
  screen(): Promise<string>;
  /**
   * Waits until the screen shows `what`, keeps that screen as test-output/screens/<flow>/<nn>-<step>.txt
   * (`step` defaults to what was waited for) and returns it.
   */
  waitFor(what: string | RegExp, options?: { step?: string; timeoutMs?: number }): Promise<string>;
  /** Sends keys (see KEY) or text, as typed. */
  press(...keys: string[]): void;
  /** Writes the current screen to test-output/screens/<flow>/<nn>-<step>.txt. */
  capture(step: string): Promise<string>;
  /** Waits for the process to end and returns its exit code. */
  exit(timeoutMs?: number): Promise<number>;
  /** Everything the program wrote, escape codes included. */
  output(): string;
}

export function startCli(args: string[], options: PtyOptions): PtySession {
  const term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  // A CI runner's CI=true would turn prompts off, and colour settings of the test run would
  // change what is drawn: this is a person at a colour terminal, unless the test says otherwise.
  delete env.CI;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.AGENT_TEAM_LIBRARY;
  if (options.library) env.AGENT_TEAM_LIBRARY = options.library;
  Object.assign(env, options.env);
  const pty = spawn(process.execPath, [BIN, ...args], { name: 'xterm-256color', cols: COLS, rows: ROWS, cwd: options.cwd, env });
  running.add(pty);
  let raw = '';
  let pending = Promise.resolve();
  let exited: number | undefined;
  const exitWaiters: Array<(code: number) => void> = [];
  pty.onData((data) => {
    raw += data;
    pending = pending.then(() => new Promise<void>((done) => term.write(data, done)));
  });
  pty.onExit(({ exitCode }) => {
    exited = exitCode;
    running.delete(pty);
    for (const waiter of exitWaiters) waiter(exitCode);
  });

  const dir = join(SCREENS, options.flow);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let shot = 0;

  const keep = (step: string, text: string): string => {
    shot += 1;
    writeFileSync(join(dir, `${String(shot).padStart(2, '0')}-${step}.txt`), text);
    return text;
  };

  const screen = async (): Promise<string> => {
    await pending;
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let y = buffer.viewportY; y < buffer.viewportY + ROWS; y += 1) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
    return lines.join('\n').replace(/\n+$/, '\n');
  };

  const session: PtySession = {
    screen,
    async waitFor(what, { step, timeoutMs = 15_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = await screen();
        if (typeof what === 'string' ? text.includes(what) : what.test(text)) return keep(step ?? slug(what), text);
        if (Date.now() > deadline || exited !== undefined) {
          const why = exited !== undefined ? `the program exited with ${exited}` : `${timeoutMs} ms passed`;
          throw new Error(`Waited for ${String(what)} but ${why}. Screen:\n${text}`);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    press(...keys) {
      for (const key of keys) pty.write(key);
    },
    async capture(step) {
      return keep(step, await screen());
    },
    exit(timeoutMs = 15_000) {
      if (exited !== undefined) return pending.then(() => exited!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(async () => {
          pty.kill();
          reject(new Error(`The program did not exit within ${timeoutMs} ms. Screen:\n${await screen()}`));
        }, timeoutMs);
        exitWaiters.push((code) => {
          clearTimeout(timer);
          void pending.then(() => resolve(code));
        });
      });
    },
    output: () => raw,
  };
  return session;
}
