import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The installed package's folder: the nearest parent of this module whose package.json is ours. */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    // dist/ has a package.json of its own that only says its files are CommonJS.
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'agent-team') {
      return (root = dir);
    }
    if (dirname(dir) === dir) throw new Error('agent-team: cannot find its own package.json');
  }
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
