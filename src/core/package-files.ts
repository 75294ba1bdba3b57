import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The installed package's folder: the nearest parent of this module with a package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('agent-team: cannot find its own package.json');
    dir = up;
  }
  return (root = dir);
}

/**
 * The library folder (skills-registry.yaml, skills/, rules/, conventions/). AGENT_TEAM_LIBRARY
 * points at another checkout of it, for library authors and benchmarks.
 */
export function libraryDir(): string {
  const override = process.env.AGENT_TEAM_LIBRARY;
  return override ? resolve(override) : join(packageRoot(), '.claude');
}

export function templatesDir(): string {
  return join(packageRoot(), 'templates');
}
