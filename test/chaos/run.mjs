#!/usr/bin/env node
// `npm run chaos`: the fault-injection suite (docs/chaos.md). Seeded and bounded; prints one
// figures line at the end and exits 1 if anything was lost, hit an internal error or hung.
//
//   node test/chaos/run.mjs [--seed N] [--budget-seconds N] [--parts kill,concurrency,fuzz,escape]
//                           [--cli path/to/cli.cjs | --no-build] [--slice] [--keep]
//                           [--fuzz-from N --fuzz-count N]   (one fuzz input again: --fuzz-from 80 --fuzz-count 1)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concurrencyTrials } from './concurrency.mjs';
import { escapeTrials } from './escape.mjs';
import { fuzzTrials } from './fuzz.mjs';
import { killTrials } from './kill.mjs';
import { ROOT } from './lib.mjs';

function options(argv) {
  const o = { seed: 1, budget: 600, parts: ['escape', 'kill', 'concurrency', 'fuzz'], cli: undefined, slice: false, keep: false, build: true, fuzzFrom: 0, fuzzCount: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seed') o.seed = Number(value());
    else if (a === '--budget-seconds') o.budget = Number(value());
    else if (a === '--parts') o.parts = value().split(',');
    else if (a === '--cli') o.cli = value();
    else if (a === '--slice') o.slice = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--no-build') o.build = false;
    else if (a === '--fuzz-from') o.fuzzFrom = Number(value());
    else if (a === '--fuzz-count') o.fuzzCount = Number(value());
    else throw new Error(`unknown option ${a} (see the head of test/chaos/run.mjs)`);
  }
  if (!Number.isInteger(o.seed) || o.seed < 0) throw new Error('--seed must be a whole number');
  if (!(o.budget > 0)) throw new Error('--budget-seconds must be positive');
  return o;
}

/** The built CLI and engine, built from the current sources first (quietly: stdout is for the figures line). */
function built(o) {
  if (o.cli) return { bin: o.cli, engine: join(o.cli, '..', 'engine.cjs') };
  if (o.build) execFileSync(process.execPath, [join(ROOT, 'node_modules/tsup/dist/cli-default.js'), '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(join(ROOT, 'dist/cli.cjs')) || !existsSync(join(ROOT, 'dist/engine.cjs'))) throw new Error('no build in dist/: run without --no-build');
  return { bin: join(ROOT, 'bin/agent-team.cjs'), engine: join(ROOT, 'dist/engine.cjs') };
}

async function main() {
  const o = options(process.argv.slice(2));
  const { bin, engine } = built(o);
  const started = Date.now();
  const deadline = started + o.budget * 1000;
  const work = mkdtempSync(join(tmpdir(), `agent-team-chaos-${o.seed}-`));
  const log = (line) => process.stderr.write(`${line}\n`);
  const totals = { trials: 0, held: 0, recovered: 0, lost: 0, internal: 0, hangs: 0, worst: 0 };
  const failures = [];
  const record = (r) => {
    totals.trials += 1;
    if (r.held) totals.held += 1;
    if (r.recovered) totals.recovered += 1;
    if (r.hung) totals.hangs += 1;
    if (r.internal) totals.internal += 1;
    if (r.problems?.length && !r.hung && !r.internal) totals.lost += 1;
    totals.worst = Math.max(totals.worst, r.ms ?? 0);
    if (process.env.CHAOS_VERBOSE) log(`  ${r.held ? 'held' : r.recovered ? 'recovered' : 'FAILED'} ${r.part}: ${r.what}`);
    if (r.problems?.length || r.hung || r.internal) {
      failures.push(r);
      if (failures.length <= 20) log(`  FAIL ${r.part}: ${r.what}${r.dir ? ` (${r.dir})` : ''}\n    ${(r.problems ?? [r.hung ? 'hung' : 'internal error']).join('\n    ')}`);
    }
  };
  log(`chaos: seed ${o.seed}, budget ${o.budget}s, parts ${o.parts.join(', ')}${o.slice ? ' (slice)' : ''}; work in ${work}`);
  // The escape scenarios and the writers' rounds are fixed work and run first; the kill trials and
  // the fuzzed inputs share what is left of the budget.
  const share = { escape: 0, concurrency: 0, kill: 0.55, fuzz: 0.45 };
  const order = ['escape', 'concurrency', 'kill', 'fuzz'].filter((p) => o.parts.includes(p));
  let reserved = order.reduce((sum, p) => sum + share[p], 0);
  for (const part of order) {
    const left = deadline - Date.now();
    const partDeadline = share[part] ? Date.now() + Math.max(0, (left * share[part]) / reserved) : deadline;
    reserved -= share[part];
    const before = totals.trials;
    const partStart = Date.now();
    log(`${part}:`);
    const dir = join(work, part);
    mkdirSync(dir, { recursive: true });
    if (part === 'escape') await escapeTrials({ bin, work: dir, record, log });
    if (part === 'kill') await killTrials({ bin, work: dir, seed: o.seed, deadline: partDeadline, full: o.slice ? undefined : join(ROOT, '.claude'), record, log, maxTrials: o.slice ? 8 : Infinity, enumerate: !o.slice });
    if (part === 'concurrency') await concurrencyTrials({ bin, work: dir, seed: o.seed, record, log, writers: o.slice ? 3 : 10, rounds: o.slice ? 2 : 10, slowMs: o.slice ? 3000 : 16_000 });
    if (part === 'fuzz') await fuzzTrials({ engine, work: dir, seed: o.seed, deadline: o.slice ? Infinity : Math.max(partDeadline, Date.now() + 1000), count: o.fuzzCount ?? (o.slice ? 300 : 10_000), first: o.fuzzFrom, record, log });
    log(`  ${totals.trials - before} trials in ${((Date.now() - partStart) / 1000).toFixed(1)}s`);
  }
  if (!o.keep && failures.length === 0) rmSync(work, { recursive: true, force: true });
  else log(`chaos: kept ${work} for inspection`);
  if (Date.now() > deadline) log(`chaos: the budget of ${o.budget}s is used; ran what fitted`);
  const line = `chaos: trials ${totals.trials}, held ${totals.held}, recovered ${totals.recovered}, lost ${totals.lost}, internal errors ${totals.internal}, hangs ${totals.hangs}, worst time ${(totals.worst / 1000).toFixed(1)}s`;
  process.stdout.write(`${line}\n`);
  process.exitCode = totals.lost + totals.internal + totals.hangs > 0 ? 1 : 0;
}

main().catch((err) => {
  process.stderr.write(`chaos: ${err.stack ?? err}\n`);
  process.exitCode = 2;
});
