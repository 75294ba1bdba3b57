import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCatalog, type Catalog } from '../library/catalog.js';
import { failure } from '../errors.js';
import { libraryDir } from '../library/package.js';
import { findProjectRoot } from '../project.js';
import { parseTeam, readTeamText } from '../team/team-file.js';
import type { ProjectEvidence } from './evidence.js';
import { contentGlobs, findStack, versionNames, type Finding } from './match.js';
import { proposeTeam, type ProposedAgent } from './propose.js';
import { readEvidence } from './read.js';

export type { Finding } from './match.js';
export type { ProposedAgent, Selection } from './propose.js';
export { detectedSelection } from './propose.js';

/** One detected technology, however many roles list it, with where it was found and why. */
export interface StackItem {
  value: string;
  title: string;
  /** The variant's title where it was first found, e.g. `UI framework`. */
  kind: string;
  where: Array<{ package: string; because: string[]; version?: number }>;
}

export interface Detection {
  root: string;
  packages: Array<{ dir: string; name?: string; manifests: string[] }>;
  stack: StackItem[];
  findings: Finding[];
  proposal: ProposedAgent[];
  /** Package folders with a manifest that no proposed agent owns (shared tooling packages excepted). */
  unowned: string[];
  truncated: boolean;
}

function stackItems(catalog: Catalog, findings: Finding[], packageOrder: string[]): StackItem[] {
  const items = new Map<string, StackItem>();
  for (const f of findings) {
    const variant = catalog.roles[f.role]!.variants[f.variant]!;
    const title = variant.values[f.value]!.title;
    // Roles share value lists (a tech lead's frontend is a developer's framework): one line each.
    const key = `${f.value}\0${title}`;
    const item = items.get(key) ?? { value: f.value, title, kind: variant.title, where: [] };
    items.set(key, item);
    const at = item.where.find((w) => w.package === f.package);
    if (at) {
      at.because = [...new Set([...at.because, ...f.because])];
      at.version ??= f.version;
    } else item.where.push({ package: f.package, because: [...f.because], ...(f.version !== undefined ? { version: f.version } : {}) });
  }
  for (const item of items.values()) item.where.sort((a, b) => packageOrder.indexOf(a.package) - packageOrder.indexOf(b.package));
  return [...items.values()];
}

/** What the evidence says, matched against the catalog: no disk access. */
/**
 * A root without a manifest holds no code of its own: what it shows of a developer's stack
 * (shared .proto files, say) belongs to the packages below; repository-wide facts (CI,
 * containers, infrastructure: roles proposed on file evidence) stay.
 */
function withoutCodelessRoot(catalog: Catalog, evidence: ProjectEvidence, findings: Finding[]): Finding[] {
  const root = evidence.packages.find((p) => p.dir === '.');
  if (!root || root.manifests.length > 0 || Object.values(root.deps).some((names) => names && names.length > 0)) return findings;
  return findings.filter((f) => f.package !== '.' || catalog.roles[f.role]?.propose?.detect !== undefined);
}

export function analyse(root: string, catalog: Catalog, evidence: ProjectEvidence): Detection {
  const findings = withoutCodelessRoot(catalog, evidence, findStack(catalog, evidence));
  // What an `unless` vetoed where its own package is declared (React in an Expo app) is still part of the stack a person reads.
  const vetoed = withoutCodelessRoot(catalog, evidence, findStack(catalog, evidence, { vetoed: true }));
  const { agents, unowned } = proposeTeam(catalog, evidence, findings);
  return {
    root,
    packages: evidence.packages.map((p) => ({ dir: p.dir, name: p.name, manifests: p.manifests })),
    stack: stackItems(catalog, [...findings, ...vetoed], evidence.packages.map((p) => p.dir)),
    findings,
    proposal: agents,
    unowned,
    truncated: evidence.truncated,
  };
}

export function detectProject(root: string, catalog: Catalog): Detection {
  return analyse(root, catalog, readEvidence(root, { contentGlobs: contentGlobs(catalog), versionNames: versionNames(catalog) }));
}

export interface FolderDetection {
  root: string;
  /** The folder has a team file. */
  initialised: boolean;
  catalog: Catalog;
  detection: Detection;
}

/** Detection in exactly this folder, with the catalog its team file (if any) shapes. */
export function detectIn(root: string): FolderDetection {
  if (!existsSync(root)) throw failure('no-such-folder', `The folder ${root} does not exist.`, 'Pass an existing project folder with --cwd.');
  const text = readTeamText(root);
  const catalog = loadCatalog({ libraryDir: libraryDir(), projectRoot: root, team: text === undefined ? undefined : parseTeam(text) });
  return { root, initialised: text !== undefined, catalog, detection: detectProject(root, catalog) };
}

/** Detection where a command runs: at the team's root when there is a team, else in the folder itself. */
export function detectFolder(cwd: string): FolderDetection {
  if (!existsSync(cwd)) throw failure('no-such-folder', `The folder ${cwd} does not exist.`, 'Pass an existing project folder with --cwd.');
  return detectIn(findProjectRoot(cwd) ?? resolve(cwd));
}
