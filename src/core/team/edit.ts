import { Document, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, YAMLMap } from 'yaml';
import { failure } from '../errors.js';
import { TEAM_FILE } from '../paths.js';
import { parseTeam } from './team-file.js';

/**
 * Edits of the team file that keep everything the user wrote: comments, key order, quoting and
 * layout survive because the file is changed as a YAML document, never re-serialised from data.
 */
export interface AgentSelection {
  role: string;
  variants: Record<string, string[]>;
  /** Major in use per variant value. */
  versions?: Record<string, number>;
  paths?: string[];
}

export function initialTeamText(): string {
  return [
    '# The agent team of this project, managed by agent-team.',
    '# Change it with `npx --no-install agent-team add` / `remove`, or edit it by hand and run',
    '# `npx --no-install agent-team sync`. Each agent names a role (see',
    '# `npx --no-install agent-team list --roles`) and, optionally, the stack variants it works',
    '# with, e.g.',
    '#   payment-fe:',
    '#     role: dev-fe',
    '#     variants: { framework: react, styling: tailwind }',
    'version: 1',
    'agents: {}',
    '',
  ].join('\n');
}

function load(text: string): Document.Parsed {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw failure('invalid-yaml', `${TEAM_FILE}: ${doc.errors[0]!.message}`, `Fix ${TEAM_FILE} by hand, then run the command again.`);
  }
  return doc;
}

function agentsMap(doc: Document.Parsed): YAMLMap {
  const node = doc.get('agents', true);
  if (isMap(node)) {
    // An empty `agents: {}` becomes a block map; a flow map with entries keeps the user's style.
    if (node.items.length === 0) node.flow = false;
    return node;
  }
  const created = new YAMLMap();
  doc.set('agents', created);
  return created;
}

/** The agent as the team file holds it: one variant value as a word, several as a list. */
function agentValue(selection: AgentSelection): Record<string, unknown> {
  const value: Record<string, unknown> = { role: selection.role };
  const variants = Object.entries(selection.variants).filter(([, v]) => v.length > 0);
  if (variants.length > 0) {
    value.variants = Object.fromEntries(variants.map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  }
  const versions = Object.entries(selection.versions ?? {});
  if (versions.length > 0) value.versions = Object.fromEntries(versions);
  if (selection.paths?.length) value.paths = selection.paths;
  return value;
}

function agentNode(doc: Document, selection: AgentSelection): unknown {
  const node = doc.createNode(agentValue(selection)) as YAMLMap;
  const variantsNode = node.get('variants', true);
  if (isMap(variantsNode)) {
    for (const item of variantsNode.items) {
      const v = item.value as { flow?: boolean } | null;
      if (v && typeof v === 'object' && 'items' in v) v.flow = true;
    }
  }
  // Versions and paths are short: one line each, as a person would write them.
  for (const key of ['versions', 'paths']) {
    const child = node.get(key, true) as { flow?: boolean } | undefined;
    if (child && typeof child === 'object') child.flow = true;
  }
  return node;
}

export function withAgent(text: string, name: string, selection: AgentSelection): string {
  const appended = appendedAgent(text, name, selection);
  if (appended !== undefined) return appended;
  const doc = load(text);
  agentsMap(doc).set(name, agentNode(doc, selection));
  return doc.toString();
}

/**
 * The team text with the agent written after the last one, as lines: YAML's document model reads
 * the whole file first, which is most of an `add` on a big team. Used only when the result is
 * provably that edit: read back, it must hold the same data with the new agent added last
 * (the parse is the one planning the change makes anyway). Anything unusual (no block
 * `agents:`, tabs, the check failing) goes through the document instead.
 */
function appendedAgent(text: string, name: string, selection: AgentSelection): string | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^agents:[ \t]*(\{\}[ \t]*)?(#.*)?\r?$/.test(l));
  if (start < 0 || lines.slice(start + 1).some((l) => /^agents:/.test(l))) return undefined;
  let end = start + 1;
  while (end < lines.length && /^([ \t#]|\r?$)/.test(lines[end]!)) end += 1;
  const body = lines.slice(start + 1, end);
  const empty = /\{\}/.test(lines[start]!.replace(/#.*$/, ''));
  if (empty && body.some((l) => /^\s+\S/.test(l) && !/^\s+#/.test(l))) return undefined;
  const first = body.find((l) => /^\s+[^\s#]/.test(l));
  if (body.some((l) => /^ *\t/.test(l))) return undefined;
  const indent = first ? first.length - first.trimStart().length : 2;
  const doc = new Document();
  const entry = new YAMLMap();
  entry.set(name, agentNode(doc, selection));
  doc.contents = entry;
  const added = doc.toString().replace(/\n$/, '').split('\n').map((l) => `${' '.repeat(indent)}${l}`);
  let at = start;
  body.forEach((l, i) => {
    if (/^\s+\S/.test(l)) at = start + 1 + i;
  });
  const next = [...lines];
  if (empty) next[start] = 'agents:' + (lines[start]!.endsWith('\r') ? '\r' : '');
  const withEol = added.map((l) => (eol === '\r\n' ? `${l}\r` : l));
  // A last line without its newline gets one before the agent goes after it.
  if (at === lines.length - 1 && next[at] !== '') next.push('');
  next.splice(at + 1, 0, ...withEol);
  const result = next.join('\n');
  return provenAppend(text, result, name, selection) ? result : undefined;
}

function provenAppend(before: string, after: string, name: string, selection: AgentSelection): boolean {
  try {
    const old = parseTeam(before);
    const now = parseTeam(after);
    const names = Object.keys(now.agents ?? {});
    const expected = { ...old, agents: { ...(old.agents ?? {}), [name]: new Document(agentValue(selection)).toJS() } };
    return names.join('\0') === [...Object.keys(old.agents ?? {}), name].join('\0') && canonical(now) === canonical(expected);
  } catch {
    return false;
  }
}

/** JSON with every object's keys sorted: the same data whatever order its keys were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

export function withoutAgents(text: string, names: readonly string[]): string {
  const doc = load(text);
  const agents = agentsMap(doc);
  for (const name of names) agents.delete(name);
  if (agents.items.length === 0) agents.flow = true;
  return doc.toString();
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Lists of plain words read best on one line, as the library writes them: `include: [a, b]`. */
function flowScalarLists(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const n = node as { items?: unknown[]; flow?: boolean };
  if (!Array.isArray(n.items)) return;
  if (isSeq(node) && node.items.every((i) => isScalar(i))) {
    node.flow = true;
    return;
  }
  for (const item of n.items) {
    if (isPair(item)) flowScalarLists(item.value);
    else flowScalarLists(item);
  }
}

/**
 * Sets (or, with null, removes) the project's override of one role under `roles:`. Keys whose
 * value did not change keep their nodes, so comments on them survive; an empty `roles:` goes.
 */
export function withRoleOverride(text: string, role: string, override: Record<string, unknown> | null): string {
  const doc = load(text);
  const current = doc.get('roles', true);
  const empty = override === null || Object.keys(override).length === 0;
  if (empty) {
    if (isMap(current)) {
      current.delete(role);
      if (current.items.length === 0) doc.delete('roles');
    }
    return doc.toString();
  }
  let roles: YAMLMap;
  if (isMap(current)) roles = current;
  else {
    roles = new YAMLMap();
    doc.set('roles', roles);
  }
  if (roles.flow && roles.items.length === 0) roles.flow = false;
  const existing = roles.get(role, true);
  if (!isMap(existing)) {
    const node = doc.createNode(override);
    flowScalarLists(node);
    roles.set(role, node);
    return doc.toString();
  }
  for (const item of [...existing.items]) {
    const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
    if (!(key in override)) existing.delete(key);
  }
  for (const [key, value] of Object.entries(override)) {
    const node = existing.get(key, true);
    if (isNode(node) && !isAlias(node) && sameValue(node.toJSON(), value)) continue;
    const created = doc.createNode(value);
    flowScalarLists(created);
    existing.set(key, created);
  }
  return doc.toString();
}

/**
 * Sets the majors an agent records (`versions:`), value by value: other values, the agent's
 * other keys and every comment stay as written. A new `versions:` map is one flow line.
 */
export function withAgentVersions(text: string, name: string, versions: Record<string, number>): string {
  const doc = load(text);
  const agent = agentsMap(doc).get(name, true);
  if (!isMap(agent) || Object.keys(versions).length === 0) return text;
  const current = agent.get('versions', true);
  if (isMap(current)) {
    for (const [value, major] of Object.entries(versions)) current.set(value, major);
  } else {
    const node = doc.createNode(versions) as YAMLMap;
    node.flow = true;
    agent.set('versions', node);
  }
  return doc.toString();
}

/**
 * Turns agent teams on (`teams: true`, right after `version:`) or off (the key goes: off is the
 * default). Nothing else in the file changes.
 */
export function withTeams(text: string, on: boolean): string {
  const doc = load(text);
  if (!on) {
    doc.delete('teams');
    return doc.toString();
  }
  const root = doc.contents as unknown;
  if (!isMap(root) || doc.has('teams')) {
    doc.set('teams', true);
    return doc.toString();
  }
  const items = root.items as unknown[];
  const at = root.items.findIndex((i) => isScalar(i.key) && i.key.value === 'version');
  items.splice(at + 1, 0, doc.createPair('teams', true));
  return doc.toString();
}
