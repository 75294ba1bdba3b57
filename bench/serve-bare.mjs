#!/usr/bin/env node
// The yardstick for the dashboard: a bare node:http server, in its own process, answering every
// request with the same status, headers and bytes the dashboard gave for one GET /api/agents.
// Usage: node bench/serve-bare.mjs <response.json>  (prints its port on stdout)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const { headers, body } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const bytes = Buffer.from(body, 'utf8');
const server = createServer((req, res) => {
  res.writeHead(200, { ...headers, 'content-length': bytes.length });
  res.end(bytes);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
