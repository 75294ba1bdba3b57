#!/usr/bin/env node
// Load check of the dashboard: 200 concurrent GETs of /api/agents on a 9-agent team.
// Usage: node bench/dashboard-load.mjs [path/to/dist/cli.cjs] [requests]
// Builds nothing: it needs the built CLI. Prints one line of JSON.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const cli = process.argv[2] ?? fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const requests = Number(process.argv[3] ?? 200);
if (!existsSync(cli)) {
  process.stderr.write(`dashboard-load: ${cli} not found; run \`npm run build\` first.\n`);
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'agent-team-bench-ui-'));
const env = { ...process.env, NO_COLOR: '1', DISPLAY: '', WAYLAND_DISPLAY: '' };
let server;
try {
  const init = spawnSync(process.execPath, [cli, 'init', '--preset', 'full', '--yes', '--json'], { cwd: dir, env, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`init failed: ${init.stdout}${init.stderr}`);

  server = spawn(process.execPath, [cli, 'ui', '--no-open', '--json', '--port', '0'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => (stderr += d));
  const { port, token } = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL line within 15 s: ${stderr}`)), 15_000);
    server.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
      }
    });
    server.on('exit', (code) => reject(new Error(`ui exited with ${code}: ${stderr}`)));
  });

  const url = `http://127.0.0.1:${port}/api/agents`;
  const get = async () => {
    const start = performance.now();
    try {
      const res = await fetch(url, { headers: { 'X-Agent-Team-Token': token } });
      const body = await res.json();
      return { ms: performance.now() - start, ok: res.status === 200 && body.agents?.length === 9 };
    } catch {
      return { ms: performance.now() - start, ok: false };
    }
  };

  // The first request plans the team; the rest are served from that snapshot until a file changes.
  const cold = await get();
  const wallStart = performance.now();
  const results = await Promise.all(Array.from({ length: requests }, get));
  const wall = performance.now() - wallStart;
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  const round = (n) => Math.round(n * 10) / 10;
  process.stdout.write(
    `${JSON.stringify({
      bench: 'dashboard-load',
      agents: 9,
      requests,
      concurrency: requests,
      coldMs: round(cold.ms),
      p50Ms: round(pct(50)),
      p99Ms: round(pct(99)),
      maxMs: round(times[times.length - 1]),
      errors: results.filter((r) => !r.ok).length + (cold.ok ? 0 : 1),
      requestsPerSecond: Math.round(requests / (wall / 1000)),
    })}\n`,
  );
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => {
      const timer = setTimeout(() => (server.kill('SIGKILL'), resolve()), 5000);
      server.on('exit', () => (clearTimeout(timer), resolve()));
    });
  }
  rmSync(dir, { recursive: true, force: true });
}
