import { createHash } from 'node:crypto';
import { takeSnapshot, type Snapshot } from '../core/views/index.js';
import { API_HEADERS } from './security.js';
import type { ProjectWatcher } from './watch.js';

/** A JSON answer made once per snapshot: its bytes, its ETag and the frozen headers it is sent with. */
export interface PreparedBody {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  headers: Readonly<Record<string, string>>;
  /** For a 304: the same headers without a body's. */
  notModified: Readonly<Record<string, string>>;
}

export function prepareJson(value: unknown): PreparedBody {
  const text = Buffer.from(JSON.stringify(value), 'utf8');
  const body = new Uint8Array(text.buffer.slice(text.byteOffset, text.byteOffset + text.byteLength));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const common = { ...API_HEADERS, ETag: etag };
  return {
    body,
    etag,
    headers: Object.freeze({ ...common, 'Content-Type': 'application/json', 'Content-Length': String(body.byteLength) }),
    notModified: Object.freeze(common),
  };
}

/**
 * The project as the dashboard shows it: one snapshot of the read side (core/views), taken again
 * only when the watcher reports a change (its version moves), so requests in between touch no
 * file at all. Errors are kept too: an invalid team file answers every request with the same
 * error until it is fixed.
 */
export class ProjectView {
  private version = -1;
  private current?: Snapshot;

  constructor(
    readonly root: string,
    private readonly watcher: ProjectWatcher,
  ) {}

  snapshot(): Snapshot {
    if (!this.current || this.version !== this.watcher.version) {
      const version = this.watcher.version;
      // Forgotten first: a project that cannot be read now (no team file) is not answered from an old snapshot.
      this.current = undefined;
      this.current = takeSnapshot(this.root);
      this.version = version;
    }
    return this.current;
  }

  /** A value derived from the current snapshot, computed once per snapshot. */
  cached<T>(name: string, compute: (s: Snapshot) => T): T {
    const s = this.snapshot();
    return s.memo(`server:${name}`, () => compute(s));
  }

  /** A JSON body derived from the current snapshot, serialised once per snapshot. */
  json(name: string, compute: (s: Snapshot) => unknown): PreparedBody {
    return this.cached(`json:${name}`, (s) => prepareJson(compute(s)));
  }

  /** Forget everything now, e.g. right after the dashboard applied a change. */
  invalidate(): void {
    this.current = undefined;
  }
}

/**
 * Answers with a prepared body as it is: no serialising, no header copying; a browser that has
 * it already (If-None-Match) gets a 304.
 */
export function sendPrepared(ifNoneMatch: string | undefined, prepared: PreparedBody): Response {
  if (ifNoneMatch === prepared.etag) return new Response(null, { status: 304, headers: prepared.notModified });
  return new Response(prepared.body, { status: 200, headers: prepared.headers });
}
