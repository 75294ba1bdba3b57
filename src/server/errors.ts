import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AgentTeamError } from '../core/errors.js';
import type { ApiError } from './types.js';

/** An error the dashboard itself raises about a request: it carries its HTTP status. */
export class HttpError extends AgentTeamError {
  constructor(
    readonly status: ContentfulStatusCode,
    code: string,
    message: string,
    hint?: string,
  ) {
    super(message, { code, exitCode: status < 500 ? 2 : 1, hint });
  }
}

const CONFLICTS = new Set(['plan-changed', 'library-changed', 'agent-exists', 'agent-file-exists', 'not-initialised', 'nothing-to-undo', 'undo-is-uninstall']);

/**
 * The engine's errors mapped onto HTTP: a bad input (the CLI's exit code 2) is 400, a name that
 * is not there is 404, a plan that went stale or a clash with the project's state is 409, a
 * project that cannot take the change (invalid team, catalog problems) is 422.
 */
export function statusOf(err: AgentTeamError): ContentfulStatusCode {
  if (err instanceof HttpError) return err.status;
  if (err.code === 'busy') return 503;
  if (CONFLICTS.has(err.code)) return 409;
  if (err.exitCode === 2) return 400;
  if (err.code.startsWith('unknown-')) return 404;
  return 422;
}

/** The engine's error in the dashboard's words: the hint is the engine's own, free of CLI flags. */
export function errorBody(err: AgentTeamError): ApiError {
  return { ok: false, error: { code: err.code, message: err.message, hint: err.hint, details: err.details.length ? err.details : undefined } };
}

export function errorResponse(c: Context, err: unknown): Response {
  if (err instanceof AgentTeamError) return c.json(errorBody(err), statusOf(err));
  if (process.env.AGENT_TEAM_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  const internal = new AgentTeamError(`Unexpected error: ${(err as Error)?.message ?? String(err)}`, {
    code: 'internal',
    hint: 'This is a bug in agent-team; please report it. Set AGENT_TEAM_DEBUG=1 for the stack trace.',
  });
  return c.json(errorBody(internal), 500);
}
