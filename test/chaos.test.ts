import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers/cli.js';

/**
 * A small deterministic slice of `npm run chaos` (docs/chaos.md) inside `npm test`: every
 * path-escape scenario, a few kill trials, a few concurrent writers with a slow one, and a few
 * hundred fuzzed inputs, all from one seed.
 */
function chaos(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'test/chaos/run.mjs'), '--cli', BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the fault-injection suite, a slice', () => {
  it('kills, concurrent writers, fuzzed inputs and path escapes: nothing lost, no internal error, no hang', async () => {
    const r = await chaos(['--slice', '--seed', '7', '--budget-seconds', '100']);
    const line = /^chaos: trials (\d+), held (\d+), recovered (\d+), lost (\d+), internal errors (\d+), hangs (\d+), worst time ([\d.]+)s$/m.exec(r.stdout);
    expect(line, r.stderr).not.toBeNull();
    const [, trials, held, recovered, lost, internal, hangs] = line!.map(Number);
    expect({ lost, internal, hangs }, r.stderr).toEqual({ lost: 0, internal: 0, hangs: 0 });
    expect(r.code, r.stderr).toBe(0);
    // Every part ran: 44 escape scenarios, 8 kill trials, 6 concurrent adds and the final check, 300 fuzz inputs.
    expect(trials).toBeGreaterThanOrEqual(44 + 8 + 7 + 300);
    expect(held + recovered).toBe(trials);
    expect(recovered).toBeGreaterThan(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  }, 120_000);

  it('refuses options it does not know, and a seed that is not a number', async () => {
    const bad = await chaos(['--seeds', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option --seeds/);
    const seed = await chaos(['--seed', 'x']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed must be a whole number/);
  });
});
