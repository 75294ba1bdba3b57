import type { Context } from '../cli/context.js';
import { detectProject, detectedSelection, type Detection, type Selection } from '../core/detect/index.js';
import { failure } from '../core/errors.js';
import type { Catalog, CatalogRole, CatalogVariant } from '../core/library/model.js';
import { addAgent, type AddOutcome } from '../core/operations/add.js';
import { assertRole, assertVariants } from '../core/operations/checks.js';
import { own } from '../core/own.js';
import { loadTeamCatalog } from '../core/pipeline.js';
import { openProject } from '../core/project.js';
import { assertAgentName } from '../core/team/names.js';
import { agentViewsOf } from '../core/views/index.js';
import { agentReviewLines } from '../present/agents.js';
import { planReviewLines } from '../present/plan.js';
import { checklist, choose, confirmOrCancel } from './io.js';
import { askAgentName, freeName } from './names.js';

export interface AddAnswers {
  name?: string;
  role?: string;
  variants: Selection;
  versions?: Record<string, number>;
  paths?: string[];
  force: boolean;
}

/** The role to offer first: one detection proposes that the team does not have yet. */
function suggestedRole(catalog: Catalog, detection: Detection, have: string[]): string | undefined {
  return detection.proposal.find((a) => !have.includes(a.role))?.role ?? Object.keys(catalog.roles)[0];
}

async function askRole(catalog: Catalog, detection: Detection, have: string[]): Promise<string> {
  const width = Math.max(...Object.keys(catalog.roles).map((r) => r.length)) + 2;
  return choose<string>({
    message: 'Role of the new agent:',
    default: suggestedRole(catalog, detection, have),
    choices: Object.values(catalog.roles).map((r) => ({ value: r.name, name: `${r.name.padEnd(width)}${r.title}`, short: r.name, description: r.description })),
  });
}

/** Why a value is preselected: the evidence, with the package it was found in. */
function evidenceOf(detection: Detection, role: string, variant: string, value: string): string | undefined {
  const found = detection.findings.filter((f) => f.role === role && f.variant === variant && f.value === value);
  if (found.length === 0) return undefined;
  return `Detected: ${found.map((f) => `${f.package === '.' ? '' : `${f.package}: `}${f.because.join(', ')}`).join('; ')}`;
}

async function askVariant(ctx: Context, role: CatalogRole, variant: CatalogVariant, detection: Detection, detected: string[]): Promise<string[]> {
  const choices = Object.values(variant.values).map((v) => ({
    value: v.name,
    name: detected.includes(v.name) ? `${v.title} ${ctx.out.style.dim('(detected)')}` : v.title,
    short: v.title,
    description: evidenceOf(detection, role.name, variant.name, v.name) ?? v.description,
  }));
  if (variant.multiple) {
    return checklist<string>({ message: `${variant.title} (any number):`, choices: choices.map((c) => ({ ...c, checked: detected.includes(c.value) })) });
  }
  const picked = await choose<string | null>({ message: `${variant.title}:`, choices: [...choices, { value: null, name: 'none' }], default: detected[0] ?? null });
  return picked === null ? [] : [picked];
}

/**
 * `add` in a terminal with something missing: role (with its description), then each of its
 * variants not given as a flag (detected values preselected), then the name. The plan, the
 * skills and the token cost are shown, and the agent is added only after a yes. Returns the
 * outcome (a preview under --dry-run) for the command to report.
 */
export async function guidedAdd(ctx: Context, given: AddAnswers): Promise<AddOutcome> {
  const { root, team } = openProject(ctx.cwd);
  const catalog = loadTeamCatalog(root, team);
  const taken = new Set(Object.keys(team.agents ?? {}));
  // What was given is checked before any question, so nobody answers five prompts for nothing.
  if (given.name !== undefined) {
    assertAgentName(given.name);
    const existing = own(team.agents ?? {}, given.name);
    if (existing) {
      throw failure('agent-exists', `Agent "${given.name}" is already in the team (role ${existing.role}).`, 'Pick another name, or change it in the team file and run `agent-team sync`.');
    }
  }
  if (given.role !== undefined) assertRole(catalog, given.role);
  const detection = await ctx.out.during('Looking at the project...', () => detectProject(root, catalog));

  const roleName = given.role ?? (await askRole(catalog, detection, Object.values(team.agents ?? {}).map((a) => a.role)));
  const role = own(catalog.roles, roleName)!;
  assertVariants(catalog, roleName, given.variants);
  const detected = detectedSelection(role, detection.findings);
  const variants: Selection = { ...given.variants };
  for (const variant of Object.values(role.variants)) {
    if (Object.hasOwn(given.variants, variant.name)) continue;
    const values = await askVariant(ctx, role, variant, detection, detected[variant.name] ?? []);
    if (values.length > 0) variants[variant.name] = values;
  }
  const name = given.name ?? (await askAgentName(ctx.out, `Name of the new ${role.title} agent:`, freeName(role.propose?.name ?? role.name, taken), taken));

  // Majors only of the values chosen: an unticked value has no version to record.
  const chosen = (f: { variant: string; value: string }) => variants[f.variant]?.includes(f.value) ?? false;
  const detectedVersions = Object.fromEntries(detection.findings.filter((f) => f.role === roleName && f.version !== undefined && chosen(f)).map((f) => [f.value, f.version!]));
  const input = { name, role: roleName, variants, versions: { ...detectedVersions, ...given.versions }, paths: given.paths, force: given.force };
  const preview = await ctx.out.during('Planning...', () => addAgent(ctx.cwd, input, { dryRun: true }));
  if (ctx.dryRun) return preview;
  const s = ctx.out.style;
  const cost = agentViewsOf(preview.change, null, [name])[0]!.cost;
  ctx.out.line();
  for (const line of agentReviewLines(s, [{ agent: preview.agent, cost }])) ctx.out.line(line);
  ctx.out.line(s.bold('Files:'));
  for (const line of planReviewLines(s, preview.entries)) ctx.out.line(line);
  ctx.out.line();
  await confirmOrCancel(`Add ${name}?`);
  return ctx.out.during('Writing files...', () => addAgent(ctx.cwd, input, { expectPlan: preview.planDigest, onWait: ctx.onWait }));
}
