import * as nodeFs from 'node:fs';

/**
 * The file-system calls that apply makes, behind one seam: tests hand in a file system that fails
 * at a chosen step, and the fault-injection suite (`npm run chaos`) one that kills the process
 * there (AGENT_TEAM_FAULT, below). Everything else uses Node's own.
 */
export interface ApplyFs {
  writeFileSync(path: string, data: Uint8Array | string, options?: nodeFs.WriteFileOptions): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  mkdirSync(path: string, options?: nodeFs.MakeDirectoryOptions): void;
  rmdirSync(path: string): void;
  copyFileSync(from: string, to: string): void;
  rmSync(path: string, options?: nodeFs.RmOptions): void;
}

export const realFs: ApplyFs = {
  writeFileSync: (path, data, options) => nodeFs.writeFileSync(path, data, options),
  renameSync: (from, to) => nodeFs.renameSync(from, to),
  unlinkSync: (path) => nodeFs.unlinkSync(path),
  mkdirSync: (path, options) => {
    nodeFs.mkdirSync(path, options);
  },
  rmdirSync: (path) => nodeFs.rmdirSync(path),
  copyFileSync: (from, to) => nodeFs.copyFileSync(from, to),
  rmSync: (path, options) => nodeFs.rmSync(path, options),
};

/**
 * A file system whose `step`-th mutating call (1-based) does `what` instead: `kill` (SIGKILL,
 * like a crash or a power cut), `delay:<ms>` (blocks the whole process that long, as slow
 * synchronous work would, then goes on), or throw an error with that errno code (e.g. `EIO`).
 * With `count`, nothing fails: the number of mutating calls is printed to stderr at exit, so the
 * fault-injection suite can enumerate every step of a command.
 */
export function faultyFs(step: number, what: string, base: ApplyFs = realFs): ApplyFs {
  let calls = 0;
  if (what === 'count') process.on('exit', () => process.stderr.write(`agent-team-fault-steps ${calls}\n`));
  const hit = () => {
    calls += 1;
    if (calls !== step) return;
    if (what === 'kill') process.kill(process.pid, 'SIGKILL');
    const delay = /^delay:(\d+)$/.exec(what);
    if (delay) {
      // Synchronous on purpose: timers and the event loop stall, as in a long operation.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(delay[1]));
      return;
    }
    throw Object.assign(new Error(`${what}: injected fault at step ${step}`), { code: what });
  };
  const wrap = <K extends keyof ApplyFs>(name: K): ApplyFs[K] =>
    ((...args: unknown[]) => {
      hit();
      return (base[name] as (...a: unknown[]) => unknown)(...args);
    }) as ApplyFs[K];
  return {
    writeFileSync: wrap('writeFileSync'),
    renameSync: wrap('renameSync'),
    unlinkSync: wrap('unlinkSync'),
    mkdirSync: wrap('mkdirSync'),
    rmdirSync: wrap('rmdirSync'),
    copyFileSync: wrap('copyFileSync'),
    rmSync: wrap('rmSync'),
  };
}

let forProcess: ApplyFs | undefined;

/**
 * `AGENT_TEAM_FAULT=kill@7`, `EIO@3`, `delay@2:20000` or `count`: for the fault-injection suite
 * only; steps count per process.
 */
export function processFs(): ApplyFs {
  if (forProcess) return forProcess;
  const spec = process.env.AGENT_TEAM_FAULT;
  if (spec === 'count') return (forProcess = faultyFs(0, 'count'));
  const match = spec ? /^([A-Za-z]+)@(\d+)(?::(\d+))?$/.exec(spec) : null;
  if (!match) return (forProcess = realFs);
  const what = match[3] !== undefined ? `${match[1]}:${match[3]}` : match[1]!;
  return (forProcess = faultyFs(Number(match[2]), what));
}
