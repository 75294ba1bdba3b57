import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { sha256 } from '../hash.js';
import { own } from '../own.js';
import { SETTINGS_FILES } from '../paths.js';
import type { PlanEntry } from '../plan/plan.js';
import type { LockSettingsData, LockSettingsFileData } from '../apply/lock-schema.js';

/**
 * Settings agent-team merges into Claude Code's JSON files, key by key. A value is ours only when
 * we wrote it and it is still what we wrote (the lockfile keeps the sha256 of each one), so a
 * user's key is never replaced and a removal takes out exactly what we added, nothing around it.
 */
export { SETTINGS_FILES };
export type SettingsTarget = (typeof SETTINGS_FILES)[number];

export interface DesiredSetting {
  file: SettingsTarget;
  /** Where the value goes, one object key per element. */
  key: string[];
  value: unknown;
  /** The value is one element agent-team adds to the array at `key` (Claude Code's hooks are arrays). */
  item?: boolean;
  /** Agents that need it; empty for team-wide settings. */
  agents?: string[];
}

export interface SettingsContext {
  /** The file's text now (undefined: no file). */
  disk: (file: SettingsTarget) => string | undefined;
  /** The text to start from when another entry of this plan already edits the file (e.g. the `agent` key). */
  start?: (file: SettingsTarget) => string | undefined;
  lock?: LockSettingsData;
}

export interface SettingsPlan {
  /** One entry per file that changes or stays, and one `conflict` entry per key a user's value holds. */
  entries: PlanEntry[];
  /** The lockfile's `settings` section after the change; undefined when nothing is ours. */
  lock?: LockSettingsData;
}

/** A canonical JSON text (object keys sorted), so a value reads the same however it is laid out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const scalarHashes = new Map<unknown, string>();

/** A value's hash; a scalar's is kept, as thousands of skill entries share one value ("name-only"). */
export const valueHash = (value: unknown): string => {
  if (value !== null && typeof value === 'object') return sha256(canonicalJson(value));
  let hash = scalarHashes.get(value);
  if (hash === undefined) {
    hash = sha256(canonicalJson(value));
    if (scalarHashes.size < 10_000) scalarHashes.set(value, hash);
  }
  return hash;
};
export const keyId = (key: readonly string[]): string => JSON.stringify(key);

function parseKeyId(id: string): string[] | undefined {
  try {
    const key = JSON.parse(id) as unknown;
    return Array.isArray(key) && key.length > 0 && key.every((k) => typeof k === 'string') ? key : undefined;
  } catch {
    return undefined;
  }
}

/** True when `key` starts with every part of `prefix`. */
function samePrefix(prefix: readonly string[], key: readonly string[]): boolean {
  for (let i = 0; i < prefix.length; i += 1) if (key[i] !== prefix[i]) return false;
  return true;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Strict JSON, as Claude Code reads it: anything else is the user's to fix, and left alone. */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const data = JSON.parse(text) as unknown;
    return isObject(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

type Found = { kind: 'absent'; depth: number } | { kind: 'value'; value: unknown } | { kind: 'blocked'; depth: number };

/** What is at `key`: a value, nothing (and how many of its parents exist), or a parent that is not an object. */
function lookup(data: Record<string, unknown>, key: readonly string[]): Found {
  let current: unknown = data;
  for (let i = 0; i < key.length; i += 1) {
    if (!isObject(current)) return { kind: 'blocked', depth: i };
    const next = own(current, key[i]!);
    if (next === undefined) return { kind: 'absent', depth: i };
    current = next;
  }
  return { kind: 'value', value: current };
}

function detectIndent(text: string): number {
  const match = /\n( +)"/.exec(text);
  return match ? match[1]!.length : 2;
}

const lineIndent = (text: string, offset: number): string => /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1))![0];

/**
 * One settings file while its edits are made. Every edit is a plain splice at the place it
 * concerns, laid out in the file's own style: nothing around it is reformatted, and removing what
 * was added gives back the bytes that were there before.
 */
class Draft {
  data: Record<string, unknown>;
  private readonly unit: string;
  constructor(public text: string) {
    this.data = parseObject(text) ?? {};
    this.unit = ' '.repeat(detectIndent(text));
  }

  /** `edit` makes the same change to the parsed data, where reading the whole file again would cost more (thousands of keys). */
  private splice(offset: number, length: number, content: string, edit?: (data: Record<string, unknown>) => boolean): void {
    this.text = this.text.slice(0, offset) + content + this.text.slice(offset + length);
    if (!edit?.(this.data)) this.data = parseObject(this.text) ?? {};
  }

  private node(key: Array<string | number>): Node | undefined {
    const root = parseTree(this.text);
    return root ? findNodeAtLocation(root, key) : undefined;
  }

  private pretty(value: unknown, indent: string): string {
    // A scalar is one line whatever the indent (thousands of skill overrides are "name-only").
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    return JSON.stringify(value, null, this.unit.length).split('\n').join(`\n${indent}`);
  }

  /**
   * Adds children (properties or elements, each laid out by `render` for `indent`) after the last
   * child of a container, in one splice: a team's skill overrides are thousands of keys in a big
   * catalog, and a parse per key would be quadratic.
   */
  private addChildren<T>(container: Node, items: readonly T[], render: (item: T, indent: string, inline: boolean) => string, edit?: (data: Record<string, unknown>) => boolean): void {
    if (items.length === 0) return;
    const children = container.children ?? [];
    const open = container.offset;
    if (children.length === 0) {
      const base = lineIndent(this.text, open);
      const inner = `${base}${this.unit}`;
      this.splice(open + 1, container.length - 2, `\n${items.map((item) => `${inner}${render(item, inner, false)}`).join(',\n')}\n${base}`, edit);
      return;
    }
    const last = children[children.length - 1]!;
    const end = last.offset + last.length;
    const multiline = this.text.slice(open, container.offset + container.length).includes('\n');
    if (!multiline) this.splice(end, 0, items.map((item) => `, ${render(item, '', true)}`).join(''), edit);
    else {
      const indent = lineIndent(this.text, children[0]!.offset);
      this.splice(end, 0, items.map((item) => `,\n${indent}${render(item, indent, false)}`).join(''), edit);
    }
  }

  private readonly property = ([name, value]: readonly [string, unknown], indent: string, inline: boolean): string =>
    `${JSON.stringify(name)}: ${inline ? JSON.stringify(value) : this.pretty(value, indent)}`;

  private readonly element = (value: unknown, indent: string, inline: boolean): string => (inline ? JSON.stringify(value) : this.pretty(value, indent));

  /** Sets a value: replaces the one at `key`, or adds it (with the parents it needs) under the deepest object there is. */
  set(key: string[], value: unknown): void {
    const existing = this.node(key);
    if (existing) {
      const indent = lineIndent(this.text, existing.offset);
      this.splice(existing.offset, existing.length, this.pretty(value, indent));
      return;
    }
    let depth = key.length - 1;
    while (depth > 0 && !this.node(key.slice(0, depth))) depth -= 1;
    const parent = depth === 0 ? parseTree(this.text)! : this.node(key.slice(0, depth))!;
    let nested: unknown = value;
    for (let i = key.length - 1; i > depth; i -= 1) nested = { [key[i]!]: nested };
    this.addChildren(parent, [[key[depth]!, nested] as const], this.property);
  }

  /** Adds properties under the object at `parent`, which exists, in one splice. */
  addAll(parent: string[], props: ReadonlyArray<readonly [string, unknown]>): void {
    const container = parent.length === 0 ? parseTree(this.text) : this.node(parent);
    // The new properties go into the parsed object as JSON.parse would put them: own data properties, in order.
    const edit = (data: Record<string, unknown>) => {
      const found = lookup(data, parent);
      if (found.kind !== 'value' || !isObject(found.value)) return false;
      const into = found.value;
      for (let i = 0; i < props.length; i += 1) {
        const name = props[i]![0];
        const value = props[i]![1];
        if (name === '__proto__') Object.defineProperty(into, name, { value, writable: true, enumerable: true, configurable: true });
        else into[name] = value;
      }
      return true;
    };
    if (container?.type === 'object') this.addChildren(container, props, this.property, edit);
    else for (const [name, value] of props) this.set([...parent, name], value);
  }

  /** Appends one element to the array at `key`. */
  append(key: string[], value: unknown): void {
    const node = this.node(key);
    if (node?.type === 'array') this.addChildren(node, [value], this.element);
  }

  /** Removes the property or element at `key` with the separator that came with it. */
  remove(key: Array<string | number>): void {
    const value = this.node(key);
    if (!value?.parent) return;
    const child = value.parent.type === 'property' ? value.parent : value;
    const container = child.parent!;
    const siblings = container.children ?? [];
    const at = siblings.indexOf(child);
    if (siblings.length === 1) this.splice(container.offset + 1, container.length - 2, '');
    else if (at > 0) {
      const prev = siblings[at - 1]!;
      this.splice(prev.offset + prev.length, child.offset + child.length - (prev.offset + prev.length), '');
    } else this.splice(child.offset, siblings[1]!.offset - child.offset, '');
  }

  /** Removes the array element at `key` whose value has this hash; false when none has. */
  removeItem(key: string[], hash: string): boolean {
    const found = lookup(this.data, key);
    if (found.kind !== 'value' || !Array.isArray(found.value)) return false;
    const index = found.value.findIndex((v) => valueHash(v) === hash);
    if (index < 0) return false;
    this.remove([...key, index]);
    return true;
  }
}

/**
 * Plans the settings files: every desired entry is added where the key is free, kept where it is
 * still what we wrote, and reported as a conflict where the user holds the key; every entry we
 * wrote and no longer want goes, if it is still what we wrote. Objects and files we created go
 * when they end up empty; a user's file keeps its layout, only the edited values change.
 */
export function planSettings(desired: readonly DesiredSetting[], ctx: SettingsContext): SettingsPlan {
  const entries: PlanEntry[] = [];
  const lock: LockSettingsData = {};
  const previousLock = ctx.lock ?? {};
  const byFile = new Map<SettingsTarget, DesiredSetting[]>();
  for (let i = 0; i < desired.length; i += 1) {
    const d = desired[i]!;
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }

  for (const file of SETTINGS_FILES) {
    if (!byFile.has(file) && !Object.hasOwn(previousLock, file)) continue;
    const wanted = byFile.get(file) ?? [];
    const users = new Set<string>();
    // Loops over thousands of keys are indexed: until V8 optimizes it, a for-of allocates at every step.
    for (let i = 0; i < wanted.length; i += 1) {
      const list = wanted[i]!.agents ?? [];
      for (let j = 0; j < list.length; j += 1) users.add(list[j]!);
    }
    const agents = [...users].sort();
    const previous: LockSettingsFileData = own(previousLock, file) ?? { keys: {} };
    const disk = ctx.disk(file);
    const startText = ctx.start ? ctx.start(file) : disk;
    const base = { path: file, kind: 'settings' as const, agents };

    if (startText !== undefined && parseObject(startText) === undefined) {
      // Claude Code skips an invalid file entirely; we do not guess at its shape either.
      entries.push({ ...base, action: 'conflict', reason: 'foreign', setting: [] });
      if (Object.keys(previous.keys).length > 0) lock[file] = previous;
      continue;
    }
    const draft = new Draft(startText ?? '{}\n');
    const keys: LockSettingsFileData['keys'] = {};
    const containers = new Set(previous.containers ?? []);
    const conflicts: string[][] = [];

    const wantedScalar = new Map<string, DesiredSetting>();
    const wantedItems = new Map<string, DesiredSetting[]>();
    for (let i = 0; i < wanted.length; i += 1) {
      const d = wanted[i]!;
      const id = keyId(d.key);
      if (d.item) wantedItems.set(id, [...(wantedItems.get(id) ?? []), d]);
      else wantedScalar.set(id, d);
    }

    // What we wrote before and no longer want, or want with another value: out, if still ours.
    for (const [id, recorded] of Object.entries(previous.keys)) {
      const key = parseKeyId(id);
      if (!key) continue;
      if (typeof recorded === 'string') {
        const want = wantedScalar.get(id);
        if (want && valueHash(want.value) === recorded) continue;
        const found = lookup(draft.data, key);
        if (found.kind === 'value' && valueHash(found.value) === recorded) draft.remove(key);
      } else {
        const keep = new Set((wantedItems.get(id) ?? []).map((d) => valueHash(d.value)));
        for (const hash of recorded) if (!keep.has(hash)) draft.removeItem(key, hash);
      }
    }

    const created = (key: string[], depth: number) => {
      // The parents that did not exist are ours: they go again when they end up empty.
      for (let i = depth + 1; i < key.length; i += 1) containers.add(keyId(key.slice(0, i)));
    };

    // New keys are gathered under the deepest object that exists and added in one splice each:
    // each as a property of that object, where keys that need the same missing parent share it.
    interface Group {
      parent: string[];
      props: Array<[string, unknown]>;
      /** The missing parents made for this group, by name: trees without a prototype, so a key named __proto__ is a key like any other. */
      made: Map<string, Record<string, unknown>>;
    }
    const additions = new Map<string, Group>();
    // Thousands of keys in a row go under the same parent (a team's skill overrides): its group is kept at hand.
    let last: Group | undefined;
    const addLater = (key: string[], depth: number, value: unknown) => {
      let group = last && last.parent.length === depth && samePrefix(last.parent, key) ? last : undefined;
      if (!group) {
        const parent = key.slice(0, depth);
        const id = keyId(parent);
        group = additions.get(id) ?? { parent, props: [], made: new Map() };
        additions.set(id, group);
        last = group;
      }
      const name = key[depth]!;
      if (depth === key.length - 1) {
        group.props.push([name, value]);
        return;
      }
      let at = group.made.get(name);
      if (!at) {
        at = Object.create(null) as Record<string, unknown>;
        group.made.set(name, at);
        group.props.push([name, at]);
      }
      for (let i = depth + 1; i < key.length - 1; i += 1) {
        const part = key[i]!;
        if (!Object.hasOwn(at, part) || !isObject(at[part])) at[part] = Object.create(null) as Record<string, unknown>;
        at = at[part] as Record<string, unknown>;
      }
      at[key[key.length - 1]!] = value;
    };
    wantedScalar.forEach((d, id) => {
      const recorded = own(previous.keys, id);
      const found = lookup(draft.data, d.key);
      const hash = valueHash(d.value);
      if (found.kind === 'blocked') conflicts.push(d.key);
      else if (found.kind === 'absent') {
        created(d.key, found.depth);
        addLater(d.key, found.depth, d.value);
        keys[id] = hash;
      } else if (valueHash(found.value) === hash) {
        // Ours if we wrote it; the user's own identical value stays theirs.
        if (recorded !== undefined) keys[id] = hash;
      } else if (typeof recorded === 'string' && valueHash(found.value) === recorded) {
        draft.set(d.key, d.value);
        keys[id] = hash;
      } else conflicts.push(d.key);
    });

    for (const { parent, props, made } of additions.values()) {
      // A name wanted both as a value and as a parent (never from one renderer) is one property: the last one wanted.
      draft.addAll(parent, made.size > 0 ? [...new Map(props)] : props);
    }

    for (const [id, list] of wantedItems) {
      const key = list[0]!.key;
      const recorded = own(previous.keys, id);
      const ours = new Set(Array.isArray(recorded) ? recorded : []);
      const mine: string[] = [];
      for (const d of list) {
        const hash = valueHash(d.value);
        if (mine.includes(hash)) continue;
        const found = lookup(draft.data, key);
        if (found.kind === 'blocked' || (found.kind === 'value' && !Array.isArray(found.value))) {
          conflicts.push(key);
          continue;
        }
        if (found.kind === 'absent') {
          created(key, found.depth);
          containers.add(id);
          draft.set(key, [d.value]);
          mine.push(hash);
        } else if ((found.value as unknown[]).some((v) => valueHash(v) === hash)) {
          if (ours.has(hash)) mine.push(hash);
        } else {
          draft.append(key, d.value);
          mine.push(hash);
        }
      }
      if (mine.length > 0) keys[id] = mine.sort();
    }

    // Containers we created and nothing of ours is in any more: gone when empty, forgotten otherwise.
    const ours = Object.keys(keys);
    const kept: string[] = [];
    for (const id of [...containers].sort((a, b) => b.length - a.length)) {
      const key = parseKeyId(id);
      if (!key) continue;
      const found = lookup(draft.data, key);
      if (found.kind !== 'value') continue;
      // A key id is its parts in JSON: the ids under a container start with the container's, open.
      const canonical = keyId(key);
      const under = `${canonical.slice(0, -1)},`;
      const holdsOurs = ours.some((k) => k === canonical || k.startsWith(under));
      if (holdsOurs) kept.push(id);
      else if ((isObject(found.value) && Object.keys(found.value).length === 0) || (Array.isArray(found.value) && found.value.length === 0)) draft.remove(key);
    }

    const createdFile = disk === undefined || previous.created === true;
    let next: string | undefined = draft.text;
    if (ours.length === 0 && createdFile && Object.keys(draft.data).length === 0) next = undefined;
    else if (next !== (startText ?? '') && !next.endsWith('\n') && (startText === undefined || startText.endsWith('\n'))) next += '\n';

    if (ours.length > 0) {
      lock[file] = { ...(createdFile ? { created: true } : {}), keys, ...(kept.length ? { containers: kept.sort() } : {}) };
    }
    if (next === undefined) {
      if (disk !== undefined) entries.push({ ...base, action: 'delete' });
    } else if (disk === undefined) entries.push({ ...base, action: 'create', content: Buffer.from(next, 'utf8') });
    else if (next === disk) entries.push({ ...base, action: 'unchanged' });
    else entries.push({ ...base, action: 'update', content: Buffer.from(next, 'utf8') });
    for (const key of conflicts) entries.push({ ...base, action: 'conflict', reason: 'user-file', setting: key });
  }
  return { entries, lock: Object.keys(lock).length > 0 ? lock : undefined };
}
