import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const root = fileURLToPath(new URL('..', import.meta.url));

declare module 'vitest' {
  export interface ProvidedContext {
    cli: string;
  }
}

/**
 * Integration tests spawn the built CLI, so build it once from the current sources, into a
 * folder of this run's own: parallel runs (several terminals, CI shards) never delete each
 * other's build. The folder sits inside the package so the CLI finds its library as installed.
 */
export default function setup(project: TestProject): () => void {
  const outDir = join(root, 'node_modules', '.cache', 'agent-team-test', `build-${process.pid}-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  execFileSync(process.execPath, [join(root, 'node_modules/tsup/dist/cli-default.js'), '--out-dir', outDir], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  project.provide('cli', join(outDir, 'cli.cjs'));
  // The CLI's code cache (src/boot.cts) stays inside this run's build, away from the user's.
  process.env.AGENT_TEAM_CACHE_DIR = join(outDir, 'v8-cache');
  return () => rmSync(outDir, { recursive: true, force: true });
}
