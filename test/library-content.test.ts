import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as yaml from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../src/core/claude/frontmatter.js';
import { checkSkillFrontmatter } from '../src/core/claude/skill-rules.js';

// The quality bar of the shipped library, checked file by file (docs/library-authoring.md).
const LIB = fileURLToPath(new URL('../.claude/', import.meta.url));
const registry = yaml.parse(readFileSync(join(LIB, 'skills-registry.yaml'), 'utf8')) as {
  skills: Record<string, { path?: string }>;
  roles: Record<string, { rules?: string; variants?: Record<string, { values: Record<string, { conventions?: string }> }> }>;
};
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
      for (const variant of Object.values(role.variants ?? {})) {
        for (const value of Object.values(variant.values)) if (value.conventions) wanted.add(value.conventions);
      }
    }
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
