/** Exit codes of the CLI contract: 0 success, 1 failure, 2 usage error, 130 cancelled by the user. */
export type ExitCode = 1 | 2 | 130;

export interface ErrorDetails {
  /** Stable machine-readable code, e.g. `unknown-role`; each edge words its own hint from it. */
  code: string;
  exitCode?: ExitCode;
  /** What to do about it, in words that hold for any front end (no CLI flags, no commands). */
  hint?: string;
  /** Extra lines (e.g. every problem of a file). */
  details?: string[];
  /** Facts an edge needs to word its own hint (names, paths). */
  data?: Record<string, unknown>;
}

/** Every error the user can cause. It names the problem and maps to an exit code. */
export class AgentTeamError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly details: string[];
  readonly data: Record<string, unknown>;

  constructor(message: string, details: ErrorDetails) {
    super(message);
    this.name = 'AgentTeamError';
    this.code = details.code;
    this.exitCode = details.exitCode ?? 1;
    this.hint = details.hint;
    this.details = details.details ?? [];
    this.data = details.data ?? {};
  }
}

/** A bad argument or flag: exit code 2. */
export function usageError(code: string, message: string, hint?: string, details?: string[], data?: Record<string, unknown>): AgentTeamError {
  return new AgentTeamError(message, { code, exitCode: 2, hint, details, data });
}

/** A problem with the project or its files: exit code 1. */
export function failure(code: string, message: string, hint?: string, details?: string[], data?: Record<string, unknown>): AgentTeamError {
  return new AgentTeamError(message, { code, exitCode: 1, hint, details, data });
}

export function isAgentTeamError(err: unknown): err is AgentTeamError {
  return err instanceof AgentTeamError;
}

export function cancelled(): AgentTeamError {
  return new AgentTeamError('Cancelled: nothing was changed.', { code: 'cancelled', exitCode: 130 });
}

export function isNodeError(err: unknown, code?: string): err is NodeJS.ErrnoException {
  return err instanceof Error && 'code' in err && (code === undefined || (err as NodeJS.ErrnoException).code === code);
}
