import type { Context } from '../cli/context.js';
import type { Catalog } from '../core/library/catalog.js';
import { detectFolder, type Detection, type ProposedAgent, type Selection } from '../core/detect/index.js';
import type { Output } from '../cli/output.js';

function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length);
}

/** The titles of a selection, in the role's order: `React, Next.js, Tailwind CSS`. */
export function selectionTitles(catalog: Catalog, role: string, variants: Selection): string[] {
  const found = catalog.roles[role];
  if (!found) return [];
  return Object.values(found.variants).flatMap((v) => (variants[v.name] ?? []).map((value) => v.values[value]?.title ?? value));
}

/** `apps/web: npm next, file next.config.mjs`; the root is named only when there are other packages. */
function evidence(where: Detection['stack'][number]['where'], monorepo: boolean): string {
  return where.map((w) => `${w.package !== '.' ? `${w.package}: ` : monorepo ? 'root: ' : ''}${w.because.join(', ')}`).join('; ');
}

/** What was detected and why, one technology a line. */
export function stackLines(out: Output, detection: Detection): string[] {
  const s = out.style;
  if (detection.stack.length === 0) return [s.dim('  nothing agent-team recognises (no known package, framework or config file)')];
  const width = Math.max(...detection.stack.map((i) => i.title.length)) + 2;
  const packages = detection.packages.filter((p) => p.dir !== '.');
  const lines = detection.stack.map((item) => `  ${pad(item.title, width)}${s.dim(evidence(item.where, packages.length > 0))}`);
  if (packages.length > 0) lines.push(s.dim(`  packages: ${packages.map((p) => p.dir).join(', ')}`));
  if (detection.truncated) lines.push(s.yellow('  (the project is large: only its first 20,000 files and folders were looked at)'));
  return lines;
}

/** The packages an agent is for; none when it works at the root, i.e. on the whole project. */
export function packagesOf(agent: { packages?: string[] }): string[] {
  return !agent.packages || agent.packages.includes('.') ? [] : agent.packages;
}

export function agentLine(out: Output, catalog: Catalog, agent: Pick<ProposedAgent, 'name' | 'role' | 'variants'> & { packages?: string[] }, width: number): string {
  const role = catalog.roles[agent.role];
  const titles = selectionTitles(catalog, agent.role, agent.variants);
  const where = packagesOf(agent);
  return `${pad(agent.name, width)}${role?.title ?? agent.role}${titles.length ? `: ${titles.join(', ')}` : ''}${where.length ? out.style.dim(` (${where.join(', ')})`) : ''}`;
}

export function proposalLines(out: Output, catalog: Catalog, proposal: ProposedAgent[]): string[] {
  if (proposal.length === 0) return [out.style.dim('  none: add agents yourself with `agent-team add`')];
  const width = Math.max(...proposal.map((a) => a.name.length)) + 2;
  return proposal.map((a) => `  ${agentLine(out, catalog, a, width)}`);
}

export async function run(ctx: Context): Promise<void> {
  const { root, initialised, catalog, detection } = await ctx.out.during('Looking at the project...', () => detectFolder(ctx.cwd));
  const s = ctx.out.style;
  ctx.out.result(
    { command: 'detect', root, packages: detection.packages, stack: detection.stack, proposal: detection.proposal, truncated: detection.truncated },
    () => [
      s.bold(`Stack detected in ${root}:`),
      ...stackLines(ctx.out, detection),
      '',
      s.bold('Proposed team:'),
      ...proposalLines(ctx.out, catalog, detection.proposal),
      '',
      initialised
        ? `Add agents with ${s.cyan('npx agent-team add')}: detected stacks are preselected.`
        : `Create it with ${s.cyan('npx agent-team init')} (asks first) or ${s.cyan('npx agent-team init --yes')}.`,
    ],
  );
}
