import type { Catalog, CatalogRole } from '../library/model.js';
import { toAgentName } from '../team/names.js';
import type { ProjectEvidence } from './evidence.js';
import { matchHints, type Finding } from './match.js';

/**
 * The starter team proposed from what was detected. Which roles are proposed, and where, is
 * the registry's `propose` data; this module only applies it: a role is proposed in each
 * package where one of its `propose.variants` is detected or its `propose.detect` evidence
 * is found, and packages whose stacks cannot share one agent get one agent each.
 */
export type Selection = Record<string, string[]>;

export interface ProposedAgent {
  name: string;
  role: string;
  variants: Selection;
  /** The package folders it works in (`.` for the root). */
  packages: string[];
  /** What it owns, as the team file records it: the package folders, none when it is the whole project. */
  paths: string[];
  /** Major in use per variant value, where detection found one. */
  versions: Record<string, number>;
  /** Why it is proposed, e.g. `Next.js in apps/web` or `file Dockerfile`. */
  because: string[];
}

function where(pkg: string): string {
  return pkg === '.' ? '' : ` in ${pkg}`;
}

/** Variants and values in registry order, so the result never depends on discovery order. */
function ordered(role: CatalogRole, selection: Selection): Selection {
  const out: Selection = {};
  for (const variant of Object.values(role.variants)) {
    const chosen = selection[variant.name];
    if (!chosen?.length) continue;
    out[variant.name] = Object.keys(variant.values).filter((v) => chosen.includes(v));
  }
  return out;
}

/**
 * The values of a role's variants detected in these packages (all when omitted). A variant
 * that takes one value keeps the first detected in registry order.
 */
export function detectedSelection(role: CatalogRole, findings: Finding[], packages?: string[]): Selection {
  const found: Selection = {};
  for (const f of findings) {
    if (f.role !== role.name || (packages && !packages.includes(f.package))) continue;
    found[f.variant] = [...(found[f.variant] ?? []), f.value];
  }
  const out = ordered(role, found);
  for (const [variant, values] of Object.entries(out)) if (!role.variants[variant]!.multiple) out[variant] = values.slice(0, 1);
  return out;
}

/** Two selections fit one agent unless a one-value variant differs. */
function compatible(role: CatalogRole, a: Selection, b: Selection): boolean {
  return Object.entries(a).every(([variant, values]) => role.variants[variant]!.multiple || !b[variant]?.length || b[variant]![0] === values[0]);
}

/** `base` with what `extra` adds: more values where several are allowed, a value where there was none. */
function merged(role: CatalogRole, base: Selection, extra: Selection): Selection {
  const out: Selection = { ...base };
  for (const [variant, values] of Object.entries(extra)) {
    const current = out[variant] ?? [];
    out[variant] = role.variants[variant]!.multiple ? [...new Set([...current, ...values])] : current.length ? current : values;
  }
  return ordered(role, out);
}

interface Group {
  packages: string[];
  selection: Selection;
  because: string[];
}

function anchorReasons(role: CatalogRole, evidence: ProjectEvidence, findings: Finding[]): Map<string, string[]> {
  const anchors = new Map<string, string[]>();
  const propose = role.propose!;
  for (const pkg of evidence.packages) {
    const because = findings
      .filter((f) => f.role === role.name && f.package === pkg.dir && propose.variants.includes(f.variant))
      .map((f) => `${role.variants[f.variant]!.values[f.value]!.title}${where(pkg.dir)}`);
    if (propose.detect) because.push(...matchHints(propose.detect, pkg).map((b) => `${b}${where(pkg.dir)}`));
    if (because.length > 0) anchors.set(pkg.dir, because);
  }
  return anchors;
}

function groupsFor(role: CatalogRole, anchors: Map<string, string[]>, findings: Finding[]): Group[] {
  const groups: Group[] = [];
  for (const [pkg, because] of anchors) {
    const selection = detectedSelection(role, findings, [pkg]);
    const group = groups.find((g) => compatible(role, g.selection, selection));
    if (group) {
      group.packages.push(pkg);
      group.selection = merged(role, group.selection, selection);
      group.because.push(...because);
    } else groups.push({ packages: [pkg], selection, because: [...because] });
  }
  // Tools declared once at the root of a monorepo (test runners, linters) serve every package.
  if (!anchors.has('.')) {
    const shared = detectedSelection(role, findings, ['.']);
    for (const group of groups) group.selection = merged(role, group.selection, shared);
  }
  return groups;
}

function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let i = 2; taken.has(name); i += 1) name = `${wanted}-${i}`;
  taken.add(name);
  return name;
}

export function proposeTeam(catalog: Catalog, evidence: ProjectEvidence, findings: Finding[]): ProposedAgent[] {
  const agents: ProposedAgent[] = [];
  const taken = new Set<string>();
  for (const role of Object.values(catalog.roles)) {
    if (!role.propose) continue;
    const anchors = anchorReasons(role, evidence, findings);
    if (anchors.size === 0) continue;
    const groups = groupsFor(role, anchors, findings);
    for (const group of groups) {
      const first = group.packages[0]!;
      const prefix = groups.length > 1 && first !== '.' ? toAgentName(first.split('/').pop()!) : '';
      const name = uniqueName(prefix ? `${prefix}-${role.propose.name}` : role.propose.name, taken);
      const versions: Record<string, number> = {};
      for (const f of findings) {
        if (f.role === role.name && f.version !== undefined && group.packages.includes(f.package) && group.selection[f.variant]?.includes(f.value)) versions[f.value] ??= f.version;
      }
      const paths = group.packages.includes('.') ? [] : [...group.packages];
      agents.push({ name, role: role.name, variants: group.selection, packages: group.packages, paths, versions, because: [...new Set(group.because)] });
    }
  }
  return agents;
}
