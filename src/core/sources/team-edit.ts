import { isMap, isScalar, isSeq, parseDocument, YAMLSeq, type Document } from 'yaml';
import { failure } from '../errors.js';
import { TEAM_FILE } from '../paths.js';
import type { GitSourceData } from '../team/schema.js';

/**
 * Edits of the team file's `sources:` list that keep everything else the user wrote (comments,
 * order, layout): the file is changed as a YAML document, never re-serialised from data.
 */
function load(text: string): Document.Parsed {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw failure('invalid-yaml', `${TEAM_FILE}: ${doc.errors[0]!.message}`, `Fix ${TEAM_FILE} by hand, then run the command again.`);
  return doc;
}

function sourcesList(doc: Document.Parsed, create: boolean): YAMLSeq | undefined {
  const node = doc.get('sources', true);
  if (isSeq(node)) return node;
  if (!create) return undefined;
  const list = new YAMLSeq();
  doc.set('sources', list);
  return list;
}

function indexOf(list: YAMLSeq, name: string): number {
  return list.items.findIndex((item) => isMap(item) && (() => {
    const value = item.get('name', true);
    return isScalar(value) && value.value === name;
  })());
}

function entryNode(doc: Document.Parsed, entry: GitSourceData): unknown {
  const value: Record<string, unknown> = { name: entry.name, url: entry.url };
  if (entry.ref !== undefined) value.ref = entry.ref;
  if (entry.trust !== undefined) value.trust = entry.trust;
  if (entry.allow?.length) value.allow = entry.allow;
  return doc.createNode(value);
}

/** Adds the source, or replaces the entry of that name where it stands. */
export function withSource(text: string, entry: GitSourceData): string {
  const doc = load(text);
  const list = sourcesList(doc, true)!;
  if (list.flow) list.flow = false;
  const at = indexOf(list, entry.name);
  if (at >= 0) list.items[at] = entryNode(doc, entry) as never;
  else list.items.push(entryNode(doc, entry) as never);
  return doc.toString();
}

/** Adds a folder source (a plain string) unless it is listed already. */
export function withFolderSource(text: string, folder: string): string {
  const doc = load(text);
  const list = sourcesList(doc, true)!;
  if (!list.items.some((item) => isScalar(item) && item.value === folder)) list.items.push(doc.createNode(folder) as never);
  return doc.toString();
}

/** Drops the source of that name (or the folder source written so); an empty list goes. */
export function withoutSource(text: string, name: string): string {
  const doc = load(text);
  const list = sourcesList(doc, false);
  if (!list) return text;
  const at = indexOf(list, name);
  if (at >= 0) list.items.splice(at, 1);
  else {
    const folder = list.items.findIndex((item) => isScalar(item) && item.value === name);
    if (folder >= 0) list.items.splice(folder, 1);
  }
  if (list.items.length === 0) doc.delete('sources');
  return doc.toString();
}
