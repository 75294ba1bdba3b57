import { describe, expect, it } from 'vitest';
import { parseLock, serializeLock } from '../src/core/apply/lockfile.js';
import type { LockSettingsData } from '../src/core/apply/lock-schema.js';
import { planSettings, valueHash, type DesiredSetting, type SettingsTarget } from '../src/core/claude/settings-plan.js';

const S = '.claude/settings.json';
const M = '.mcp.json';

/** A tiny project of settings files: plan, then apply the plan's writes and deletes. */
function project(initial: Partial<Record<SettingsTarget, string>> = {}) {
  const files = new Map<string, string>(Object.entries(initial) as Array<[string, string]>);
  let lock: LockSettingsData | undefined;
  return {
    files,
    get lock() {
      return lock;
    },
    plan(desired: DesiredSetting[]) {
      return planSettings(desired, { disk: (f) => files.get(f), lock });
    },
    run(desired: DesiredSetting[]) {
      const plan = this.plan(desired);
      for (const e of plan.entries) {
        if ((e.action === 'create' || e.action === 'update') && e.content) files.set(e.path, e.content.toString('utf8'));
        if (e.action === 'delete') files.delete(e.path);
      }
      lock = plan.lock;
      return plan;
    },
  };
}

const override = (skill: string, value: unknown = 'name-only'): DesiredSetting => ({ file: S, key: ['skillOverrides', skill], value });
const hook = (command: string): DesiredSetting => ({ file: S, key: ['hooks', 'PostToolUse'], item: true, value: { matcher: 'Edit|Write', hooks: [{ type: 'command', command }] } });

describe('settings planner', () => {
  it('creates a file it needs, records each key, and deletes the file again when nothing is wanted', () => {
    const p = project();
    const first = p.run([override('api-design'), override('ui-design')]);
    expect(first.entries.map((e) => [e.path, e.action])).toEqual([[S, 'create']]);
    expect(JSON.parse(p.files.get(S)!)).toEqual({ skillOverrides: { 'api-design': 'name-only', 'ui-design': 'name-only' } });
    expect(p.lock![S]).toEqual({ created: true, keys: { '["skillOverrides","api-design"]': valueHash('name-only'), '["skillOverrides","ui-design"]': valueHash('name-only') }, containers: ['["skillOverrides"]'] });

    expect(p.run([override('api-design'), override('ui-design')]).entries.map((e) => e.action)).toEqual(['unchanged']);

    const last = p.run([]);
    expect(last.entries.map((e) => [e.path, e.action])).toEqual([[S, 'delete']]);
    expect(p.files.has(S)).toBe(false);
    expect(p.lock).toBeUndefined();
  });

  it('keys added in one splice are known to the rest of the plan as own keys, "__proto__" too', () => {
    const p = project({ [S]: '{\n  "skillOverrides": {\n    "kept": "name-only"\n  }\n}\n' });
    const odd: DesiredSetting = { file: S, key: ['skillOverrides', '__proto__'], value: 'name-only' };
    p.run([odd, override('a'), override('b')]);
    const written = JSON.parse(p.files.get(S)!) as { skillOverrides: Record<string, string> };
    expect(Object.keys(written.skillOverrides)).toEqual(['kept', '__proto__', 'a', 'b']);
    expect(Object.keys(p.lock![S]!.keys).sort()).toEqual(['["skillOverrides","__proto__"]', '["skillOverrides","a"]', '["skillOverrides","b"]']);
    expect(p.run([odd, override('a'), override('b')]).entries.map((e) => e.action)).toEqual(['unchanged']);
    p.run([]);
    expect(JSON.parse(p.files.get(S)!)).toEqual({ skillOverrides: { kept: 'name-only' } });
  });

  it('a container recorded in another layout still counts as ours while it holds our keys, and goes when it is empty', () => {
    const text = '{\n  "skillOverrides": {\n    "api-design": "name-only"\n  }\n}\n';
    const lock: LockSettingsData = { [S]: { created: true, keys: { '["skillOverrides","api-design"]': valueHash('name-only') }, containers: ['[ "skillOverrides" ]'] } };
    const kept = planSettings([override('api-design')], { disk: () => text, lock });
    expect(kept.lock![S]!.containers).toEqual(['[ "skillOverrides" ]']);
    const gone = planSettings([], { disk: () => text, lock });
    expect(gone.entries.map((e) => [e.path, e.action])).toEqual([[S, 'delete']]);
  });

  it("edits a user's file in place: its bytes stay, and removing ours gives back the very same file", () => {
    const original = '{\n    "model": "opus",   "permissions": {"allow": ["Bash(npm test)"]},\n    "env": { "A": "1" }\n}\n';
    const p = project({ [S]: original });
    p.run([override('api-design'), hook('npx prettier --write')]);
    const edited = p.files.get(S)!;
    expect(edited.startsWith('{\n    "model": "opus",   "permissions": {"allow": ["Bash(npm test)"]},\n    "env": { "A": "1" }')).toBe(true);
    expect(edited).toContain('\n    "skillOverrides": {\n        "api-design": "name-only"\n    }');
    expect(JSON.parse(edited).hooks.PostToolUse).toHaveLength(1);
    expect(p.lock![S]!.created).toBeUndefined();

    p.run([]);
    expect(p.files.get(S)).toBe(original);
    expect(p.lock).toBeUndefined();
  });

  it("never replaces a user's value at one of its keys: a conflict, left alone and not recorded", () => {
    const p = project({ [S]: '{"skillOverrides": {"api-design": "off"}}\n' });
    const plan = p.run([override('api-design'), override('ui-design')]);
    const conflict = plan.entries.find((e) => e.action === 'conflict')!;
    expect(conflict).toMatchObject({ path: S, kind: 'settings', reason: 'user-file', setting: ['skillOverrides', 'api-design'] });
    expect(JSON.parse(p.files.get(S)!).skillOverrides).toEqual({ 'api-design': 'off', 'ui-design': 'name-only' });
    expect(Object.keys(p.lock![S]!.keys)).toEqual(['["skillOverrides","ui-design"]']);
    // The user's object was there first: it stays when ours is gone.
    p.run([]);
    expect(JSON.parse(p.files.get(S)!)).toEqual({ skillOverrides: { 'api-design': 'off' } });
  });

  it("leaves a user's identical value and a parent that is not an object alone", () => {
    const p = project({ [S]: '{"skillOverrides": {"api-design": "name-only"}, "hooks": "none"}\n' });
    const plan = p.run([override('api-design'), hook('lint')]);
    expect(plan.entries.map((e) => [e.action, e.setting?.join('.')])).toEqual([['unchanged', undefined], ['conflict', 'hooks.PostToolUse']]);
    expect(p.lock).toBeUndefined();
    p.run([]);
    expect(JSON.parse(p.files.get(S)!)).toEqual({ skillOverrides: { 'api-design': 'name-only' }, hooks: 'none' });
  });

  it('takes a value back only while it is still what it wrote; a value the user changed becomes theirs', () => {
    const p = project();
    p.run([override('api-design'), override('ui-design')]);
    p.files.set(S, p.files.get(S)!.replace('"ui-design": "name-only"', '"ui-design": "off"'));
    p.run([]);
    expect(JSON.parse(p.files.get(S)!)).toEqual({ skillOverrides: { 'ui-design': 'off' } });
    expect(p.lock).toBeUndefined();
  });

  it('changes a value it wrote when the wanted value changes, and keeps other keys the user added beside it', () => {
    const p = project();
    p.run([override('api-design')]);
    p.files.set(S, p.files.get(S)!.replace('"api-design": "name-only"', '"api-design": "name-only",\n    "mine": "off"'));
    p.run([override('api-design', 'on')]);
    expect(JSON.parse(p.files.get(S)!).skillOverrides).toEqual({ 'api-design': 'on', mine: 'off' });
    p.run([]);
    // The file was ours, but it now holds a user's key: it stays, with only theirs in it.
    expect(JSON.parse(p.files.get(S)!)).toEqual({ skillOverrides: { mine: 'off' } });
  });

  it("adds an item to a user's array in the array's own style and removes exactly that item", () => {
    const user = '{\n  "hooks": {\n    "PostToolUse": [\n      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "mine" }] }\n    ]\n  }\n}\n';
    const p = project({ [S]: user });
    p.run([hook('ours')]);
    const text = p.files.get(S)!;
    expect(text.startsWith('{\n  "hooks": {\n    "PostToolUse": [\n      { "matcher": "Bash", "hooks": [{ "type": "command", "command": "mine" }] },\n      {\n        "matcher": "Edit|Write"')).toBe(true);
    expect(JSON.parse(text).hooks.PostToolUse.map((h: { hooks: Array<{ command: string }> }) => h.hooks[0]!.command)).toEqual(['mine', 'ours']);
    expect(p.run([hook('ours')]).entries[0]!.action).toBe('unchanged');
    p.run([]);
    expect(p.files.get(S)).toBe(user);
  });

  it('does not touch a file that is not valid JSON, and keeps what it had recorded', () => {
    const p = project();
    p.run([override('api-design')]);
    const recorded = p.lock;
    p.files.set(S, '{ "skillOverrides": { "api-design": "name-only" }, // a comment\n}');
    const plan = p.run([]);
    expect(plan.entries).toEqual([expect.objectContaining({ path: S, action: 'conflict', setting: [] })]);
    expect(p.lock).toEqual(recorded);
  });

  it('keeps each file apart, .mcp.json included, and starts from another edit of the same file', () => {
    const p = project({ [S]: '{"agent": "web"}\n' });
    const server: DesiredSetting = { file: M, key: ['mcpServers', 'browser'], value: { type: 'stdio', command: 'npx', args: ['@playwright/mcp'] } };
    const plan = planSettings([override('api-design'), server], { disk: (f) => p.files.get(f), start: (f) => (f === S ? '{}\n' : p.files.get(f)), lock: undefined });
    expect(plan.entries.map((e) => [e.path, e.action])).toEqual([[S, 'update'], [M, 'create']]);
    expect(JSON.parse(plan.entries[0]!.content!.toString())).toEqual({ skillOverrides: { 'api-design': 'name-only' } });
    expect(Object.keys(plan.lock!)).toEqual([S, M]);
  });

  it('records settings in the lockfile (version 4) and refuses a lockfile naming any other file or a bad key path', () => {
    const p = project();
    p.run([override('api-design')]);
    const lock = { lockfileVersion: 2 as const, generator: 'x', catalog: 'c', settings: p.lock, files: {} };
    const text = serializeLock(lock);
    expect(JSON.parse(text).lockfileVersion).toBe(4);
    expect(parseLock(text).settings).toEqual(p.lock);
    expect(JSON.parse(serializeLock({ ...lock, settings: undefined })).lockfileVersion).toBe(2);
    const hostile = JSON.parse(text);
    hostile.settings['.claude/settings.local.json'] = hostile.settings[S];
    hostile.settings[S].keys['skillOverrides.x'] = valueHash('name-only');
    expect(() => parseLock(JSON.stringify(hostile))).toThrow(/damaged/);
    try {
      parseLock(JSON.stringify(hostile));
    } catch (err) {
      const details = (err as { details?: string[] }).details!.join('\n');
      expect(details).toContain('settings[".claude/settings.local.json"] is not a settings file agent-team edits');
      expect(details).toContain('"skillOverrides.x", which is not a key path');
    }
  });
});
