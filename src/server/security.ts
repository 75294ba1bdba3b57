import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorResponse, HttpError } from './errors.js';

/**
 * The dashboard's defences, in the order a request meets them. It listens on 127.0.0.1 only;
 * on top of that:
 * - Host must name the loopback address and our port, so a web page whose DNS name was rebound
 *   to 127.0.0.1 cannot talk to us (its requests carry its own name as Host);
 * - every /api request carries the per-run token in a header: other local users and other
 *   browser tabs do not know it, and a custom header cannot be sent cross-origin without a CORS
 *   preflight that we never grant;
 * - a request that changes something must say where it comes from (Origin) and that must be us;
 * - request bodies are JSON and small.
 */
export const TOKEN_HEADER = 'x-agent-team-token';
export const MAX_BODY_BYTES = 64 * 1024;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Checks a given token against the run's one in constant time. Only the length is compared
 * first, and that is no secret (every token is 43 characters); the bytes of the expected token
 * are made once, not per request.
 */
export function tokenChecker(expected: string): (given: string | undefined) => boolean {
  const want = Buffer.from(expected, 'utf8');
  return (given) => {
    if (given === undefined || Buffer.byteLength(given, 'utf8') !== want.length) return false;
    return timingSafeEqual(Buffer.from(given, 'utf8'), want);
  };
}

export interface Listening {
  /** Known once the server listens; requests cannot arrive before. */
  port: number;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** The headers every response carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

/** What /api answers carry on top: nothing of a project's state is kept by the browser. */
export const API_HEADERS: Readonly<Record<string, string>> = Object.freeze({ ...SECURITY_HEADERS, 'Cache-Control': 'no-store' });

/**
 * Sets the headers before the handler runs, so they go into the response it makes. Setting them
 * after `await next()` made hono copy every finished response once per header. A handler that
 * answers with a prepared body (cached.ts) brings the same headers in its own frozen object.
 */
export function securityHeaders(headers: Readonly<Record<string, string>>): MiddlewareHandler {
  const entries = Object.entries(headers);
  return (c, next) => {
    for (const [name, value] of entries) c.header(name, value);
    return next();
  };
}

export function checkHost(listening: Listening): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    if (!host || !allowedHosts(listening.port).includes(host.toLowerCase())) {
      return errorResponse(c, new HttpError(403, 'bad-host', `Refused: the Host header ${host ? `"${host}"` : '(none)'} is not this dashboard.`, `Open http://127.0.0.1:${listening.port}/ instead.`));
    }
    return next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Token, Origin and body rules for /api. */
export function guardApi(token: string): MiddlewareHandler {
  const sameToken = tokenChecker(token);
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      errorResponse(c, new HttpError(413, 'body-too-large', `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`, 'Send a smaller change.')),
  });
  return async (c, next) => {
    if (!sameToken(c.req.header(TOKEN_HEADER))) {
      return errorResponse(c, new HttpError(401, 'bad-token', 'Refused: this request does not carry the dashboard token.', 'Open the URL that `agent-team ui` printed, with its ?token=...'));
    }
    const origin = c.req.header('origin');
    const sameOrigin = origin !== undefined && origin === `http://${c.req.header('host')?.toLowerCase()}`;
    const changes = !SAFE_METHODS.has(c.req.method);
    // Reads may come without an Origin (browsers omit it on same-origin GETs); a foreign one never passes.
    if ((origin !== undefined || changes) && !sameOrigin) {
      return errorResponse(c, new HttpError(403, 'bad-origin', `Refused: ${origin ? `requests from ${origin}` : 'a change without an Origin header'} cannot change this project.`, 'Use the dashboard page itself.'));
    }
    if (!changes) return next();
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      return errorResponse(c, new HttpError(415, 'unsupported-media-type', 'Changes must be sent as application/json.', 'Set Content-Type: application/json.'));
    }
    return limit(c, next);
  };
}

/** The JSON body of a change request; the caller validates its shape. */
export async function jsonBody(req: { text(): Promise<string> }): Promise<unknown> {
  const text = await req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid-json', 'The request body is not valid JSON.', 'Send a JSON object.');
  }
}
