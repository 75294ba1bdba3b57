#!/usr/bin/env node
// `npm run bench`: start-up, list, a whole team set-up, and resolve+plan over a 5,000-skill
// catalog, each next to bare Node measured in the same run. Prints a table and the verdict on
// each target; exits 1 if a target is missed. Run it on a quiet machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/agent-team.cjs');
const rssHook = join(root, 'bench/report-rss.mjs');
if (!existsSync(join(root, 'dist/cli.cjs'))) {
  console.error('dist/cli.cjs is missing: run `npm run build` first (npm run bench does).');
  process.exit(1);
}

const temp = mkdtempSync(join(tmpdir(), 'agent-team-bench-'));
const env = { ...process.env, NO_COLOR: '1' };
delete env.AGENT_TEAM_LIBRARY;

function spawn(args, cwd, extraEnv) {
  const result = spawnSync(process.execPath, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`failed: node ${args.join(' ')}\n${result.stderr}`);
  return result;
}

/** Wall time of one run in ms; timed runs carry no instrumentation. */
function once(args, cwd, extraEnv = {}) {
  const start = process.hrtime.bigint();
  spawn(args, cwd, extraEnv);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Peak resident memory of one more run, in MiB, measured by a preloaded exit hook. */
function peakRss(args, cwd, extraEnv = {}) {
  const result = spawn(['--import', rssHook, ...args], cwd, extraEnv);
  return Number(/agent-team-bench-rss=(\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024;
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9), min: sorted[0] };
}

/** Alternates the baseline and the command run by run, so machine noise hits both alike. */
function compare(label, args, cwd, runs = 25) {
  for (let i = 0; i < 3; i += 1) {
    once(['-e', '0'], cwd);
    once(args, cwd);
  }
  const base = [];
  const cmd = [];
  for (let i = 0; i < runs; i += 1) {
    base.push(once(['-e', '0'], cwd));
    cmd.push(once(args, cwd));
  }
  const b = stats(base);
  const c = stats(cmd);
  return { label, baseline: b.median, median: c.median, p90: c.p90, ratio: c.median / b.median, rss: peakRss(args, cwd) };
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
    writeFileSync(
      join(skillDir, 'SKILL.md'),
      `---\nname: skill-${i}\ndescription: "Generated skill ${i} for the benchmark. Use when measuring catalog size."\n---\n# Skill ${i}\n\n1. Step one.\n2. Step two.\n`,
    );
  }
  lines.push('roles:', '  everything:', '    title: Everything', '    description: Uses every category. Use for benchmarks.', '    tools: engineering', '    skills:');
  lines.push(`      include: [${Array.from({ length: categories }, (_, c) => `{ category: cat-${c} }`).join(', ')}]`);
  lines.push('  some:', '    title: Some', '    description: Uses one category. Use for benchmarks.', '    tools: engineering', '    skills: { include: [{ category: cat-0 }] }');
  mkdirSync(join(dir, 'rules'), { recursive: true });
  writeFileSync(join(dir, 'rules', 'common.md'), '## Team\n\nBenchmark rules.\n');
  writeFileSync(join(dir, 'skills-registry.yaml'), `${lines.join('\n')}\n`);
}

const results = [];
try {
  // 1. Start-up.
  const empty = join(temp, 'empty');
  mkdirSync(empty);
  results.push({ ...compare('agent-team --version', [bin, '--version'], empty), target: 1.5 });

  // 2. list --json on a 9-agent team.
  const team = join(temp, 'team');
  mkdirSync(team);
  once([bin, 'init', '--preset', 'full'], team);
  results.push({ ...compare('agent-team list --json (9 agents)', [bin, 'list', '--json'], team), target: 1.5 });

  // 3. init + 9 adds, as a user would type them.
  const setupRuns = [];
  const roles = ['dev-fe', 'dev-be', 'sa', 'tech-lead', 'devops', 'pm', 'ba', 'qa', 'designer'];
  for (let run = 0; run < 5; run += 1) {
    const dir = join(temp, `setup-${run}`);
    mkdirSync(dir);
    const start = process.hrtime.bigint();
    once([bin, 'init'], dir);
    for (const role of roles) once([bin, 'add', `${role}-agent`, role], dir);
    setupRuns.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const setup = stats(setupRuns);
  const setupDir = join(temp, 'setup-rss');
  mkdirSync(setupDir);
  once([bin, 'init'], setupDir);
  const setupRss = peakRss([bin, 'add', 'last', 'tech-lead'], setupDir);
  results.push({ label: 'init + 9 add (10 processes)', baseline: null, median: setup.median, p90: setup.p90, ratio: null, rss: setupRss });

  // 4. resolve + plan over a generated 5,000-skill catalog (sync --dry-run reads, resolves, renders, plans).
  const library = join(temp, 'library-5000');
  generateLibrary(library, 5000);
  const big = join(temp, 'big');
  mkdirSync(big);
  writeFileSync(join(big, 'placeholder'), '');
  once([bin, 'init', '--roles', 'some'], big, { AGENT_TEAM_LIBRARY: library });
  writeFileSync(join(big, '.claude/agent-team.yaml'), 'version: 1\nagents:\n  all: { role: everything }\n  part: { role: some }\n');
  const planArgs = [bin, 'sync', '--dry-run', '--json'];
  const planRuns = [];
  for (let run = 0; run < 7; run += 1) planRuns.push(once(planArgs, big, { AGENT_TEAM_LIBRARY: library }));
  const plan = stats(planRuns);
  const planRss = peakRss(planArgs, big, { AGENT_TEAM_LIBRARY: library });
  results.push({ label: 'resolve+plan, 5,000-skill catalog', baseline: null, median: plan.median, p90: plan.p90, ratio: null, rss: planRss, targetMs: 1000 });
} finally {
  rmSync(temp, { recursive: true, force: true });
}

const fmt = (n) => (n === null ? '-' : n.toFixed(1));
console.log(`agent-team benchmark, Node ${process.version}, ${new Date().toISOString()}`);
console.log('command                              node -e 0   median    p90  ratio  peak RSS  target\n(times in ms; peak RSS of one process; init + 9 add shows the last add)');
let missed = 0;
for (const r of results) {
  let verdict = '';
  if (r.target) verdict = r.ratio <= r.target ? `<= ${r.target}x ok` : `> ${r.target}x MISSED`;
  if (r.targetMs) verdict = r.median <= r.targetMs ? `< ${r.targetMs} ms ok` : `> ${r.targetMs} ms MISSED`;
  if (verdict.includes('MISSED')) missed += 1;
  console.log(
    `${r.label.padEnd(37)}${fmt(r.baseline).padStart(9)}${fmt(r.median).padStart(9)}${fmt(r.p90).padStart(7)}${(r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`).padStart(7)}${`${r.rss.toFixed(0)} MiB`.padStart(10)}  ${verdict}`,
  );
}

const load = join(dirname(fileURLToPath(import.meta.url)), 'dashboard-load.mjs');
if (existsSync(load)) {
  const result = spawnSync(process.execPath, [load], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  console.log(`dashboard: 200 concurrent GET /api/agents (9 agents): ${result.stdout.trim() || 'failed'}`);
  if (result.status !== 0) missed += 1;
}
process.exit(missed ? 1 : 0);
