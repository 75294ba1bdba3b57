import { join } from 'node:path';
import { usageError } from '../errors.js';
import { blockingFindings, isAllowed, parseAllow, scanSkill, type Finding, type ScanReport, type Trust } from '../scan/index.js';
import type { SourceLayout } from './layout.js';
import { MAX_SOURCE_BYTES, MAX_SOURCE_FILES } from './tree.js';

/**
 * The scan of a source before anything of it is installed: every skill folder on its own (so
 * SKILL.md gets the SKILL.md rules, inline shell among them), then the whole tree for every other
 * file. Paths in findings and in `allow` entries are relative to the source's top, as the user
 * sees them in the repository.
 */
export interface SourceFinding extends Finding {
  /** The skill the file belongs to, when it belongs to one. */
  skill?: string;
}

export interface SourceCheck {
  findings: SourceFinding[];
  blocking: SourceFinding[];
  /** A limit stopped part of the scan. */
  truncated: boolean;
}

/** The allow entries, each naming a rule the scanner has; an unknown one is a usage error, never ignored. */
export function checkAllow(entries: readonly string[]): string[] {
  const { valid, unknown } = parseAllow(entries);
  if (unknown.length > 0) {
    throw usageError('unknown-scan-rule', `--allow names no scan rule: ${unknown.join(', ')}.`, 'Write a rule id from the scan findings (e.g. script-file), optionally with a file: script-file:skills/fmt/scripts/run.sh.', undefined, { unknown });
  }
  return valid;
}

const rebase = (prefix: string, file: string) => (prefix === '' || prefix === '.' ? file : file === '.' ? prefix : `${prefix}/${file}`);

export function checkSource(top: string, layout: SourceLayout, trust: Trust, allow: readonly string[]): SourceCheck {
  const findings: SourceFinding[] = [];
  let truncated = false;
  const folders = layout.skills.map((s) => s.path).filter((p) => p !== '.');
  const inSkill = (file: string) => folders.some((f) => file === f || file.startsWith(`${f}/`));
  for (const skill of layout.skills) {
    const report = scanSkill(join(top, skill.path));
    truncated ||= report.truncated;
    for (const f of report.findings) findings.push({ ...f, file: rebase(skill.path, f.file), skill: skill.name });
  }
  // The tree as a whole is bounded already (tree.ts): let the scan read all of it.
  const whole = scanSkill(top, { limits: { maxFiles: MAX_SOURCE_FILES, maxSkillBytes: MAX_SOURCE_BYTES } });
  truncated ||= whole.truncated;
  for (const f of whole.findings) if (!inSkill(f.file)) findings.push({ ...f });
  for (const f of findings) f.allowed = allow.length > 0 && isAllowed(f, allow) ? true : undefined;
  const report: ScanReport = { skill: '', dir: top, findings, files: 0, bytes: 0, truncated };
  return { findings: findings.map(clean), blocking: blockingFindings(report, trust) as SourceFinding[], truncated };
}

function clean(f: SourceFinding): SourceFinding {
  if (f.allowed === undefined) delete f.allowed;
  return f;
}
