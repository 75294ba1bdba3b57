import type { Detection, ProposedAgent } from '../core/detect/index.js';
import type { Catalog } from '../core/library/model.js';
import { agentLine } from './agents.js';
import { CLI, pad, type Style } from './style.js';

/** `apps/web: npm next, file next.config.mjs`; the root is named only when there are other packages. */
function evidence(where: Detection['stack'][number]['where'], monorepo: boolean): string {
  return where.map((w) => `${w.package !== '.' ? `${w.package}: ` : monorepo ? 'root: ' : ''}${w.because.join(', ')}`).join('; ');
}

/** `Next.js 13`, `SvelteKit 2/3` when packages differ, or the bare title when no major is known. */
function titleWithMajors(item: Detection['stack'][number]): string {
  const majors = [...new Set(item.where.flatMap((w) => (w.version === undefined ? [] : [w.version])))].sort((a, b) => a - b);
  return majors.length ? `${item.title} ${majors.join('/')}` : item.title;
}

/** Packages nobody would own, with what to do about it. */
export function unownedLines(s: Style, detection: Detection): string[] {
  if (detection.unowned.length === 0) return [];
  return [
    s.yellow(`  not owned by any proposed agent: ${detection.unowned.join(', ')}`),
    s.dim(`  (give them to an agent with \`${CLI} add <name> <role> --paths <folder,...>\` or under its \`paths:\` in the team file)`),
  ];
}

/** What was detected and why, one technology a line, with the major in use where known. */
export function stackLines(s: Style, detection: Detection): string[] {
  if (detection.stack.length === 0) return [s.dim('  nothing agent-team recognises (no known package, framework or config file)')];
  const titles = detection.stack.map(titleWithMajors);
  const width = Math.max(...titles.map((t) => t.length)) + 2;
  const packages = detection.packages.filter((p) => p.dir !== '.');
  const lines = detection.stack.map((item, i) => `  ${pad(titles[i]!, width)}${s.dim(evidence(item.where, packages.length > 0))}`);
  if (packages.length > 0) lines.push(s.dim(`  packages: ${packages.map((p) => p.dir).join(', ')}`));
  lines.push(...unownedLines(s, detection));
  if (detection.truncated) lines.push(s.yellow('  (the project is large: only its first 20,000 files and folders were looked at)'));
  return lines;
}

export function proposalLines(s: Style, catalog: Catalog, proposal: ProposedAgent[]): string[] {
  if (proposal.length === 0) return [s.dim(`  none: add agents yourself with \`${CLI} add\``)];
  const width = Math.max(...proposal.map((a) => a.name.length)) + 2;
  return proposal.map((a) => `  ${agentLine(s, catalog, a, width)}`);
}

/** The whole `detect` report. */
export function detectionLines(s: Style, root: string, initialised: boolean, catalog: Catalog, detection: Detection): string[] {
  return [
    s.bold(`Stack detected in ${root}:`),
    ...stackLines(s, detection),
    '',
    s.bold('Proposed team:'),
    ...proposalLines(s, catalog, detection.proposal),
    '',
    initialised
      ? `Add agents with ${s.cyan(`${CLI} add`)}: detected stacks are preselected.`
      : `Create it with ${s.cyan(`${CLI} init`)} (asks first) or ${s.cyan(`${CLI} init --yes`)}.`,
  ];
}
