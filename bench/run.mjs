#!/usr/bin/env node
// `npm run bench`: what agent-team costs, as ratios to bare Node measured in the same run.
//
// Every command is measured next to `node -e 0`, alternating run by run so machine noise hits
// both alike, by CPU time (user + system, read inside each process by bench/cpu-hook.cjs) and by
// wall time. Targets apply to the CPU ratio, the steadier of the two on a shared machine. The
// dashboard is measured under sustained keep-alive load next to a bare node:http server (its own
// process) serving the same bytes, in alternating slices. Prints a table and exits 1 when any target is missed.
//
// Options: --quick (fewer runs; for a smoke test), --only <substring> (run matching parts only).
// AGENT_TEAM_BENCH_CLI=<path to a built cli file> measures another build (e.g. an older one).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = process.env.AGENT_TEAM_BENCH_CLI ?? join(root, 'dist/cli.cjs');
const hook = join(root, 'bench/cpu-hook.cjs');
const quick = process.argv.includes('--quick');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run \`npm run build\` first (npm run bench does).`);
  process.exit(1);
}

const temp = mkdtempSync(join(tmpdir(), 'agent-team-bench-'));
const env = { ...process.env, NO_COLOR: '1', AGENT_TEAM_CACHE_DIR: join(temp, 'cache'), DISPLAY: '', WAYLAND_DISPLAY: '' };
delete env.AGENT_TEAM_LIBRARY;
delete env.AGENT_TEAM_NO_CACHE;

function spawnNode(args, cwd, extraEnv = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-r', hook, ...args], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`failed (${result.status}): node ${args.join(' ')}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  const m = /agent-team-bench cpu=(\d+) rss=(\d+)/.exec(result.stderr);
  return { wall, cpu: Number(m?.[1] ?? 0) / 1000, rss: Number(m?.[2] ?? 0) / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs `prepare` (untimed) and the command alternately with bare Node. `prepare` returns the
 * folder to run in, so commands that change the project start from the same state every time.
 */
function compare(label, args, prepare, { runs = quick ? 5 : 15, extraEnv = {}, target, warmup = 2 } = {}) {
  for (let i = 0; i < warmup; i += 1) {
    spawnNode(['-e', '0'], temp);
    spawnNode(args, prepare(), extraEnv);
  }
  const base = [];
  const cmd = [];
  for (let i = 0; i < runs; i += 1) {
    base.push(spawnNode(['-e', '0'], temp));
    cmd.push(spawnNode(args, prepare(), extraEnv));
  }
  const b = { cpu: median(base.map((r) => r.cpu)), wall: median(base.map((r) => r.wall)) };
  const c = { cpu: median(cmd.map((r) => r.cpu)), wall: median(cmd.map((r) => r.wall)), rss: Math.max(...cmd.map((r) => r.rss)) };
  return { label, base: b, cmd: c, ratio: c.cpu / b.cpu, wallRatio: c.wall / b.wall, target };
}

const ROLES = ['dev-fe', 'dev-be', 'sa', 'tech-lead', 'devops', 'pm', 'ba', 'qa', 'designer'];

/** A synced project with `count` agents, built by writing the team file and syncing once. */
function teamOf(count, name = `team-${count}`) {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  spawnNode([cli, 'init'], dir);
  const agents = Array.from({ length: count }, (_, i) => `  agent-${i}:\n    role: ${ROLES[i % ROLES.length]}\n`).join('');
  writeFileSync(join(dir, '.claude/agent-team.yaml'), `version: 1\nagents:\n${agents}`);
  spawnNode([cli, 'sync'], dir);
  return dir;
}

/** A fresh copy of `template` for each run of a command that changes the project. */
function copies(template) {
  let n = 0;
  return () => {
    const dir = `${template}-run-${(n += 1)}`;
    cpSync(template, dir, { recursive: true });
    return dir;
  };
}

function generateLibrary(dir, count) {
  const categories = 20;
  const lines = ['version: 1', 'tool_profiles:', '  engineering: [Read, Write, Edit, Bash, Grep, Glob]', 'categories:'];
  for (let c = 0; c < categories; c += 1) lines.push(`  cat-${c}: { title: Category ${c} }`);
  lines.push('skills:');
  for (let i = 0; i < count; i += 1) {
    // Every tenth skill depends on the one before it, so the depends_on closure does real work.
    const deps = i % 10 === 9 ? `, depends_on: [skill-${i - 1}]` : '';
    lines.push(`  skill-${i}: { category: cat-${i % categories}, tags: [t${i % 7}]${deps} }`);
    const skillDir = join(dir, 'skills', `skill-${i}`);
    mkdirSync(skillDir, { recursive: true });
    writeFileSync(join(skillDir, 'SKILL.md'), `---\nname: skill-${i}\ndescription: "Generated skill ${i} for the benchmark. Use when measuring catalog size."\n---\n# Skill ${i}\n\n1. Step one.\n2. Step two.\n`);
  }
  lines.push('roles:', '  everything:', '    title: Everything', '    description: Uses every category. Use for benchmarks.', '    tools: engineering', '    skills:');
  lines.push(`      include: [${Array.from({ length: categories }, (_, c) => `{ category: cat-${c} }`).join(', ')}]`);
  lines.push('  some:', '    title: Some', '    description: Uses one category. Use for benchmarks.', '    tools: engineering', '    skills: { include: [{ category: cat-0 }] }');
  mkdirSync(join(dir, 'rules'), { recursive: true });
  writeFileSync(join(dir, 'rules', 'common.md'), '## Team\n\nBenchmark rules.\n');
  writeFileSync(join(dir, 'skills-registry.yaml'), `${lines.join('\n')}\n`);
}

function get(port, path, headers) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function startProcess(args, cwd) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const firstLine = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before printing`)));
  });
  return { child, firstLine };
}

function stopped(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

function cpuOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in ms at 100 ticks/s
}

function load(port, path, headers, seconds) {
  const args = [join(root, 'bench/load.mjs'), String(port), path, ...Object.entries(headers).map(([k, v]) => `${k}:${v}`), '--connections', '16', '--seconds', String(seconds)];
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`load failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

async function dashboard() {
  const dir = teamOf(9, 'dashboard');
  const ui = startProcess([cli, 'ui', '--no-open', '--json', '--port', '0'], dir);
  let bare;
  try {
    const { port, token } = JSON.parse(await ui.firstLine);
    const headers = { 'x-agent-team-token': token };
    const sample = await get(port, '/api/agents', headers);
    if (sample.status !== 200) throw new Error(`GET /api/agents: ${sample.status}`);
    const keep = Object.fromEntries(Object.entries(sample.headers).filter(([k]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)));
    const file = join(temp, 'agents-response.json');
    writeFileSync(file, JSON.stringify({ headers: keep, body: sample.body }));
    bare = startProcess([join(root, 'bench/serve-bare.mjs'), file], temp);
    const barePort = Number(await bare.firstLine);
    // Alternating slices, as the commands alternate with `node -e 0`: a burst of load from
    // elsewhere on a shared machine then hits both servers alike instead of one of them.
    const rounds = quick ? 1 : 3;
    const seconds = quick ? 3 : 2;
    const slices = { ours: [], bare: [] };
    const measure = (p, pid, into) => {
      const before = cpuOf(pid);
      const r = load(p, '/api/agents', headers, seconds);
      into.push({ ...r, cpu: cpuOf(pid) - before });
    };
    for (let i = 0; i < rounds; i += 1) {
      measure(port, ui.child.pid, slices.ours);
      measure(barePort, bare.child.pid, slices.bare);
    }
    const combine = (list) => {
      const requests = list.reduce((n, r) => n + r.requests, 0);
      const elapsed = list.reduce((n, r) => n + r.requests / Math.max(r.rps, 1e-9), 0);
      return {
        rps: requests / elapsed,
        p50: median(list.map((r) => r.p50)),
        p99: median(list.map((r) => r.p99)),
        max: Math.max(...list.map((r) => r.max)),
        errors: list.reduce((n, r) => n + r.errors, 0),
        requests,
        cpuPerRequest: list.reduce((n, r) => n + r.cpu, 0) / Math.max(1, requests),
        slices: list.map((r) => r.rps),
      };
    };
    const ours = combine(slices.ours);
    const yard = combine(slices.bare);
    return { ours, bare: yard, throughput: ours.rps / yard.rps, p99: ours.p99 / yard.p99 };
  } finally {
    // Waited for, so the temporary folder is not removed while the dashboard still writes its cache there.
    await Promise.all([ui.child, bare?.child].filter(Boolean).map((child) => stopped(child)));
  }
}

const results = [];
const want = (label) => !only || label.includes(only);
let dash;
try {
  const empty = join(temp, 'empty');
  mkdirSync(empty);
  if (want('--version')) results.push(compare('--version', [cli, '--version'], () => empty, { target: 1.2 }));
  const nine = teamOf(9);
  // A read-only command repeats its recorded answer only for files older than two seconds
  // (src/cli/replay.ts), as a project is between a checkout and its checks.
  if (want('list') || want('sync --check')) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2500);
  if (want('list')) results.push(compare('list --json, 9 agents', [cli, 'list', '--json'], () => nine, { target: 1.3 }));
  if (want('sync --check')) results.push(compare('sync --check, 9 agents, in sync', [cli, 'sync', '--check'], () => nine, { target: 1.5 }));
  // The same two commands when they read everything again (a first run, or files just changed).
  if (want('list')) results.push(compare('list --json, read in full', [cli, 'list', '--json'], () => nine, { extraEnv: { AGENT_TEAM_NO_REPLAY: '1' } }));
  if (want('sync --check')) results.push(compare('sync --check, read in full', [cli, 'sync', '--check'], () => nine, { extraEnv: { AGENT_TEAM_NO_REPLAY: '1' } }));
  for (const [count, target] of [[1, undefined], [9, 2.0], [50, undefined], [200, 2.5]]) {
    const label = `add on a team of ${count}`;
    if (!want(label)) continue;
    const template = teamOf(count, `grow-${count}`);
    results.push(compare(label, [cli, 'add', 'newcomer', 'dev-be'], copies(template), { target, runs: quick ? 3 : count >= 50 ? 7 : 11 }));
  }
  for (const [count, target] of [[1000, undefined], [5000, 4], [20000, 12]]) {
    const label = `resolve + plan, ${count} skills`;
    if (!want(label) || (quick && count > 5000)) continue;
    const library = join(temp, `library-${count}`);
    generateLibrary(library, count);
    const big = join(temp, `big-${count}`);
    mkdirSync(big);
    spawnNode([cli, 'init', '--roles', 'some'], big, { AGENT_TEAM_LIBRARY: library });
    writeFileSync(join(big, '.claude/agent-team.yaml'), 'version: 1\nagents:\n  all: { role: everything }\n  part: { role: some }\n');
    results.push(compare(label, [cli, 'sync', '--dry-run', '--json'], () => big, { target, runs: quick ? 3 : 9, warmup: 1, extraEnv: { AGENT_TEAM_LIBRARY: library } }));
  }
  if (want('dashboard')) dash = await dashboard();
} finally {
  rmSync(temp, { recursive: true, force: true });
}

const f = (n, d = 1) => n.toFixed(d);
let missed = 0;
console.log(`agent-team benchmark: Node ${process.version}, ${new Date().toISOString()}, ${cli}`);
console.log('ratios are to `node -e 0` in the same run; CPU = user + system inside the process; targets apply to the CPU ratio\n');
console.log(`${'measure'.padEnd(34)}${'node cpu'.padStart(9)}${'cpu ms'.padStart(9)}${'cpu x'.padStart(8)}${'wall ms'.padStart(9)}${'wall x'.padStart(8)}${'RSS'.padStart(8)}  target`);
for (const r of results) {
  const verdict = r.target === undefined ? '' : r.ratio <= r.target ? `<= ${r.target}x ok` : `> ${r.target}x MISSED`;
  if (verdict.includes('MISSED')) missed += 1;
  console.log(`${r.label.padEnd(34)}${f(r.base.cpu).padStart(9)}${f(r.cmd.cpu).padStart(9)}${`${f(r.ratio, 2)}x`.padStart(8)}${f(r.cmd.wall).padStart(9)}${`${f(r.wallRatio, 2)}x`.padStart(8)}${`${f(r.cmd.rss, 0)}M`.padStart(8)}  ${verdict}`);
}
const growth = (prefix) => results.filter((r) => r.label.startsWith(prefix)).map((r) => `${r.label.replace(prefix, '').trim()}: ${f(r.ratio, 2)}x`);
if (growth('add on a team of').length) console.log(`\ngrowth, add on a team of   ${growth('add on a team of').join('   ')}`);
if (growth('resolve + plan,').length) console.log(`growth, resolve + plan     ${growth('resolve + plan,').join('   ')}`);
if (dash) {
  const ok = dash.throughput >= 0.7 && dash.p99 <= 2;
  if (!ok) missed += 1;
  console.log(`\ndashboard, sustained keep-alive GET /api/agents (9 agents, 16 connections, ${dash.ours.slices.length} alternating slices each; p50/p99: median of the slices):`);
  console.log(`  agent-team: ${f(dash.ours.rps, 0)} req/s, p50 ${f(dash.ours.p50, 2)} ms, p99 ${f(dash.ours.p99, 2)} ms, max ${f(dash.ours.max, 1)} ms, ${f(dash.ours.cpuPerRequest, 3)} ms CPU/request, ${dash.ours.errors} errors`);
  console.log(`  bare node:http: ${f(dash.bare.rps, 0)} req/s, p50 ${f(dash.bare.p50, 2)} ms, p99 ${f(dash.bare.p99, 2)} ms, max ${f(dash.bare.max, 1)} ms, ${f(dash.bare.cpuPerRequest, 3)} ms CPU/request`);
  console.log(`  req/s per slice: agent-team ${dash.ours.slices.map((x) => f(x, 0)).join(', ')}; bare ${dash.bare.slices.map((x) => f(x, 0)).join(', ')}`);
  console.log(`  throughput ${f(dash.throughput, 2)}x (target >= 0.7x), p99 ${f(dash.p99, 2)}x (target <= 2x): ${ok ? 'ok' : 'MISSED'}`);
}
console.log(missed ? `\n${missed} target(s) MISSED` : '\nall targets met');
process.exit(missed ? 1 : 0);
