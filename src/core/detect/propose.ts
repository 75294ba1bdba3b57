import type { Catalog, CatalogRole } from '../library/model.js';
import { toAgentName } from '../team/names.js';
import type { PackageEvidence, ProjectEvidence } from './evidence.js';
import { matchesGlob } from './glob.js';
import { matchHints, roleTakes, type Finding } from './match.js';
import { manifestKind } from './package-deps.js';

/**
 * The starter team proposed from what was detected, and who owns which package. Which roles are
 * proposed is the registry's `propose` data; this module applies it (the rules are written out
 * for users in docs/interactive.md):
 *
 * - A role proposed on its stack alone (no `propose.detect`: the developers) is anchored in each
 *   package where a value of one of its `propose.variants` is found; packages whose one-value
 *   variants differ get an agent each.
 * - A package with no anchor joins the agent of the only such role whose values (a value no
 *   other such role has) are found in it — tRPC in an API package, Tailwind in a shared config —
 *   else the agent that owns the workspace packages it runs on, else the one whose packages run on it.
 * - A role proposed on file evidence (`propose.detect`: DevOps from Dockerfiles, QA from code)
 *   serves the whole project, unless the root is not its evidence and some packages are its alone
 *   (an end-to-end package with Playwright and nothing else): then it owns those.
 * - What is left, except tooling, is unowned: a package others use only as a devDependency (an
 *   eslint or tsconfig package), and the root of a monorepo, are tooling.
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

export interface Proposal {
  agents: ProposedAgent[];
  /** Package folders with a manifest that no proposed agent owns (tooling excepted). */
  unowned: string[];
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
 * The values of a role's variants detected in these packages (all when omitted), except those
 * the role hands off. A variant that takes one value keeps the first detected in registry order.
 */
export function detectedSelection(role: CatalogRole, findings: Finding[], packages?: string[]): Selection {
  const found: Selection = {};
  for (const f of findings) {
    if (f.role !== role.name || f.handedOff || (packages && !packages.includes(f.package))) continue;
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
  role: CatalogRole;
  packages: string[];
  selection: Selection;
  because: string[];
}

function ecosystems(pkg: PackageEvidence | undefined): Set<string> {
  return new Set((pkg?.manifests ?? []).map((m) => manifestKind(m)?.ecosystem ?? 'other'));
}

function shareEcosystem(a: Set<string>, b: Set<string>): boolean {
  return [...a].some((e) => b.has(e));
}

/** Per package, why a role is anchored there: a value of one of its `propose.variants`, or its `propose.detect` evidence. */
function anchorReasons(role: CatalogRole, evidence: ProjectEvidence, findings: Finding[], withFiles: boolean): Map<string, string[]> {
  const anchors = new Map<string, string[]>();
  const propose = role.propose!;
  for (const pkg of evidence.packages) {
    const because = findings
      .filter((f) => f.role === role.name && f.package === pkg.dir && !f.handedOff && propose.variants.includes(f.variant))
      .map((f) => `${role.variants[f.variant]!.values[f.value]!.title}${where(pkg.dir)}`);
    if (withFiles && propose.detect) because.push(...matchHints(propose.detect, pkg).map((b) => `${b}${where(pkg.dir)}`));
    if (because.length > 0) anchors.set(pkg.dir, because);
  }
  return anchors;
}

/** The files of a package that a role's `propose.detect` file globs match. */
function evidenceFiles(role: CatalogRole, pkg: PackageEvidence): string[] {
  const globs = role.propose?.detect?.files ?? [];
  return pkg.files.filter((file) => globs.some((glob) => matchesGlob(file, glob)));
}

function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let i = 2; taken.has(name); i += 1) name = `${wanted}-${i}`;
  taken.add(name);
  return name;
}

/** Roles whose agents work in packages (the developers) and roles that serve the whole project. */
function proposingRoles(catalog: Catalog): { perPackage: CatalogRole[]; projectWide: CatalogRole[] } {
  const roles = Object.values(catalog.roles).filter((r) => r.propose);
  return { perPackage: roles.filter((r) => !r.propose!.detect), projectWide: roles.filter((r) => r.propose!.detect) };
}

/** Value names each role would take, so a value found in a package can name the one role it belongs to. */
function takenValues(catalog: Catalog, roles: CatalogRole[]): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>();
  for (const role of roles) {
    for (const variant of Object.values(role.variants)) {
      for (const value of Object.values(variant.values)) {
        if (!roleTakes(catalog, role, value)) continue;
        const set = owners.get(value.name) ?? new Set<string>();
        set.add(role.name);
        owners.set(value.name, set);
      }
    }
  }
  return owners;
}

/** The roles among `roles` that a package's findings point at through values only they take. */
function exclusiveRoles(findings: Finding[], pkg: string, roles: CatalogRole[], owners: Map<string, Set<string>>): Set<string> {
  const names = new Set(roles.map((r) => r.name));
  const out = new Set<string>();
  for (const f of findings) {
    if (f.package !== pkg || f.handedOff || !names.has(f.role)) continue;
    const takers = [...(owners.get(f.value) ?? [])].filter((r) => names.has(r));
    if (takers.length === 1) out.add(takers[0]!);
  }
  return out;
}

function place(groups: Group[], role: CatalogRole, pkg: PackageEvidence, selection: Selection, because: string[], evidence: Map<string, PackageEvidence>): void {
  const own = ecosystems(pkg);
  const group = groups.find(
    (g) => g.role === role && compatible(role, g.selection, selection) && g.packages.some((p) => shareEcosystem(ecosystems(evidence.get(p)), own)),
  );
  if (group) {
    group.packages.push(pkg.dir);
    group.selection = merged(role, group.selection, selection);
    group.because.push(...because);
  } else groups.push({ role, packages: [pkg.dir], selection, because: [...because] });
}

/** npm workspace links by folder: what each package runs on, and who uses each package (at all, and at run time). */
function workspaceGraph(evidence: ProjectEvidence): { runsOn: Map<string, string[]>; usedBy: Map<string, string[]>; runtimeUsers: Map<string, number> } {
  const byName = new Map<string, string>();
  for (const pkg of evidence.packages) if (pkg.name && pkg.dir !== '.' && pkg.manifests.includes('package.json')) byName.set(pkg.name, pkg.dir);
  const runsOn = new Map<string, string[]>();
  const usedBy = new Map<string, string[]>();
  const runtimeUsers = new Map<string, number>();
  for (const pkg of evidence.packages) {
    const dev = new Set(pkg.devOnly ?? []);
    for (const dep of pkg.deps.npm) {
      const dir = byName.get(dep);
      if (!dir || dir === pkg.dir) continue;
      usedBy.set(dir, [...(usedBy.get(dir) ?? []), pkg.dir]);
      if (dev.has(dep)) continue;
      runtimeUsers.set(dir, (runtimeUsers.get(dir) ?? 0) + 1);
      runsOn.set(pkg.dir, [...(runsOn.get(pkg.dir) ?? []), dir]);
    }
  }
  return { runsOn, usedBy, runtimeUsers };
}

function developerGroups(catalog: Catalog, evidence: ProjectEvidence, findings: Finding[], roles: CatalogRole[]): { groups: Group[]; owner: Map<string, Group> } {
  const byDir = new Map(evidence.packages.map((p) => [p.dir, p]));
  const groups: Group[] = [];
  const anchored = new Set<string>();
  for (const role of roles) {
    const before = groups.length;
    for (const [dir, because] of anchorReasons(role, evidence, findings, true)) {
      anchored.add(dir);
      const selection = detectedSelection(role, findings, [dir]);
      const group = groups.slice(before).find((g) => compatible(role, g.selection, selection));
      if (group) {
        group.packages.push(dir);
        group.selection = merged(role, group.selection, selection);
        group.because.push(...because);
      } else groups.push({ role, packages: [dir], selection, because: [...because] });
    }
  }
  const owner = new Map<string, Group>();
  for (const g of groups) for (const p of g.packages) if (!owner.has(p)) owner.set(p, g);
  const monorepo = evidence.packages.length > 1;
  const loose = evidence.packages.filter((p) => !anchored.has(p.dir) && !(monorepo && p.dir === '.') && p.manifests.length > 0);

  // Values only one developer role takes say whose package it is.
  const owners = takenValues(catalog, roles);
  for (const pkg of loose) {
    const exclusive = [...exclusiveRoles(findings, pkg.dir, roles, owners)];
    if (exclusive.length !== 1) continue;
    const role = roles.find((r) => r.name === exclusive[0])!;
    const selection = detectedSelection(role, findings, [pkg.dir]);
    const because = Object.values(selection).flat().map((v) => `${Object.values(role.variants).find((x) => x.values[v])?.values[v]?.title ?? v}${where(pkg.dir)}`);
    place(groups, role, pkg, selection, because, byDir);
    owner.set(pkg.dir, groups.find((g) => g.packages.includes(pkg.dir))!);
  }

  // Then the workspace links: what a package runs on, else who uses it, when that is one agent's.
  // First only where every linked package is decided, then with what is decided.
  const { runsOn, usedBy } = workspaceGraph(evidence);
  for (const strict of [true, false]) {
    for (let round = 0, changed = true; changed && round < 10; round += 1) {
      changed = false;
      for (const pkg of loose) {
        if (owner.has(pkg.dir)) continue;
        for (const linked of [runsOn.get(pkg.dir) ?? [], usedBy.get(pkg.dir) ?? []]) {
          const decided = linked.filter((n) => owner.has(n));
          const agents = new Set(decided.map((n) => owner.get(n)!));
          if (decided.length === 0 || agents.size !== 1 || (strict && decided.length < linked.length)) continue;
          const group = [...agents][0]!;
          group.packages.push(pkg.dir);
          owner.set(pkg.dir, group);
          changed = true;
          break;
        }
      }
    }
  }
  for (const g of groups) g.packages.sort();
  return { groups, owner };
}

/** Tools declared once at the root of a monorepo (test runners, linters) serve every package. */
function withRootTools(groups: Group[], findings: Finding[]): void {
  for (const group of groups) {
    if (group.packages.includes('.')) continue;
    group.selection = merged(group.role, group.selection, detectedSelection(group.role, findings, ['.']));
  }
}

const MAX_REASONS = 8;

function agentFor(group: Group, findings: Finding[], name: string): ProposedAgent {
  const versions: Record<string, number> = {};
  for (const pkg of group.packages) {
    for (const f of findings) {
      if (f.package === pkg && f.role === group.role.name && f.version !== undefined && group.selection[f.variant]?.includes(f.value)) versions[f.value] ??= f.version;
    }
  }
  // Project-wide agents take versions from wherever their tools are.
  for (const f of findings) {
    if (f.role === group.role.name && f.version !== undefined && group.selection[f.variant]?.includes(f.value)) versions[f.value] ??= f.version;
  }
  const paths = group.packages.includes('.') ? [] : [...group.packages];
  // A project-wide agent of a large monorepo has a reason in every package: name the first few.
  const because = [...new Set(group.because)];
  const shown = because.length > MAX_REASONS ? [...because.slice(0, MAX_REASONS - 1), `(+${because.length - MAX_REASONS + 1} more)`] : because;
  return { name, role: group.role.name, variants: group.selection, packages: group.packages, paths, versions, because: shown };
}

export function proposeTeam(catalog: Catalog, evidence: ProjectEvidence, findings: Finding[]): Proposal {
  const { perPackage, projectWide } = proposingRoles(catalog);
  const { groups, owner } = developerGroups(catalog, evidence, findings, perPackage);
  // Only a workspace root's tools are shared; an app at the root keeps its own.
  if (!groups.some((g) => g.packages.includes('.'))) withRootTools(groups, findings);

  const projectGroups: Group[] = [];
  const developerAnchored = new Set(groups.flatMap((g) => g.packages));
  const allOwners = takenValues(catalog, [...perPackage, ...projectWide]);
  for (const role of projectWide) {
    const anchors = anchorReasons(role, evidence, findings, true);
    if (anchors.size === 0) continue;
    // Packages that are this role's alone: a value no other role takes is found there, in no developer's package.
    const exclusive = (dir: string) => exclusiveRoles(findings, dir, [...perPackage, ...projectWide], allOwners).has(role.name);
    const dedicated = evidence.packages.map((p) => p.dir).filter((dir) => !developerAnchored.has(dir) && exclusive(dir));
    // Its work elsewhere: such a value in a developer's package, or evidence that is more than the
    // manifests that make a folder a package (a Dockerfile is DevOps work; a package.json is just code).
    const elsewhere = evidence.packages.some(
      (pkg) => !dedicated.includes(pkg.dir) && (exclusive(pkg.dir) || evidenceFiles(role, pkg).some((file) => !manifestKind(file))),
    );
    const packages = dedicated.length === 0 || dedicated.includes('.') || elsewhere ? ['.'] : dedicated;
    projectGroups.push({ role, packages, selection: detectedSelection(role, findings), because: [...anchors.values()].flat() });
  }

  const agents: ProposedAgent[] = [];
  const taken = new Set<string>();
  for (const role of [...perPackage, ...projectWide]) {
    const mine = [...groups, ...projectGroups].filter((g) => g.role === role);
    for (const group of mine) {
      const first = group.packages[0]!;
      const prefix = mine.length > 1 && first !== '.' ? toAgentName(first.split('/').pop()!) : '';
      const name = uniqueName(prefix ? `${prefix}-${role.propose!.name}` : role.propose!.name, taken);
      agents.push(agentFor(group, findings, name));
    }
  }
  // Registry order of roles, as before.
  const order = Object.keys(catalog.roles);
  agents.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  // A package of DevOps' or QA's own (an infra/ or e2e/ package) is theirs even when they serve the whole project.
  const theirs = new Set(
    evidence.packages.filter((p) => projectGroups.some((g) => exclusiveRoles(findings, p.dir, [...perPackage, ...projectWide], allOwners).has(g.role.name))).map((p) => p.dir),
  );
  return { agents, unowned: unownedPackages(evidence, groups, projectGroups, owner, theirs) };
}

function unownedPackages(evidence: ProjectEvidence, groups: Group[], projectGroups: Group[], owner: Map<string, Group>, theirs: Set<string>): string[] {
  const covered = (dir: string) =>
    owner.has(dir) ||
    theirs.has(dir) ||
    [...groups, ...projectGroups.filter((g) => !g.packages.includes('.'))].some((g) => g.packages.some((p) => p === '.' || dir === p || dir.startsWith(`${p}/`)));
  const { usedBy, runtimeUsers } = workspaceGraph(evidence);
  // The root is the project itself (in a monorepo, its workspace): only the packages in it can be left out.
  return evidence.packages
    .filter((p) => p.manifests.length > 0 && p.dir !== '.' && !covered(p.dir))
    // Shared configs (eslint, prettier, tsconfig packages) are used only while developing.
    .filter((p) => !((usedBy.get(p.dir)?.length ?? 0) > 0 && (runtimeUsers.get(p.dir) ?? 0) === 0))
    .map((p) => p.dir);
}
