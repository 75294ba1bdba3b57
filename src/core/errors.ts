/** Exit codes of the CLI contract: 0 success, 1 failure, 2 usage error, 130 cancelled by the user. */
export type ExitCode = 1 | 2 | 130;

export interface ErrorDetails {
  /** Stable machine-readable code, e.g. `unknown-role`. */
  code: string;
  exitCode?: ExitCode;
  /** What to do about it, in one sentence. */
  hint?: string;
  /** Extra lines (e.g. every problem of a file). */
  details?: string[];
}

/** Every error the user can cause. It names the problem and the fix, and maps to an exit code. */
export class AgentTeamError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly details: string[];

  constructor(message: string, details: ErrorDetails) {
    super(message);
    this.name = 'AgentTeamError';
    this.code = details.code;
    this.exitCode = details.exitCode ?? 1;
    this.hint = details.hint;
    this.details = details.details ?? [];
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, details: this.details.length ? this.details : undefined };
  }
}

/** A bad argument or flag: exit code 2. */
export function usageError(code: string, message: string, hint?: string, details?: string[]): AgentTeamError {
  return new AgentTeamError(message, { code, exitCode: 2, hint, details });
}

/** A problem with the project or its files: exit code 1. */
export function failure(code: string, message: string, hint?: string, details?: string[]): AgentTeamError {
  return new AgentTeamError(message, { code, exitCode: 1, hint, details });
}

/**
 * True for an AgentTeamError from any copy of this module: the CLI's bundles each carry their
 * own, so a class check would miss errors thrown by another bundle.
 */
export function isAgentTeamError(err: unknown): err is AgentTeamError {
  return err instanceof Error && err.name === 'AgentTeamError' && typeof (err as AgentTeamError).exitCode === 'number';
}

export function cancelled(): AgentTeamError {
  return new AgentTeamError('Cancelled: nothing was changed.', { code: 'cancelled', exitCode: 130 });
}

export function isNodeError(err: unknown, code?: string): err is NodeJS.ErrnoException {
  return err instanceof Error && 'code' in err && (code === undefined || (err as NodeJS.ErrnoException).code === code);
}
