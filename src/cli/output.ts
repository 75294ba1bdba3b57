import type { AgentTeamError } from '../core/errors.js';
import { errorJson, errorLines } from '../present/errors.js';
import { PLAIN, type Style } from '../present/style.js';
import { isTerminal, write } from './stdio.js';

export type { Style };

/** chalk loads only when colour is really wanted: JSON, pipes and CI runs never pay for it. */
export async function loadStyle(color: boolean): Promise<Style> {
  if (!color) return PLAIN;
  const { default: chalk, Chalk } = await import('chalk');
  return chalk.level > 0 ? chalk : new Chalk({ level: 1 });
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Where a command's words go. With --json, stdout carries exactly one JSON document and
 * everything else (progress, warnings) goes to stderr, uncoloured.
 */
export class Output {
  constructor(
    readonly json: boolean,
    readonly style: Style = PLAIN,
  ) {}

  /** A human line: stdout normally, stderr in JSON mode. */
  line(text = ''): void {
    write(this.json ? 2 : 1, `${text}\n`);
  }

  warn(text: string): void {
    write(2, `${this.style.yellow('warning:')} ${text}\n`);
  }

  /** The command's result: the JSON document in JSON mode, the human lines otherwise. */
  result(data: Record<string, unknown>, human: () => string[]): void {
    if (this.json) write(1, `${JSON.stringify({ ok: true, ...data }, null, 2)}\n`);
    else for (const l of human()) this.line(l);
  }

  /**
   * Runs `work` under a status line on stderr, erased when it ends. Only on a terminal and never
   * with --json, so pipes, logs and CI output carry no spinner bytes.
   */
  async during<T>(text: string, work: () => T | Promise<T>): Promise<T> {
    if (this.json || !isTerminal(2)) return work();
    let frame = 0;
    const draw = () => write(2, `\r${this.style.cyan(SPINNER[frame++ % SPINNER.length]!)} ${text}\x1b[K`);
    draw();
    const timer = setInterval(draw, 80);
    timer.unref();
    try {
      return await work();
    } finally {
      clearInterval(timer);
      write(2, '\r\x1b[2K');
    }
  }

  error(err: AgentTeamError): void {
    if (this.json) write(1, `${JSON.stringify({ ok: false, error: errorJson(err) }, null, 2)}\n`);
    else for (const line of errorLines(err, this.style)) write(2, `${line}\n`);
  }
}

export function colorWanted(flag: boolean | undefined): boolean {
  if (flag === false || process.env.NO_COLOR !== undefined) return false;
  return isTerminal(1) || process.env.FORCE_COLOR !== undefined;
}
