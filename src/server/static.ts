import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { failure } from '../core/errors.js';
import { packageRoot } from '../core/library/package.js';

/**
 * The page and its two files, all from the package itself: nothing from a CDN, works offline.
 * The URL never names a file on disk: only the fixed names below are served.
 */
interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>agent-team dashboard</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/app.js"></script>
</head>
<body>
<div id="app"><noscript>The agent-team dashboard needs JavaScript.</noscript></div>
</body>
</html>
`;

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#3558d6"/><circle cx="11" cy="13" r="4" fill="#fff"/><circle cx="21" cy="13" r="4" fill="#fff"/><rect x="6" y="20" width="20" height="5" rx="2.5" fill="#fff"/></svg>`;

function asset(body: Buffer | string, type: string): Asset {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return { body: buf, type, etag: `"${createHash('sha256').update(buf).digest('base64url').slice(0, 27)}"` };
}

/** The built browser bundle sits next to the CLI's chunks (dist/ui/), wherever the CLI was built to. */
function bundleDir(): string {
  const candidates = [fileURLToPath(new URL('./ui/', import.meta.url)), join(packageRoot(), 'dist', 'ui')];
  const found = candidates.find((dir) => existsSync(join(dir, 'app.js')) && existsSync(join(dir, 'app.css')));
  if (!found) throw failure('ui-not-built', 'The dashboard files (dist/ui/app.js, app.css) are missing from this installation.', 'Reinstall agent-team, or run `npm run build` in a checkout.');
  return found;
}

export function loadAssets(): Record<string, Asset> {
  const dir = bundleDir();
  return {
    '/': asset(INDEX_HTML, 'text/html; charset=utf-8'),
    '/assets/app.js': asset(readFileSync(join(dir, 'app.js')), 'text/javascript; charset=utf-8'),
    '/assets/app.css': asset(readFileSync(join(dir, 'app.css')), 'text/css; charset=utf-8'),
    '/favicon.svg': asset(FAVICON, 'image/svg+xml'),
  };
}

export function staticRoutes(assets: Record<string, Asset>): Hono {
  const app = new Hono();
  for (const [path, file] of Object.entries(assets)) {
    app.get(path, (c) => {
      // Names are not content-hashed, so the browser revalidates each time (cheap: an ETag match is a 304).
      c.header('Cache-Control', 'no-cache');
      c.header('ETag', file.etag);
      if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
      c.header('Content-Type', file.type);
      return c.body(new Uint8Array(file.body));
    });
  }
  return app;
}
