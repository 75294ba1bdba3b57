import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../src/core/claude/frontmatter.js';
import { checkSkillFrontmatter } from '../src/core/claude/skill-rules.js';

// The quality bar of the shipped library, checked file by file (docs/library-authoring.md).
const LIB = fileURLToPath(new URL('../.claude/', import.meta.url));
type Detect = { npm?: string[]; pypi?: string[]; go?: string[]; maven?: string[]; files?: string[]; contents?: Array<{ file: string; pattern: string }>; unless?: Detect };
type ConventionEntry = string | { file: string; versions: string };
type VariantValue = { conventions?: string | ConventionEntry[]; version?: Record<string, string>; detect?: Detect };
type Role = {
  title: string;
  description: string;
  rules?: string;
  owns?: unknown[];
  hands_off?: Array<{ work?: unknown; to?: unknown }>;
  propose?: { variants?: string[]; detect?: Detect };
  variants?: Record<string, { multiple?: boolean; values: Record<string, VariantValue> }>;
};
// Read the YAML directly: these checks must not depend on the engine's schema.
const registry = parse(readFileSync(join(LIB, 'skills-registry.yaml'), 'utf8')) as {
  skills: Record<string, { path?: string }>;
  roles: Record<string, Role>;
};
const roleNames = Object.keys(registry.roles);

/** Every variant value of every role, with its place. */
function allValues(): Array<{ role: string; variant: string; name: string; value: VariantValue }> {
  return Object.entries(registry.roles).flatMap(([role, r]) =>
    Object.entries(r.variants ?? {}).flatMap(([variant, v]) => Object.entries(v.values).map(([name, value]) => ({ role, variant, name, value }))),
  );
}

function conventionFiles(value: VariantValue): string[] {
  const c = value.conventions;
  if (c === undefined) return [];
  return typeof c === 'string' ? [c] : c.map((e) => (typeof e === 'string' ? e : e.file));
}
const skillNames = Object.keys(registry.skills);
const PLACEHOLDER = /\[(?:skill|insert|todo|your|name|placeholder|description)[^\]]*\]|\bTODO\b|\bTBD\b|\bFIXME\b|lorem ipsum|\{\{|<%/i;
const MARKETING = /\b(revolutionary|cutting-edge|world-class|seamless(ly)?|game-chang\w*|supercharge\w*|unleash\w*|best-in-class)\b/i;
const MAX_BODY_LINES = 300;

/** Prose only: code examples may legitimately contain `{{ }}` (Vue, Angular) or a Todo type. */
function prose(markdown: string): string {
  return markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

function localLinks(markdown: string): string[] {
  const links: string[] = [];
  for (const m of prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1]!;
    if (/^(https?:|mailto:|#)/.test(target)) continue;
    links.push(target.split('#')[0]!);
  }
  return links;
}

describe('library: registry and skill folders agree', () => {
  it('has at least fifty skills', () => {
    expect(skillNames.length).toBeGreaterThanOrEqual(50);
  });

  it('every registered skill has a folder with SKILL.md, every folder is registered', () => {
    const folders = readdirSync(join(LIB, 'skills')).filter((f) => statSync(join(LIB, 'skills', f)).isDirectory());
    const missing = skillNames.filter((n) => !existsSync(join(LIB, registry.skills[n]!.path ?? `skills/${n}`, 'SKILL.md')));
    const unregistered = folders.filter((f) => !skillNames.includes(f));
    expect({ missing, unregistered }).toEqual({ missing: [], unregistered: [] });
  });

  it('every role rules file and every variant conventions file exists', () => {
    const wanted = new Set<string>(['rules/common.md']);
    for (const role of Object.values(registry.roles)) {
      if (role.rules) wanted.add(role.rules);
    }
    for (const { value } of allValues()) for (const file of conventionFiles(value)) wanted.add(file);
    const absent = [...wanted].filter((p) => !existsSync(join(LIB, p)));
    expect(absent).toEqual([]);
  });
});

describe.each(skillNames.filter((n) => existsSync(join(LIB, 'skills', n, 'SKILL.md'))))('skill %s', (name) => {
  const dir = join(LIB, registry.skills[name]!.path ?? `skills/${name}`);
  const text = readFileSync(join(dir, 'SKILL.md'), 'utf8');
  const { data, body } = parseFrontmatter(text);

  it('passes the Agent Skills frontmatter rules', () => {
    expect(checkSkillFrontmatter(name, data)).toEqual([]);
  });

  it('has a description that says what it does and when to use it', () => {
    const description = String(data.description ?? '');
    expect(description.length).toBeGreaterThan(80);
    expect(description).toMatch(/\bUse (it )?(when|for|before|after|while|to)\b/);
  });

  it(`has a procedure body under ${MAX_BODY_LINES} lines without placeholders or marketing`, () => {
    const lines = body.split('\n').length;
    expect(lines).toBeLessThan(MAX_BODY_LINES);
    expect(lines).toBeGreaterThan(25);
    expect(prose(body)).not.toMatch(PLACEHOLDER);
    expect(prose(body)).not.toMatch(MARKETING);
    expect(body).toMatch(/^#{1,3} /m);
  });

  it('links every bundled file, and every link resolves inside the skill', () => {
    const bundled = filesUnder(dir).map((f) => relative(dir, f).split('\\').join('/')).filter((f) => f !== 'SKILL.md');
    const links = localLinks(body).map((l) => l.replace(/^\.\//, ''));
    const broken = links.filter((l) => !existsSync(join(dir, l)) || relative(dir, join(dir, l)).startsWith('..'));
    const orphans = bundled.filter((f) => !links.includes(f));
    const tooDeep = bundled.filter((f) => f.split('/').length > 2);
    expect({ broken, orphans, tooDeep }).toEqual({ broken: [], orphans: [], tooDeep: [] });
  });

  it('keeps reference files focused and free of placeholders', () => {
    for (const file of filesUnder(dir).filter((f) => f.endsWith('.md') && !f.endsWith('SKILL.md'))) {
      const content = readFileSync(file, 'utf8');
      expect(content.trim().length, file).toBeGreaterThan(200);
      expect(prose(content), file).not.toMatch(PLACEHOLDER);
      expect(prose(content), file).not.toMatch(MARKETING);
    }
  });
});

describe('rules and conventions files', () => {
  const files = [
    ...filesUnder(join(LIB, 'rules')),
    ...(existsSync(join(LIB, 'conventions')) ? filesUnder(join(LIB, 'conventions')) : []),
  ].filter((f) => f.endsWith('.md'));

  it.each(files.map((f) => relative(LIB, f)))('%s is real content with no top-level heading', (file) => {
    const content = readFileSync(join(LIB, file), 'utf8');
    expect(content.trim().length).toBeGreaterThan(300);
    expect(prose(content)).not.toMatch(PLACEHOLDER);
    expect(prose(content)).not.toMatch(MARKETING);
    // These files are embedded under headings of the generated agent file.
    expect(content).not.toMatch(/^# /m);
    if (file.startsWith('conventions/')) expect(content).not.toMatch(/^#{1,3} /m);
  });
});

/** `"15"`, `"13-14"`, `">=16"`, `"<=4"` as an inclusive range of majors; undefined when malformed. */
function parseRange(text: string): { from: number; to: number } | undefined {
  const m = /^(?:(\d+)|(\d+)-(\d+)|>=(\d+)|<=(\d+))$/.exec(text);
  if (!m) return undefined;
  if (m[1]) return { from: Number(m[1]), to: Number(m[1]) };
  if (m[2]) return Number(m[2]) <= Number(m[3]) ? { from: Number(m[2]), to: Number(m[3]) } : undefined;
  if (m[4]) return { from: Number(m[4]), to: Infinity };
  return { from: 0, to: Number(m[5]) };
}

describe('conventions per major version', () => {
  const versioned = allValues().filter(({ value }) => Array.isArray(value.conventions));

  it('splits the stacks whose advice differs by major', () => {
    const names = new Set(versioned.map((v) => v.name));
    for (const name of ['nextjs', 'react', 'tailwind', 'prisma', 'spring', 'svelte', 'sveltekit', 'django', 'sqlalchemy', 'fastapi', 'express', 'angular', 'nuxt', 'tanstack-query', 'fiber']) {
      expect(names.has(name), name).toBe(true);
    }
  });

  it.each(versioned.map((v) => [`${v.role}/${v.variant}/${v.name}`, v.value] as const))('%s: a common file first, then well-formed ranges that do not overlap', (_at, value) => {
    const entries = value.conventions as ConventionEntry[];
    expect(typeof entries[0]).toBe('string');
    const ranges = entries.slice(1).map((e) => {
      expect(typeof e, JSON.stringify(e)).toBe('object');
      const entry = e as { file: string; versions: string };
      expect(Object.keys(entry).sort()).toEqual(['file', 'versions']);
      const range = parseRange(entry.versions);
      expect(range, entry.versions).toBeDefined();
      return { ...range!, file: entry.file, versions: entry.versions };
    });
    expect(ranges.length).toBeGreaterThan(0);
    for (const [i, a] of ranges.entries()) {
      for (const b of ranges.slice(i + 1)) expect(a.to < b.from || b.to < a.from, `${a.versions} overlaps ${b.versions}`).toBe(true);
    }
    const common = entries[0] as string;
    for (const r of ranges) expect(r.file.startsWith(common.replace(/\.md$/, '/')), r.file).toBe(true);
  });

  it.each(versioned.flatMap((v) => (v.value.conventions as ConventionEntry[]).slice(1).map((e) => [e as { file: string; versions: string }] as const)))('%o says at its top which majors it covers', (entry) => {
    const first = readFileSync(join(LIB, entry.file), 'utf8').split('\n')[0]!;
    expect(first).toMatch(/^- Covers /);
    for (const bound of entry.versions.match(/\d+/g)!) expect(first, entry.file).toContain(bound);
  });

  // `version: {}` says a value has no major of its own (an API style, Radix's many primitives): nothing to split on.
  it('names at most one version package, in a known ecosystem, and only where conventions are split', () => {
    for (const { name, value } of allValues()) {
      if (!value.version || Object.keys(value.version).length === 0) continue;
      expect(Object.keys(value.version), name).toHaveLength(1);
      expect(['npm', 'pypi', 'go', 'maven', 'pub'], name).toContain(Object.keys(value.version)[0]);
      expect(Array.isArray(value.conventions), name).toBe(true);
    }
  });

  it('ships no conventions file that the registry does not use', () => {
    const used = new Set(allValues().flatMap(({ value }) => conventionFiles(value)));
    const onDisk = filesUnder(join(LIB, 'conventions')).map((f) => relative(LIB, f).split('\\').join('/'));
    expect(onDisk.filter((f) => !used.has(f))).toEqual([]);
  });
});

describe('roles say what they own', () => {
  it.each(roleNames)('%s has a one-line description and short owns phrases', (name) => {
    const role = registry.roles[name]!;
    expect(role.description).not.toMatch(/\n/);
    expect(Array.isArray(role.owns) && role.owns.length >= 3, 'owns').toBe(true);
    for (const phrase of role.owns!) {
      expect(typeof phrase, JSON.stringify(phrase)).toBe('string');
      expect((phrase as string).length, phrase as string).toBeLessThanOrEqual(80);
    }
  });

  it('never gives one owns phrase to two roles', () => {
    const seen = new Map<string, string>();
    const shared: string[] = [];
    for (const [name, role] of Object.entries(registry.roles)) {
      for (const phrase of role.owns ?? []) {
        const key = String(phrase).toLowerCase().replace(/\s+/g, ' ').trim();
        const other = seen.get(key);
        if (other && other !== name) shared.push(`${key} (${other}, ${name})`);
        seen.set(key, name);
      }
    }
    expect(shared).toEqual([]);
  });

  it('hands work off only to other, known roles', () => {
    for (const [name, role] of Object.entries(registry.roles)) {
      for (const h of role.hands_off ?? []) {
        expect(typeof h.work === 'string' && h.work.length > 0 && h.work.length <= 80, `${name}: ${JSON.stringify(h)}`).toBe(true);
        expect(roleNames.includes(String(h.to)), `${name} -> ${String(h.to)}`).toBe(true);
        expect(h.to, name).not.toBe(name);
      }
    }
  });

  it.each(roleNames)('%s states its boundary at the top of its rules', (name) => {
    const rules = readFileSync(join(LIB, registry.roles[name]!.rules!), 'utf8');
    expect(rules.startsWith('## Your work\n')).toBe(true);
    const section = rules.split(/^## /m)[1]!;
    expect(section).toMatch(/Not yours/);
    expect(section).toMatch(/→/);
  });

  it('puts dev-mobile in the full preset', () => {
    const presets = parse(readFileSync(join(LIB, 'skills-registry.yaml'), 'utf8')).presets as Record<string, { agents: Record<string, { role: string }> }>;
    const roles = Object.values(presets.full!.agents).map((a) => a.role);
    expect(roles.sort()).toEqual([...roleNames].sort());
  });
});

describe('stack detection data', () => {
  function values(role: string, variant: string): string[] {
    return Object.keys(registry.roles[role]!.variants![variant]!.values);
  }

  it('orders one-value variants so the specific value wins over the general one', () => {
    const frameworks = values('dev-be', 'framework');
    for (const go of ['gin', 'echo', 'chi', 'fiber']) expect(frameworks.indexOf(go), go).toBeLessThan(frameworks.indexOf('go-std'));
    const orms = values('dev-be', 'orm');
    expect(orms.indexOf('sqlmodel')).toBeLessThan(orms.indexOf('sqlalchemy'));
    const mobile = values('dev-mobile', 'framework');
    expect(mobile.indexOf('expo')).toBeLessThan(mobile.indexOf('react-native'));
  });

  /** npm-only matching of detect hints, honouring `unless`, for the manifests below. */
  function npmMatches(detect: Detect | undefined, deps: string[]): boolean {
    if (!detect?.npm?.some((n) => deps.includes(n))) return false;
    return !(detect.unless?.npm ?? []).some((n) => deps.includes(n));
  }

  it('does not propose a web frontend for an Expo or React Native app, but still for a web React app', () => {
    const fe = registry.roles['dev-fe']!;
    const proposing = (fe.propose?.variants ?? []).flatMap((v) => Object.values(fe.variants![v]!.values));
    const expoApp = ['expo', 'react', 'react-native', 'react-dom', 'react-native-web', 'expo-router'];
    const bareApp = ['react', 'react-native', '@react-navigation/native'];
    const webApp = ['react', 'react-dom', 'vite'];
    expect(proposing.filter((v) => npmMatches(v.detect, expoApp))).toEqual([]);
    expect(proposing.filter((v) => npmMatches(v.detect, bareApp))).toEqual([]);
    expect(proposing.some((v) => npmMatches(v.detect, webApp))).toBe(true);
    const mobile = Object.values(registry.roles['dev-mobile']!.variants!.framework!.values);
    expect(mobile.some((v) => npmMatches(v.detect, expoApp))).toBe(true);
  });

  it('gives every unless the detect shape, one level deep', () => {
    const keys = ['npm', 'pypi', 'go', 'maven', 'files', 'contents'];
    for (const { name, value } of allValues()) {
      const unless = value.detect?.unless;
      if (!unless) continue;
      expect(Object.keys(unless).every((k) => keys.includes(k)), name).toBe(true);
    }
  });

  it('compiles every contents pattern', () => {
    for (const { name, value } of allValues()) for (const c of value.detect?.contents ?? []) expect(() => new RegExp(c.pattern, 'm'), name).not.toThrow();
  });
});
