import { isMap, parseDocument, type Document, YAMLMap } from 'yaml';
import { failure } from './errors.js';
import { TEAM_FILE } from './paths.js';

/**
 * Edits of the team file that keep everything the user wrote: comments, key order, quoting and
 * layout survive because the file is changed as a YAML document, never re-serialised from data.
 */
export interface AgentSelection {
  role: string;
  variants: Record<string, string[]>;
}

export function initialTeamText(): string {
  return [
    '# The agent team of this project, managed by agent-team.',
    '# Change it with `agent-team add` / `agent-team remove`, or edit it by hand and run',
    '# `agent-team sync`. Each agent names a role (`agent-team list --roles`) and, optionally,',
    '# the stack variants it works with, e.g.',
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

function agentNode(doc: Document.Parsed, selection: AgentSelection): unknown {
  const value: Record<string, unknown> = { role: selection.role };
  const variants = Object.entries(selection.variants).filter(([, v]) => v.length > 0);
  if (variants.length > 0) {
    value.variants = Object.fromEntries(variants.map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
  }
  const node = doc.createNode(value) as YAMLMap;
  const variantsNode = node.get('variants', true);
  if (isMap(variantsNode)) {
    for (const item of variantsNode.items) {
      const v = item.value as { flow?: boolean } | null;
      if (v && typeof v === 'object' && 'items' in v) v.flow = true;
    }
  }
  return node;
}

export function withAgent(text: string, name: string, selection: AgentSelection): string {
  const doc = load(text);
  agentsMap(doc).set(name, agentNode(doc, selection));
  return doc.toString();
}

export function withoutAgents(text: string, names: readonly string[]): string {
  const doc = load(text);
  const agents = agentsMap(doc);
  for (const name of names) agents.delete(name);
  if (agents.items.length === 0) agents.flow = true;
  return doc.toString();
}
