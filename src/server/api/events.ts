import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ApiEnv } from '../env.js';

const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events: one `change` event whenever the project changed, whoever changed it; the
 * page then fetches what it shows again. The page reads the stream with fetch() so the token
 * travels in a header, as on every other /api request.
 */
export function eventRoutes(streams: Set<() => void>): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.get('/', (c) =>
    streamSSE(c, async (stream) => {
      const { watcher } = c.get('project');
      const send = (version: number) => void stream.writeSSE({ event: 'change', data: JSON.stringify({ version }) }).catch(() => undefined);
      watcher.on('change', send);
      const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => undefined), HEARTBEAT_MS);
      await stream.writeSSE({ event: 'hello', data: JSON.stringify({ version: watcher.version }) });
      await new Promise<void>((resolve) => {
        streams.add(resolve);
        stream.onAbort(resolve);
      });
      clearInterval(heartbeat);
      watcher.off('change', send);
    }),
  );
  return api;
}
