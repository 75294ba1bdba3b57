import type { ApiError, ChangeAction, ChangeResponse } from '../server/types.js';

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

async function handle<T>(res: Response): Promise<T> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiFailure(res.status, 'bad-response', `The dashboard answered ${res.status} without JSON.`);
  }
  if (!res.ok || (body as { ok?: boolean }).ok === false) {
    const e = (body as ApiError).error ?? { code: 'unknown', message: `HTTP ${res.status}` };
    throw new ApiFailure(res.status, e.code, e.message, e.hint, e.details ?? []);
  }
  return body as T;
}

export async function get<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: headers(), cache: 'no-store' });
  } catch {
    throw new ApiFailure(0, 'offline', 'The dashboard server does not answer.', 'Is `agent-team ui` still running? Start it again and open the new URL.');
  }
  return handle<T>(res);
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(body) });
  } catch {
    throw new ApiFailure(0, 'offline', 'The dashboard server does not answer.', 'Is `agent-team ui` still running?');
  }
  return handle<T>(res);
}

export interface ChangeRequest {
  action: ChangeAction;
  input: unknown;
}

export const plan = (req: ChangeRequest) => post<ChangeResponse>('/api/plan', req);
export const apply = (req: ChangeRequest, planDigest: string) => post<ChangeResponse>('/api/apply', { ...req, planDigest });

/**
 * Follows /api/events and calls `onChange` when the project changed. Read with fetch rather
 * than EventSource, which cannot send the token header. Reconnects after a pause.
 */
export function followChanges(onChange: () => void, onStatus: (live: boolean) => void): () => void {
  let stopped = false;
  let controller: AbortController | undefined;
  const connect = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch('/api/events', { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        onStatus(true);
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
      onStatus(false);
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  void connect();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
