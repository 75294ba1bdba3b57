import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../src/core/library/catalog.js';
import { AgentTeamError } from '../src/core/errors.js';
import { ResolveError, resolveAgent, resolveTeam, roleSkills } from '../src/core/resolve/resolver.js';
import { MINI_LIBRARY, tempDir } from './helpers/cli.js';
import { writeLibrary } from './helpers/library.js';

const mini = loadCatalog({ libraryDir: MINI_LIBRARY });

function resolve(catalog: Catalog, role: string, variants: Record<string, string[]> = {}) {
  return resolveAgent(catalog, { name: 'a', role, variants });
}

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ResolveError) return err.problems.join('\n');
    if (err instanceof AgentTeamError) return [err.message, ...err.details].join('\n');
    throw err;
  }
  throw new Error('expected an error');
}

describe('resolver', () => {
  it('selects explicit skills and whole categories, in order, each followed by its dependencies', () => {
    // styling depends on tokens, which also comes later from the category: listed once, right after styling.
    expect(resolve(mini, 'fe').skills).toEqual(['review', 'git', 'components', 'styling', 'tokens']);
  });

  it('skips variant-only skills in a category include and adds them through their variant', () => {
    expect(resolve(mini, 'fe').skills).not.toContain('react-hooks');
    const react = resolve(mini, 'fe', { framework: ['react'] });
    expect(react.skills).toEqual(['review', 'git', 'components', 'styling', 'tokens', 'react-hooks']);
    expect(react.conventions.map((c) => c.value)).toEqual(['react']);
    expect(resolve(mini, 'fe', { framework: ['vue'] }).skills).not.toContain('react-hooks');
  });

  it('orders variant values by the registry, not by the order they were given', () => {
    const agent = resolve(mini, 'fe', { state: ['redux', 'zustand'], framework: ['vue'] });
    expect(agent.conventions.map((c) => c.value)).toEqual(['vue', 'zustand', 'redux']);
  });

  it('inherits the selections of other roles, then applies its own excludes', () => {
    const lead = resolve(mini, 'lead');
    // fe gives review, git, components, styling, tokens; be gives endpoints, errors; leadership gives decisions.
    // git and styling are excluded; tokens stays because it is selected by the frontend category itself.
    expect(lead.skills).toEqual(['review', 'components', 'tokens', 'endpoints', 'errors', 'decisions']);
    expect(roleSkills(mini, 'lead')).toEqual(['review', 'components', 'tokens', 'endpoints', 'errors', 'decisions']);
  });

  it('carries the role facts: tools from a profile or a list (with Skill, which loads its skills), model, colour, rules', () => {
    const fe = resolve(mini, 'fe');
    expect(fe.tools).toEqual(['Read', 'Write', 'Edit', 'Bash', 'Grep', 'Glob', 'Skill']);
    expect(fe.model).toBe('inherit');
    expect(fe.color).toBe('blue');
    expect(fe.rulesFiles).toEqual([join(MINI_LIBRARY, 'rules/roles/fe.md')]);
    expect(resolve(mini, 'lead').tools).toEqual(['Read', 'Grep', 'Glob', 'Bash(git *)', 'Skill']);
    expect(resolve(mini, 'be').model).toBe('inherit');
  });

  it('adds the depends_on closure transitively', () => {
    // writer includes only decisions, which depends on review.
    expect(resolve(mini, 'writer').skills).toEqual(['decisions', 'review']);
  });

  it('rejects unknown roles, variants and values, naming the valid ones', () => {
    expect(problemOf(() => resolve(mini, 'nope'))).toMatch(/unknown role "nope" \(known roles: fe, be, lead, writer\)/);
    expect(problemOf(() => resolve(mini, 'fe', { framework: ['angular'] }))).toMatch(/unknown framework "angular" for role fe \(valid: react, vue\)/);
    expect(problemOf(() => resolve(mini, 'fe', { database: ['pg'] }))).toMatch(/has no variant "database" \(its variants: framework, state\)/);
    expect(problemOf(() => resolve(mini, 'fe', { framework: ['react', 'vue'] }))).toMatch(/takes one value, got react, vue/);
    expect(resolve(mini, 'fe', { state: ['zustand', 'redux'] }).variants.state).toEqual(['zustand', 'redux']);
  });

  it('reports an excluded dependency instead of silently dropping or adding it', () => {
    const dir = writeLibrary(tempDir(), {
      version: 1,
      categories: { core: { title: 'Core' } },
      skills: { a: { category: 'core', depends_on: ['b'] }, b: { category: 'core' } },
      roles: { r: { title: 'R', description: 'R.', skills: { include: ['a'], exclude: ['b'] } } },
    });
    const catalog = loadCatalog({ libraryDir: dir });
    expect(problemOf(() => resolve(catalog, 'r'))).toMatch(/excludes "b", but "a" depends on it/);
  });

  it('names every failing agent of a team and the file to fix', () => {
    const message = problemOf(() =>
      resolveTeam(mini, [
        { name: 'x', role: 'fe', variants: { framework: ['solid'] } },
        { name: 'y', role: 'ghost', variants: {} },
      ], '.claude/agent-team.yaml'),
    );
    expect(message).toMatch(/agents\.x: unknown framework "solid"/);
    expect(message).toMatch(/agents\.y: unknown role "ghost"/);
  });
});

describe('catalog validation', () => {
  const base = () => ({
    version: 1,
    categories: { core: { title: 'Core' } },
    skills: { a: { category: 'core' }, b: { category: 'core' } } as Record<string, any>,
    roles: { r: { title: 'R', description: 'R.', skills: { include: ['a'] } } } as Record<string, any>,
  });
  const failing = (registry: Record<string, any>, files: Record<string, string | null> = {}) =>
    problemOf(() => loadCatalog({ libraryDir: writeLibrary(tempDir(), registry, files) }));

  it('accepts a consistent library', () => {
    const catalog = loadCatalog({ libraryDir: writeLibrary(tempDir(), base()) });
    expect(Object.keys(catalog.skills)).toEqual(['a', 'b']);
    expect(catalog.digest).toMatch(/^sha256-[0-9a-f]{64}$/);
  });

  it('finds depends_on cycles and names the cycle', () => {
    const reg = base();
    reg.skills.a.depends_on = ['b'];
    reg.skills.b.depends_on = ['a'];
    expect(failing(reg)).toMatch(/depends_on has a cycle: a → b → a/);
  });

  it('finds inheritance cycles between roles', () => {
    const reg = base();
    reg.roles.r.skills.inherit = ['s'];
    reg.roles.s = { title: 'S', description: 'S.', skills: { inherit: ['r'] } };
    expect(failing(reg)).toMatch(/skills\.inherit has a cycle: r → s → r/);
  });

  it('names unknown skills, categories, roles, tool profiles and tools with their key', () => {
    const reg = base();
    reg.skills.b.category = 'ghost';
    reg.skills.a.recommends = ['zzz'];
    reg.roles.r.skills.include = ['a', 'missing', { category: 'nope' }];
    reg.roles.r.skills.inherit = ['phantom'];
    reg.roles.r.tools = 'nothing';
    reg.roles.t = { title: 'T', description: 'T.', tools: ['Read', 'MultiEdit', 'Bash(git *)', 'mcp__github__*'] };
    const message = failing(reg);
    expect(message).toMatch(/skills\.b: unknown category "ghost"/);
    expect(message).toMatch(/skills\.a: unknown skill "zzz"/);
    expect(message).toMatch(/roles\.r: skills\.include\[1\]: unknown skill "missing"/);
    expect(message).toMatch(/roles\.r: skills\.include\[2\]: unknown category "nope"/);
    expect(message).toMatch(/roles\.r: skills\.inherit: unknown role "phantom"/);
    expect(message).toMatch(/roles\.r: unknown tool profile "nothing"/);
    expect(message).toMatch(/roles\.t: tools: "MultiEdit" is not a Claude Code tool/);
    expect(message).not.toMatch(/Bash\(git|mcp__github/);
  });

  it('rejects a missing SKILL.md and frontmatter that breaks the Agent Skills rules', () => {
    const message = failing(base(), {
      a: null,
      b: '---\nname: bee\ndescription: "Has <html> in it."\nversion: 2\n---\nbody\n',
    });
    expect(message).toMatch(/skills\.a: missing agent-team library .*skills\/a\/SKILL\.md/);
    expect(message).toMatch(/"name" "bee" must equal its folder name "b"/);
    expect(message).toMatch(/"description" must not contain < or >/);
    expect(message).toMatch(/key "version" is not allowed/);
  });

  it('reports duplicate keys with their line, and schema problems with their key path', () => {
    const dir = tempDir();
    writeLibrary(dir, base());
    writeFileSync(join(dir, 'skills-registry.yaml'), 'version: 1\ncategories:\n  core: {title: Core}\n  core: {title: Again}\nskills: {}\n');
    expect(problemOf(() => loadCatalog({ libraryDir: dir }))).toMatch(/skills-registry\.yaml:4:\d+: Map keys must be unique/);
    writeFileSync(join(dir, 'skills-registry.yaml'), 'version: 1\ncategories: {core: {title: Core}}\nskills:\n  a: {category: core, colour: red}\nroles:\n  r: {title: R, description: R., model: gpt}\n');
    const message = problemOf(() => loadCatalog({ libraryDir: dir }));
    expect(message).toMatch(/skills\.a has unknown key: colour/);
    expect(message).toMatch(/roles\.r\.model must be one of sonnet, opus, haiku, fable, inherit/);
  });

  it('merges a project role override onto the library role and adds new roles', () => {
    const project = tempDir();
    mkdirSync(join(project, 'team-rules'));
    writeFileSync(join(project, 'team-rules/fe-extra.md'), 'Use our design system.\n');
    const catalog = loadCatalog({
      libraryDir: MINI_LIBRARY,
      projectRoot: project,
      team: {
        version: 1,
        roles: {
          fe: {
            model: 'sonnet',
            rules: 'team-rules/fe-extra.md',
            skills: { include: ['endpoints'], exclude: ['git'] },
            variants: { framework: { values: { svelte: { title: 'Svelte' } } } },
          },
          docs: { title: 'Docs Writer', description: 'Writes docs.', tools: 'authoring', skills: { include: ['decisions'] } },
        },
      },
    });
    const fe = catalog.roles.fe!;
    expect(fe.model).toBe('sonnet');
    expect(fe.color).toBe('blue');
    expect(fe.rulesFiles).toEqual([join(MINI_LIBRARY, 'rules/roles/fe.md'), join(project, 'team-rules/fe-extra.md')]);
    expect(Object.keys(fe.variants.framework!.values)).toEqual(['react', 'vue', 'svelte']);
    expect(resolveAgent(catalog, { name: 'x', role: 'fe', variants: { framework: ['svelte'] } }).skills).toEqual([
      'review', 'components', 'styling', 'tokens', 'endpoints', 'errors',
    ]);
    expect(catalog.roles.docs!.tools).toEqual(['Read', 'Write', 'Edit', 'Grep', 'Glob']);
    expect(catalog.roles.docs!.origin).toBe('project');
  });

  it('requires a title and description for a role the library does not have', () => {
    expect(problemOf(() => loadCatalog({ libraryDir: MINI_LIBRARY, projectRoot: tempDir(), team: { version: 1, roles: { novel: { model: 'opus' } } } }))).toMatch(
      /roles\.novel: is not a library role, so it needs a title and a description/,
    );
  });
});
