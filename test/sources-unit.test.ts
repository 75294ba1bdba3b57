import { describe, expect, it } from 'vitest';
import { parseLock, serializeLock } from '../src/core/apply/lockfile.js';
import { renameSkill } from '../src/core/sources/layout.js';
import { flatName, splitQualified } from '../src/core/sources/names.js';
import { defaultSourceName, locateSource, splitSpec } from '../src/core/sources/spec.js';
import { treePathProblem } from '../src/core/sources/tree.js';
import { parseTeam } from '../src/core/team/team-file.js';

describe('source URLs', () => {
  it('takes the transports people share repositories with, each with only its own protocol allowed', () => {
    expect(locateSource('https://github.com/acme/skills.git', '/p')).toEqual({ kind: 'remote', url: 'https://github.com/acme/skills.git', protocols: 'http:https' });
    expect(locateSource('git@github.com:acme/skills.git', '/p')).toMatchObject({ kind: 'remote', protocols: 'ssh' });
    expect(locateSource('ssh://git@host:2222/acme/skills', '/p')).toMatchObject({ kind: 'remote', protocols: 'ssh' });
    expect(locateSource('git://host/acme/skills', '/p')).toMatchObject({ kind: 'remote', protocols: 'git' });
    expect(locateSource('../shared', '/work/p')).toEqual({ kind: 'local', url: '/work/shared', path: '/work/shared', protocols: 'file' });
    expect(locateSource('file:///srv/skills.git', '/p')).toMatchObject({ kind: 'local', path: '/srv/skills.git', protocols: 'file' });
  });

  it.each([
    ['ext::sh -c id', 'remote helper'],
    ['fd::3', 'remote helper'],
    ['transport::x', 'remote helper'],
    ['--upload-pack=touch /tmp/x', 'starts with "-"'],
    ['ssh://-oProxyCommand=id/x', 'starts with "-"'],
    ['git@-oProxyCommand=id:x', 'host:path'],
    ['git@-evil.example:x.git', 'starts with "-"'],
    ['https://me:secret@host/x.git', 'password or token'],
    ['gopher://host/x', 'not one agent-team uses'],
    ['host:path/x', 'without a user'],
    ['https://host/x\nmore', 'control characters'],
  ])('refuses %j', (url, why) => {
    expect(() => locateSource(url, '/p')).toThrow(why);
  });

  it('splits #ref off and makes a name from the last path segment', () => {
    expect(splitSpec('https://h/acme/skills.git#v1.2')).toEqual({ url: 'https://h/acme/skills.git', ref: 'v1.2' });
    expect(splitSpec('../repo')).toEqual({ url: '../repo' });
    expect(defaultSourceName('git@github.com:acme/Web_Skills.git')).toBe('web-skills');
    expect(defaultSourceName('https://github.com/anthropics/claude-skills')).toBe('skills');
    expect(defaultSourceName('https://host/')).toBe('host');
  });

  it('checks refs and names in the team file', () => {
    const problems = (text: string) => {
      try {
        parseTeam(text);
        return '';
      } catch (err) {
        return [(err as Error).message, ...((err as { details?: string[] }).details ?? [])].join('\n');
      }
    };
    const team = (source: string) => ({ toThrow: (re: RegExp) => expect(problems(`version: 1\nsources:\n  - ${source}\n`)).toMatch(re), not: { toThrow: () => expect(problems(`version: 1\nsources:\n  - ${source}\n`)).toBe('') } });
    team('{ name: acme, url: "https://h/x.git", ref: v1 }').not.toThrow();
    team('{ name: acme, url: "https://h/x.git", ref: "-x" }').toThrow(/sources\[0\]\.ref must be a branch, tag or commit name/);
    team('{ name: acme, url: "https://h/x.git", ref: "a..b" }').toThrow(/sources\[0\]\.ref/);
    team('{ name: claude-tools, url: "https://h/x.git" }').toThrow(/sources\[0\]\.name must not contain "anthropic" or "claude"/);
    team('{ name: Acme, url: "https://h/x.git" }').toThrow(/sources\[0\]\.name/);
    team('{ name: acme, url: "--upload-pack=x" }').toThrow(/sources\[0\]\.url must be a git URL or a path/);
    expect(problems('version: 1\nsources:\n  - { name: a, url: "https://h/x" }\n  - { name: a, url: "https://h/y" }\n')).toMatch(/names each git source once/);
  });
});

describe('names of a source', () => {
  it('maps <source>:<name> to the flat <source>-<name>', () => {
    expect(splitQualified('acme:review')).toEqual({ source: 'acme', name: 'review' });
    expect(splitQualified('review')).toBeUndefined();
    expect(splitQualified('a:b:c')).toBeUndefined();
    expect(flatName('acme', 'review')).toBe('acme-review');
  });

  it('rewrites only the name of a SKILL.md, keeping the rest as written', () => {
    const text = '---\n# a comment\nname: review\ndescription: "Reviews: carefully."\nallowed-tools: Read Grep\n---\n# Review\n\nname: not this one\n';
    expect(renameSkill(text, 'acme-review')).toBe('---\n# a comment\nname: acme-review\ndescription: "Reviews: carefully."\nallowed-tools: Read Grep\n---\n# Review\n\nname: not this one\n');
    expect(renameSkill('# No frontmatter\n', 'x')).toBe('# No frontmatter\n');
  });

  it('refuses tree paths that cannot be files inside the source', () => {
    for (const bad of ['../x', 'a/../../x', 'a/.git/config', '.GIT/hooks/x', 'a\\b', 'a//b', './a']) expect(treePathProblem(bad), bad).toBeDefined();
    expect(treePathProblem('skills/review/SKILL.md')).toBeUndefined();
  });
});

describe('lockfile sources', () => {
  const v2 = { lockfileVersion: 2, generator: 'agent-team@1', catalog: 'sha256-x', files: {} };
  const pin = { url: 'https://h/x.git', ref: 'v1', commit: 'a'.repeat(40), files: { 'skills/r/SKILL.md': 'b'.repeat(64) } };

  it('reads version 2 files, and writes version 3 only when it pins sources', () => {
    expect(parseLock(JSON.stringify(v2)).sources).toBeUndefined();
    expect(JSON.parse(serializeLock(parseLock(JSON.stringify(v2)))).lockfileVersion).toBe(2);
    const withSources = serializeLock({ ...parseLock(JSON.stringify(v2)), sources: { acme: pin } });
    expect(JSON.parse(withSources)).toMatchObject({ lockfileVersion: 3, sources: { acme: pin } });
    expect(parseLock(withSources).sources).toEqual({ acme: pin });
  });

  it('refuses a hand-edited pin that names a path outside the source or a bad commit', () => {
    expect(() => parseLock(JSON.stringify({ ...v2, lockfileVersion: 3, sources: { acme: { ...pin, files: { '../../.ssh/id_rsa': 'b'.repeat(64) } } } }))).toThrow(/damaged/);
    expect(() => parseLock(JSON.stringify({ ...v2, lockfileVersion: 3, sources: { acme: { ...pin, commit: 'HEAD' } } }))).toThrow(/damaged/);
    expect(() => parseLock(JSON.stringify({ ...v2, lockfileVersion: 3, sources: { '../x': pin } }))).toThrow(/damaged/);
  });
});
