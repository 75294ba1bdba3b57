import type { ApiError, ChangeAction, ChangeResponse } from '../server/types.js';
import { currentProject } from './router.js';

/**
 * Talks to the dashboard's /api. The token arrives once in the address bar (?token=...); it is
 * kept in sessionStorage for this tab, taken out of the address bar (so it is not bookmarked or
 * shared by accident) and sent in a header on every request.
 */
const TOKEN_KEY = 'agent-team-token';
const TOKEN_HEADER = 'X-Agent-Team-Token';

export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/**
 * Whether the server is there: `live` while the event stream is open, `offline` while nothing
 * answers, `restarted` once a server answers that does not know this tab's token (a dashboard
 * started again has a new one, so only its new URL works).
 */
export type Connection = 'connecting' | 'live' | 'offline' | 'restarted';

let connection: Connection = 'connecting';
const listeners = new Set<(c: Connection) => void>();

function setConnection(next: Connection): void {
  // Once restarted, this tab stays so: its token will never work again.
  if (connection === next || connection === 'restarted') return;
  connection = next;
  for (const l of listeners) l(next);
}

export function onConnection(listener: (c: Connection) => void): () => void {
  listeners.add(listener);
  listener(connection);
  return () => listeners.delete(listener);
}

export const OFFLINE_MESSAGE = 'The dashboard server does not answer.';
export const OFFLINE_HINT = 'Is `agent-team ui` still running? Changes are turned off until it answers again; this page keeps trying.';
export const RESTARTED_MESSAGE = 'The dashboard was restarted, so this tab’s token no longer works.';
export const RESTARTED_HINT = 'Open the new address that `agent-team ui` printed when it started again (it ends in ?token=…): the token is new each run.';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { [TOKEN_HEADER]: sessionStorage.getItem(TOKEN_KEY) ?? '', Accept: 'application/json', ...extra };
}

/** The API path for the project this tab shows. */
export function apiPath(path: string): string {
  const project = currentProject();
  if (project === null) return path;
  return `${path}${path.includes('?') ? '&' : '?'}project=${encodeURIComponent(project)}`;
}

async function handle<T>(res: Response): Promise<T> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiFailure(res.status, 'bad-response', `The dashboard answered ${res.status} without JSON.`);
  }
  if (!res.ok || (body as { ok?: boolean }).ok === false) {
    const e = (body as ApiError).error ?? { code: 'unknown', message: `HTTP ${res.status}` };
    if (res.status === 401 && e.code === 'bad-token') {
      setConnection('restarted');
      throw new ApiFailure(401, 'bad-token', RESTARTED_MESSAGE, RESTARTED_HINT);
    }
    throw new ApiFailure(res.status, e.code, e.message, e.hint, e.details ?? []);
  }
  return body as T;
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(apiPath(path), init);
  } catch {
    setConnection('offline');
    throw new ApiFailure(0, 'offline', OFFLINE_MESSAGE, OFFLINE_HINT);
  }
}

export async function get<T>(path: string): Promise<T> {
  return handle<T>(await send(path, { headers: headers(), cache: 'no-store' }));
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  return handle<T>(await send(path, { method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(body) }));
}

export interface ChangeRequest {
  action: ChangeAction;
  input: unknown;
}

export const plan = (req: ChangeRequest) => post<ChangeResponse>('/api/plan', req);
export const apply = (req: ChangeRequest, planDigest: string) => post<ChangeResponse>('/api/apply', { ...req, planDigest });

const RETRY_MS = 1500;

/**
 * Follows /api/events for the project this tab shows and calls `onChange` when it changed.
 * Read with fetch rather than EventSource, which cannot send the token header. Reconnects
 * after a pause; a server that refuses the token ends it (see Connection).
 */
export function followChanges(onChange: () => void): () => void {
  let stopped = false;
  let controller: AbortController | undefined;
  let wasOffline = false;
  const connect = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch(apiPath('/api/events'), { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal });
        if (res.status === 401) {
          setConnection('restarted');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        setConnection('live');
        // Whatever changed while the server was away is fetched again.
        if (wasOffline) onChange();
        wasOffline = false;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (/^event: change$/m.test(message)) onChange();
          }
        }
      } catch {
        // fall through to the pause and reconnect
      }
      if (stopped) return;
      wasOffline = true;
      setConnection('offline');
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  };
  void connect();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
