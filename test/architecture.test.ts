import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers/cli.js';

/**
 * The shape of the code, checked: no import circles, and no arrow that runs back up the layers
 * (docs/architecture.md). Type-only imports count too: a circle of types is still a circle to read.
 */
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) return sources(abs);
    return /\.(ts|tsx|cts)$/.test(name) ? [abs] : [];
  });
}

const files = sources(SRC).map((abs) => relative(SRC, abs).split('\\').join('/'));

function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
    const spec = (m[1] ?? m[2])!;
    const target = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '');
    const found = ['.ts', '.tsx', '.cts'].map((ext) => `${target}${ext}`).find((f) => files.includes(f));
    if (found) out.push(found);
  }
  return out;
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** Strongly connected components with more than one file (or a file importing itself). */
function circles(): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) visit(f);
  return found;
}

/** Each layer, and the layers it may import. Lower layers never import higher ones. */
const LAYERS: Array<[string, RegExp, string[]]> = [
  ['core', /^core\//, ['core']],
  ['present', /^present\//, ['present', 'core']],
  ['prompts', /^prompts\//, ['prompts', 'present', 'core', 'cli']],
  ['server', /^server\//, ['server', 'present', 'core']],
  ['ui', /^ui\//, ['ui', 'present', 'core', 'server']],
  ['commands', /^commands\//, ['commands', 'prompts', 'present', 'core', 'cli', 'server']],
  ['cli', /^cli\//, ['cli', 'present', 'core', 'commands']],
];

function layerOf(file: string): string {
  return LAYERS.find(([, re]) => re.test(file))?.[0] ?? 'top';
}

describe('architecture', () => {
  it('reads every source file', () => {
    expect(files.length).toBeGreaterThan(80);
  });

  it('has no import circles', () => {
    expect(circles()).toEqual([]);
  });

  it('has no arrow that runs back up the layers', () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      const layer = LAYERS.find(([name]) => name === layerOf(file));
      if (!layer) continue;
      for (const target of imports) if (!layer[2].includes(layerOf(target))) wrong.push(`${file} → ${target}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps the browser page to type-only imports of the server', () => {
    const wrong: string[] = [];
    for (const file of files.filter((f) => f.startsWith('ui/'))) {
      const text = readFileSync(join(SRC, file), 'utf8');
      for (const m of text.matchAll(/import\s+(type\s+)?[^'"]*from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const target = posix.normalize(posix.join(posix.dirname(file), m[2]!));
        if (target.startsWith('server/') && !m[1]) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has one job per core folder: no file in core/ outside a pipeline folder but the shared basics', () => {
    const loose = files.filter((f) => f.startsWith('core/') && dirname(f) === 'core');
    expect(loose.sort()).toEqual(['core/cache.ts', 'core/errors.ts', 'core/graph.ts', 'core/hash.ts', 'core/issues.ts', 'core/own.ts', 'core/paths.ts', 'core/pipeline.ts', 'core/project.ts', 'core/version.ts', 'core/yaml.ts']);
  });

  it('builds the engine as pure ASCII, which the boot file reads as latin1', () => {
    const engine = readFileSync(join(dirname(BIN), 'engine.cjs'));
    expect(engine.length).toBeGreaterThan(100_000);
    expect(engine.findIndex((byte) => byte > 0x7f)).toBe(-1);
    expect(readFileSync(join(ROOT, 'src/boot.cts'), 'utf8')).toContain("readFileSync(ENGINE, 'latin1')");
  });
});
