// Scan one skill folder, or a folder of skills. Reads with lstat and O_NOFOLLOW only: a link is
// reported, never followed, and every read is bounded (see ScanLimits).
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { classify, contentHits, extOf, MARKDOWN_EXT, nameHits, readBounded, SCRIPT_EXT } from './files.js';
import { isRuleId, type RuleId } from './rules.js';
import { scanText, type TextKind } from './text.js';
import { DEFAULT_LIMITS, type Finding, type ScanLimits, type ScanOptions, type ScanReport, type Severity } from './types.js';
import { excerptAt, visible } from './unicode.js';

const RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

function inside(root: string, p: string): boolean {
  const r = relative(root, p);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

/** `allow` entries split into the ones that name a rule and the ones that do not (for the CLI to refuse). */
export function parseAllow(entries: readonly string[]): { valid: string[]; unknown: string[] } {
  const valid: string[] = [];
  const unknown: string[] = [];
  for (const e of entries) {
    const i = e.indexOf(':');
    (isRuleId(i < 0 ? e : e.slice(0, i)) ? valid : unknown).push(e);
  }
  return { valid, unknown };
}

export function isAllowed(f: Pick<Finding, 'rule' | 'file'>, allow: readonly string[]): boolean {
  return allow.some((e) => {
    const i = e.indexOf(':');
    const rule = i < 0 ? e : e.slice(0, i);
    const file = i < 0 ? undefined : e.slice(i + 1).replace(/\\/g, '/').replace(/^\.\//, '');
    return rule === f.rule && (file === undefined || file === f.file);
  });
}

export function scanSkill(dir: string, options: ScanOptions = {}): ScanReport {
  const limits: ScanLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let root = resolve(dir);
  let st = lstatOrNull(root);
  if (st?.isFile() && basename(root).toLowerCase() === 'skill.md') {
    root = dirname(root);
    st = lstatOrNull(root);
  }
  const report: ScanReport = { skill: basename(root), dir: root, findings: [], files: 0, bytes: 0, truncated: false };
  const add = (rule: RuleId, severity: Severity, file: string, message: string, line = 1, column?: number, excerpt = file) => {
    report.findings.push({ rule, severity, file, line, ...(column === undefined ? {} : { column }), message, excerpt: excerpt.slice(0, 120) });
  };
  if (!st) throw Object.assign(new Error(`no such folder: ${root}`), { code: 'ENOENT' });
  if (st.isSymbolicLink()) {
    const target = readlinkSync(root);
    add('symlink-escape', 'high', '.', `the skill folder is a link to "${visible(target)}"; not followed, nothing inside was scanned`, 1, undefined, visible(target));
    report.truncated = true;
    return finish(report, options);
  }
  if (!st.isDirectory()) throw Object.assign(new Error(`not a folder: ${root}`), { code: 'ENOTDIR' });

  const why: string[] = [];
  let stop = false;
  const walk = (abs: string, rel: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch {
      add('odd-path', 'medium', rel || '.', 'folder cannot be read; not scanned');
      return;
    }
    names.sort();
    for (const name of names) {
      if (stop) return;
      const childAbs = join(abs, name);
      const childRel = rel ? `${rel}/${name}` : name;
      const shownRel = visible(childRel);
      for (const h of nameHits(name)) add(h.rule, h.severity, childRel, h.message, 1, undefined, shownRel);
      const cst = lstatOrNull(childAbs);
      if (!cst) continue;
      if (cst.isDirectory()) {
        if (name === '.git') {
          add('odd-path', 'low', childRel, 'a .git folder inside the skill; not scanned', 1, undefined, shownRel);
          continue;
        }
        if (depth + 1 > limits.maxDepth) {
          add('odd-path', 'medium', childRel, `deeper than ${limits.maxDepth} folders; not scanned`, 1, undefined, shownRel);
          why.push(`folders deeper than ${limits.maxDepth}`);
          report.truncated = true;
          continue;
        }
        walk(childAbs, childRel, depth + 1);
        continue;
      }
      report.files++;
      if (report.files > limits.maxFiles) {
        why.push(`more than ${limits.maxFiles} files`);
        report.files--;
        stop = true;
        report.truncated = true;
        return;
      }
      if (cst.isSymbolicLink()) {
        let target = '';
        try {
          target = readlinkSync(childAbs);
        } catch {
          /* unreadable link: reported below with an empty target */
        }
        const escapes = target === '' || isAbsolute(target) || target.startsWith('~') || !inside(root, resolve(dirname(childAbs), target));
        add(
          escapes ? 'symlink-escape' : 'symlink',
          escapes ? 'high' : 'medium',
          childRel,
          escapes ? `link to "${visible(target)}", outside the skill (not followed)` : `link to "${visible(target)}" (not followed)`,
          1,
          undefined,
          `${shownRel} -> ${visible(target)}`,
        );
        continue;
      }
      if (!cst.isFile()) {
        const what = cst.isFIFO() ? 'a FIFO' : cst.isSocket() ? 'a socket' : 'a device';
        add('odd-path', 'high', childRel, `${what}, not a file; never opened`, 1, undefined, shownRel);
        continue;
      }
      scanFile(childAbs, childRel, name, cst);
    }
  };

  const scanFile = (abs: string, rel: string, name: string, fst: Stats) => {
    const shownRel = visible(rel);
    const inScripts = rel.startsWith('scripts/');
    if (name.startsWith('.')) add('odd-path', 'low', rel, 'hidden file (name starts with a dot)', 1, undefined, shownRel);
    const execBit = process.platform !== 'win32' && (fst.mode & 0o111) !== 0;
    if (execBit) add('executable-file', inScripts ? 'low' : 'medium', rel, `has the executable bit${inScripts ? '' : ' outside scripts/'}`, 1, undefined, shownRel);
    if (fst.size > limits.maxFileBytes)
      add('oversized', 'medium', rel, `${fst.size} bytes, over ${limits.maxFileBytes}: only the start is scanned`, 1, undefined, shownRel);
    const allowance = limits.maxSkillBytes - report.bytes;
    const want = Math.min(fst.size, limits.maxFileBytes);
    if (want > allowance) {
      why.push(`more than ${limits.maxSkillBytes} bytes`);
      report.truncated = true;
      stop = true;
    }
    const buf = readBounded(abs, Math.max(0, Math.min(want, allowance)));
    if (!buf) {
      add('odd-path', 'high', rel, 'changed into something other than a file while it was scanned; not read', 1, undefined, shownRel);
      return;
    }
    report.bytes += buf.length;
    const content = classify(buf);
    for (const h of contentHits(content, name)) add(h.rule, h.severity, rel, h.message, 1, undefined, shownRel);
    if (content.type !== 'text') return;
    const text = new TextDecoder('utf-8').decode(buf);
    const ext = extOf(name);
    const shebang = text.startsWith('#!');
    const kind: TextKind =
      rel === 'SKILL.md' ? 'skill-md' : MARKDOWN_EXT.has(ext) ? 'markdown' : SCRIPT_EXT.has(ext) || shebang ? 'script' : 'data';
    if (kind === 'script') {
      const first = shebang ? text.slice(0, text.indexOf('\n') >>> 0).slice(0, 80) : '';
      add('script-file', 'low', rel, `${ext || 'extension-less'} script${inScripts ? '' : ' outside scripts/'}`, 1, undefined, shebang ? excerptAt(first) : shownRel);
      if (shebang && !SCRIPT_EXT.has(ext))
        add('executable-file', 'medium', rel, 'a script (it starts with #!) without a script extension', 1, undefined, excerptAt(first));
    }
    for (const f of scanText(text, kind)) add(f.rule, f.severity, rel, f.message, f.line, f.column, f.excerpt);
  };

  walk(root, '', 0);
  if (report.truncated) {
    add('oversized', 'high', '.', `the scan stopped (${[...new Set(why)].join(', ')}): what was not read was not checked`, 1, undefined, '.');
  }
  return finish(report, options);
}

function finish(report: ScanReport, options: ScanOptions): ScanReport {
  const allow = options.allow ?? [];
  for (const f of report.findings) if (allow.length && isAllowed(f, allow)) f.allowed = true;
  report.findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      (a.column ?? 0) - (b.column ?? 0) ||
      RANK[a.severity] - RANK[b.severity] ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
  return report;
}

const hasSkillMd = (dir: string) => lstatOrNull(join(dir, 'SKILL.md'))?.isFile() === true;

/**
 * Every skill under `root`: `root` itself when it holds SKILL.md, else the folders with a SKILL.md
 * in `root/skills/` (a library), `root/.claude/skills/` (a project) or `root`. A linked skill
 * folder gets a report of its own that says so; it is not followed.
 */
export function scanTree(root: string, options: ScanOptions = {}): ScanReport[] {
  const limits: ScanLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const abs = resolve(root);
  if (hasSkillMd(abs)) return [scanSkill(abs, options)];
  const base = [join(abs, 'skills'), join(abs, '.claude', 'skills'), abs].find((d) => lstatOrNull(d)?.isDirectory()) ?? abs;
  let names: string[];
  try {
    names = readdirSync(base).sort();
  } catch {
    return [];
  }
  const reports: ScanReport[] = [];
  for (const name of names) {
    if (reports.length >= limits.maxSkills) break;
    const dir = join(base, name);
    const st = lstatOrNull(dir);
    if (st?.isSymbolicLink()) reports.push(scanSkill(dir, options));
    else if (st?.isDirectory() && hasSkillMd(dir)) reports.push(scanSkill(dir, options));
  }
  return reports;
}
