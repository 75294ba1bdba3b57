// Part b: concurrent writers, CLI and dashboard mixed, one of them held inside the lock past the
// old 15 s stale limit. No lost update: every add that reported success is in the final team file.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { cli, lockLeft, MINI_LIBRARY, seedUserFiles, changedUserFiles, stagingFiles } from './lib.mjs';

function startDashboard(bin, cwd) {
  const proc = spawn(process.execPath, [bin, 'ui', '--json', '--no-open', '--port', '0'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', DISPLAY: '', WAYLAND_DISPLAY: '', AGENT_TEAM_LIBRARY: MINI_LIBRARY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('chaos: the dashboard printed no URL within 20 s')), 20_000);
    proc.stdout.on('data', (d) => {
      out += d;
      const end = out.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        const { port, token } = JSON.parse(out.slice(0, end));
        resolve({ proc, port, token });
      }
    });
    proc.on('exit', (code) => reject(new Error(`chaos: the dashboard exited with ${code}`)));
  });
}

function post(d, path, body) {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: d.port, path, method: 'POST', timeout: 120_000,
      headers: { Host: `127.0.0.1:${d.port}`, Origin: `http://127.0.0.1:${d.port}`, 'X-Agent-Team-Token': d.token, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let json = {};
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON: kept as text below
        }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The dashboard's way: plan, then apply exactly that plan; a plan gone stale is planned again. */
async function dashboardAdd(d, name) {
  const started = Date.now();
  const input = { name, role: 'writer' };
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const plan = await post(d, '/api/plan', { action: 'add', input });
    if (plan.status !== 200) return { ok: false, ms: Date.now() - started, why: `plan ${plan.status}: ${plan.text.slice(0, 200)}` };
    const applied = await post(d, '/api/apply', { action: 'add', input, planDigest: plan.json.planDigest });
    if (applied.status === 200 && applied.json.applied) return { ok: true, ms: Date.now() - started };
    if (applied.json?.error?.code !== 'plan-changed') return { ok: false, ms: Date.now() - started, why: `apply ${applied.status}: ${applied.text.slice(0, 200)}`, internal: applied.json?.error?.code === 'internal' };
  }
  return { ok: false, ms: Date.now() - started, why: 'the plan kept changing for 40 attempts' };
}

export async function concurrencyTrials({ bin, work, record, log, writers = 10, rounds = 10, slowMs = 16_000 }) {
  const dir = join(work, 'project');
  seedUserFiles(dir);
  const init = await cli(bin, ['init', '--roles', 'fe'], { cwd: dir, library: MINI_LIBRARY });
  if (init.code !== 0) throw new Error(`chaos: concurrency init failed: ${init.stderr}`);
  const d = await startDashboard(bin, dir);
  const succeeded = [];
  let failed = 0;
  try {
    for (let round = 0; round < rounds; round += 1) {
      const jobs = [];
      for (let w = 0; w < writers; w += 1) {
        const name = `w${w}r${round}`;
        const viaDashboard = w % 3 === 2;
        // Writer 0 of the first round sleeps synchronously inside the lock, past the old stale limit.
        const slow = round === 0 && w === 0;
        jobs.push((async () => {
          if (viaDashboard) return { name, via: 'dashboard', ...(await dashboardAdd(d, name)) };
          const r = await cli(bin, ['add', name, 'writer'], { cwd: dir, library: MINI_LIBRARY, timeoutMs: 120_000, env: slow ? { AGENT_TEAM_FAULT: `delay@1:${slowMs}` } : {} });
          return { name, via: slow ? 'slow CLI' : 'CLI', ok: r.code === 0, ms: r.ms, hung: r.hung, internal: r.internal, why: r.code === 0 ? undefined : r.stderr.slice(0, 300) };
        })());
        // The slow writer takes the lock first, so the others queue behind it.
        if (slow) await new Promise((resolve) => setTimeout(resolve, 400));
      }
      for (const job of await Promise.all(jobs)) {
        if (job.ok) succeeded.push(job);
        else failed += 1;
        record({ part: 'concurrency', what: `${job.via} add ${job.name}`, ms: job.ms, hung: job.hung, internal: job.internal, held: job.ok, problems: job.ok || job.hung || job.internal ? undefined : [`add failed: ${job.why}`] });
      }
    }
  } finally {
    d.proc.kill('SIGTERM');
  }
  const team = parseYaml(readFileSync(join(dir, '.claude/agent-team.yaml'), 'utf8'));
  const missing = succeeded.filter((j) => !Object.hasOwn(team.agents ?? {}, j.name));
  const check = await cli(bin, ['sync', '--check'], { cwd: dir, library: MINI_LIBRARY });
  const problems = [
    ...missing.map((j) => `LOST UPDATE: ${j.via} add ${j.name} succeeded but is not in the team file`),
    ...(check.code === 0 ? [] : [`sync --check fails: ${check.stdout.slice(0, 300)}`]),
    ...(lockLeft(dir) ? ['lock left behind'] : []),
    ...stagingFiles(dir).map((f) => `staging file left: ${f}`),
    ...changedUserFiles(dir).map((f) => `LOST user file ${f}`),
  ];
  record({ part: 'concurrency', what: `final team file after ${writers} writers x ${rounds} rounds`, ms: check.ms, held: problems.length === 0, problems: problems.length ? problems : undefined });
  const slowest = Math.max(...succeeded.map((j) => j.ms));
  log(`  ${succeeded.length} adds succeeded (${succeeded.filter((j) => j.via === 'dashboard').length} through the dashboard), ${failed} failed, ${missing.length} lost; slowest ${(slowest / 1000).toFixed(1)}s`);
}
