import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The scan corpus (test/fixtures/scan/): crafted malicious skills, each with an EXPECT file of the
 * rules that must fire, and benign skills that look risky. Some cases need what git cannot hold
 * portably (links, FIFOs, odd names, big files); their RUNTIME.json describes it, and a case is
 * built from it in a folder of the caller's.
 */
export const SCAN_FIXTURES = fileURLToPath(new URL('../fixtures/scan/', import.meta.url));

interface Runtime {
  links?: Record<string, string>;
  fifos?: string[];
  files?: Record<string, string>;
  repeat?: Array<{ path: string; text: string; bytes: number; tail?: string }>;
  many?: { dir: string; count: number; text: string };
}

export function scanCases(group: 'malicious' | 'benign'): string[] {
  return readdirSync(join(SCAN_FIXTURES, group)).sort();
}

export function expectedRules(name: string): string[] {
  return readFileSync(join(SCAN_FIXTURES, 'malicious', name, 'EXPECT'), 'utf8').trim().split(/\s+/);
}

/** A copy of the case under `into`, without EXPECT and RUNTIME.json, with its runtime parts built. */
export function materialiseCase(group: 'malicious' | 'benign', name: string, into: string): string {
  const src = join(SCAN_FIXTURES, group, name);
  const dst = join(into, group, name);
  if (existsSync(dst)) return dst;
  cpSync(src, dst, { recursive: true, filter: (p) => !/[/\\](EXPECT|RUNTIME\.json)$/.test(p) });
  const rtFile = join(src, 'RUNTIME.json');
  if (!existsSync(rtFile)) return dst;
  const rt = JSON.parse(readFileSync(rtFile, 'utf8')) as Runtime;
  const at = (rel: string) => {
    const p = join(dst, rel);
    mkdirSync(dirname(p), { recursive: true });
    return p;
  };
  for (const [rel, target] of Object.entries(rt.links ?? {})) symlinkSync(target.replace('$HOME', homedir()), at(rel));
  for (const rel of rt.fifos ?? []) execFileSync('mkfifo', [at(rel)]);
  for (const [rel, text] of Object.entries(rt.files ?? {})) writeFileSync(at(rel), text);
  for (const r of rt.repeat ?? []) {
    const file = at(r.path);
    const head = existsSync(file) ? readFileSync(file, 'utf8') : '';
    writeFileSync(file, head + r.text.repeat(Math.max(0, Math.floor((r.bytes - head.length) / r.text.length))) + (r.tail ?? ''));
  }
  if (rt.many) for (let i = 0; i < rt.many.count; i++) writeFileSync(at(`${rt.many.dir}/term-${i}.md`), rt.many.text);
  return dst;
}
