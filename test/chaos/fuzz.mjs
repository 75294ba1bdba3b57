// Part c: seeded fuzzed inputs through the engine, in one long-lived worker thread that loads
// dist/engine.cjs once. An error without a known code is an internal error; an input that runs
// past its time-out is a hang (the worker is stopped and a fresh one takes the next input).
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { MINI_LIBRARY } from './lib.mjs';

// A hang is what the issue saw (minutes, gigabytes); a busy machine can make a slow input take a few seconds.
const TIMEOUT_MS = 15_000;

function startWorker(engine, work, seed) {
  const worker = new Worker(new URL('./fuzz-worker.mjs', import.meta.url), {
    workerData: { engine, work, seed },
    env: { ...process.env, AGENT_TEAM_LIBRARY: MINI_LIBRARY },
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  const ready = new Promise((resolve, reject) => {
    worker.once('message', (m) => (m.ready ? resolve() : reject(new Error('chaos: fuzz worker did not start'))));
    worker.once('error', reject);
  });
  return { worker, ready };
}

export async function fuzzTrials({ engine, work, seed, deadline, count, record, log, first = 0, lanes = 2 }) {
  const codes = new Map();
  const slow = new Map();
  let next = first;
  let ran = 0;
  const lane = async () => {
    let current = startWorker(engine, work, seed);
    await current.ready;
    while (next < first + count && Date.now() < deadline) {
      const n = next++;
      const result = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ n, hung: true, ms: TIMEOUT_MS }), TIMEOUT_MS);
        const onMessage = (m) => {
          clearTimeout(timer);
          current.worker.off('error', onError);
          resolve(m);
        };
        const onError = (err) => {
          clearTimeout(timer);
          current.worker.off('message', onMessage);
          resolve({ n, ok: false, ms: 0, error: `worker died: ${err?.message ?? err}` });
        };
        current.worker.once('message', onMessage);
        current.worker.once('error', onError);
        current.worker.postMessage(n);
      });
      ran += 1;
      if (result.hung || result.error?.startsWith('worker died')) {
        await current.worker.terminate();
        current = startWorker(engine, work, seed);
        await current.ready;
      }
      if (result.kind) slow.set(result.kind, (slow.get(result.kind) ?? 0) + result.ms);
      if (result.code) codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
      record({
        part: 'fuzz',
        what: `input ${n} of seed ${seed}${result.kind ? ` (${result.kind})` : ''}`,
        ms: result.ms,
        hung: result.hung,
        internal: !result.hung && !result.ok,
        held: result.ok,
        problems: result.ok ? undefined : [result.hung ? `no answer within ${TIMEOUT_MS / 1000}s` : result.error],
      });
    }
    await current.worker.terminate();
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  rmSync(work, { recursive: true, force: true });
  const top = [...codes].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([c, k]) => `${c} ${k}`).join(', ');
  log(`  ${ran} inputs; refusals by code: ${top || 'none'}`);
  if (process.env.CHAOS_PROFILE) log(`  ms by kind: ${[...slow].map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
