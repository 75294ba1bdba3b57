import type { ReadySource } from '../core/sources/ensure.js';
import type { SourceFinding } from '../core/sources/check.js';
import type { SourceView } from '../core/sources/list.js';
import { CLI, pad, type Style } from './style.js';
import { count } from './words.js';

/** `skills/fmt/SKILL.md:12  high    prompt-injection  ...`, coloured by severity. */
export function findingLines(s: Style, findings: readonly SourceFinding[], indent = '  '): string[] {
  const colour = (sev: string) => (sev === 'high' ? s.red : sev === 'medium' ? s.yellow : s.dim);
  const width = Math.min(60, Math.max(0, ...findings.map((f) => `${f.file}:${f.line}`.length)) + 2);
  return findings.map((f) => `${indent}${pad(`${f.file}:${f.line}`, width)}${colour(f.severity)(pad(f.severity, 7))} ${pad(f.rule, 20)}${f.message}${f.allowed ? s.dim(' (allowed)') : ''}`);
}

const short = (commit: string) => commit.slice(0, 12);

/** What a sync or a source command did with each git source it fetched or moved. */
export function readySourceLines(s: Style, sources: readonly ReadySource[], options: { all?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const src of sources) {
    const moved = src.previous && src.previous.commit !== src.pin.commit;
    if (!options.all && !src.resolved && !moved) continue;
    const where = `${src.entry.url}#${src.pin.ref}`;
    const head = moved
      ? `${src.name}: ${short(src.previous!.commit)} → ${short(src.pin.commit)}${src.commits !== undefined ? ` (${count(src.commits, 'commit')})` : ''} ${s.dim(where)}`
      : `${src.name}: ${src.resolved ? 'pinned to' : 'at'} ${short(src.pin.commit)} ${s.dim(where)}`;
    lines.push(`  ${head}`);
    const skills = Object.values(src.prepared.skills);
    const roles = Object.values(src.prepared.roles);
    lines.push(s.dim(`    ${count(skills.length, 'skill')}${skills.length ? `: ${skills.join(', ')}` : ''}${roles.length ? `; ${count(roles.length, 'role')}: ${roles.join(', ')}` : ''}`));
    const shown = src.check.findings.filter((f) => f.severity !== 'low' || f.allowed);
    if (shown.length > 0) {
      lines.push(s.dim(`    scan at trust ${src.trust}: ${count(shown.length, 'finding')} that ${shown.length === 1 ? 'does' : 'do'} not block (low ones are in --json)`));
      lines.push(...findingLines(s, shown, '      '));
    }
    for (const note of src.notes) lines.push(s.yellow(`    note: ${note}`));
  }
  return lines;
}

/** `source list`. */
export function sourceListLines(s: Style, views: readonly SourceView[]): string[] {
  if (views.length === 0) return [`No sources. Add a git repository of skills with \`${CLI} source add <url>[#ref]\`.`];
  const lines: string[] = [];
  for (const v of views) {
    if (v.kind === 'folder') {
      lines.push(`${s.bold(v.name)}  folder in the project`);
      continue;
    }
    const pin = v.commit ? `${short(v.commit)}${v.cached ? '' : s.yellow(' (not on this machine: sync fetches it)')}` : s.yellow(`not pinned: run ${CLI} sync`);
    lines.push(`${s.bold(v.name)}  ${v.url}#${v.ref}  ${pin}  ${s.dim(`trust ${v.trust}`)}`);
    if (v.skills.length) lines.push(s.dim(`  skills: ${v.skills.join(', ')}`));
    if (v.roles.length) lines.push(s.dim(`  roles: ${v.roles.join(', ')}`));
    if (v.allow.length) lines.push(s.dim(`  allowed findings: ${v.allow.join(', ')}`));
  }
  lines.push(s.dim(`Use a source's skill in a role as <source>:<skill> (installed as <source>-<skill>).`));
  return lines;
}

/** The JSON of a ready source: its pin and findings, without the unpacked tree's file list. */
export function readySourceJson(src: ReadySource): Record<string, unknown> {
  return {
    name: src.name,
    url: src.entry.url,
    ref: src.pin.ref,
    commit: src.pin.commit,
    previousCommit: src.previous?.commit ?? null,
    commits: src.commits ?? null,
    trust: src.trust,
    files: Object.keys(src.pin.files).length,
    skills: Object.values(src.prepared.skills),
    roles: Object.values(src.prepared.roles),
    findings: src.check.findings,
    notes: src.notes,
  };
}
