import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/core/library/catalog.js';
import type { PlanEntry } from '../src/core/plan/plan.js';
import { overrideProblems } from '../src/core/team/override-problems.js';
import { overrideFacts } from '../src/core/views/override-facts.js';
import { alreadyPending, destructiveSteps, planEffects } from '../src/core/views/plan-effects.js';
import { teamMap } from '../src/core/views/team-map.js';
import type { AgentView, RoleView } from '../src/core/views/types.js';
import { findTeams } from '../src/server/projects.js';
import { MINI_LIBRARY, tempDir } from './helpers/cli.js';

/** The dashboard's pure helpers: the comparisons behind a plan's review, the team map, override checks, the team search. */

function agent(name: string, skills: string[], total: number, extra: Partial<AgentView> = {}): AgentView {
  return {
    name,
    role: 'fe',
    title: 'Frontend Developer',
    variants: {},
    versions: {},
    paths: [],
    stack: [],
    skills,
    tools: [],
    model: 'inherit',
    color: null,
    cost: { prompt: total - 10, skills: 10, total },
    active: false,
    file: `.claude/agents/${name}.md`,
    status: 'synced',
    ...extra,
  };
}

const entry = (path: string, action: PlanEntry['action'], extra: Partial<PlanEntry> = {}): PlanEntry => ({ path, kind: 'managed', action, agents: [], ...extra });

describe('planEffects', () => {
  it('names the agents a change adds, removes or changes, and leaves the others out', () => {
    const before = [agent('web', ['review', 'git'], 500), agent('api', ['review'], 300), agent('old', ['git'], 200)];
    const after = [agent('web', ['review', 'styling'], 650, { model: 'opus' }), agent('api', ['review'], 300), agent('docs', ['decisions', 'review'], 250)];
    expect(planEffects(before, after)).toEqual([
      { agent: 'web', change: 'changed', title: 'Frontend Developer', gained: ['styling'], lost: ['git'], tokens: { before: 500, after: 650 }, model: { before: 'inherit', after: 'opus' } },
      { agent: 'docs', change: 'added', title: 'Frontend Developer', gained: ['decisions', 'review'], lost: [], tokens: { before: null, after: 250 } },
      { agent: 'old', change: 'removed', title: 'Frontend Developer', gained: [], lost: ['git'], tokens: { before: 200, after: null } },
    ]);
  });

  it('reports a change of cost alone, and of the active agent', () => {
    expect(planEffects([agent('web', ['a'], 500)], [agent('web', ['a'], 520)])).toEqual([expect.objectContaining({ agent: 'web', gained: [], lost: [], tokens: { before: 500, after: 520 } })]);
    expect(planEffects([agent('web', ['a'], 500)], [agent('web', ['a'], 500, { active: true })])).toEqual([expect.objectContaining({ active: { before: false, after: true } })]);
    expect(planEffects([agent('web', ['a'], 500)], [agent('web', ['a'], 500)])).toEqual([]);
  });
});

describe('alreadyPending and destructiveSteps', () => {
  it('sets apart only steps a plain sync would take the very same way', () => {
    const sync = [
      entry('.claude/agent-team.yaml', 'update', { kind: 'team' }),
      entry('.claude/skills/git/SKILL.md', 'create', { content: Buffer.from('git') }),
      entry('.claude/agents/api.md', 'keep', { reason: 'customised' }),
      entry('.claude/agents/web.md', 'update', { content: Buffer.from('one') }),
      entry('CLAUDE.md', 'unchanged'),
    ];
    const plan = [
      entry('.claude/agent-team.yaml', 'update', { kind: 'team' }),
      entry('.claude/skills/git/SKILL.md', 'create', { content: Buffer.from('git') }),
      entry('.claude/agents/api.md', 'keep', { reason: 'customised' }),
      entry('.claude/agents/web.md', 'update', { content: Buffer.from('two') }),
      entry('CLAUDE.md', 'update', { content: Buffer.from('x') }),
      entry('.claude/agents/docs.md', 'create', { content: Buffer.from('d') }),
    ];
    expect(alreadyPending(plan, sync)).toEqual(['.claude/skills/git/SKILL.md', '.claude/agents/api.md']);
    expect(alreadyPending(plan, [])).toEqual([]);
  });

  it('marks deletes and replacements that keep a backup', () => {
    expect(destructiveSteps([entry('a', 'delete'), entry('b', 'update', { backup: true }), entry('c', 'update'), entry('d', 'create'), entry('e', 'keep', { reason: 'edited' })])).toEqual([
      { path: 'a', step: 'delete' },
      { path: 'b', step: 'replace' },
    ]);
  });
});

describe('teamMap', () => {
  const role = (name: string, inherits: string[], agents: string[]): RoleView => ({ name, title: name.toUpperCase(), description: '', toolProfile: null, tools: [], model: 'inherit', color: null, origin: 'library', inherits, skills: [], variants: [], agents });

  it('marks shared skills, keeps the roles in use and their ancestors, and weighs each agent against the budget', () => {
    const map = teamMap(
      [agent('web', ['review', 'styling'], 900, { role: 'fe' }), agent('lead', ['review', 'decisions'], 2500, { role: 'lead' })],
      [role('fe', [], ['web']), role('be', [], []), role('lead', ['fe', 'be'], ['lead']), role('writer', [], [])],
      2000,
    );
    expect(map.skills).toEqual([
      { name: 'review', agents: ['web', 'lead'], shared: true },
      { name: 'styling', agents: ['web'], shared: false },
      { name: 'decisions', agents: ['lead'], shared: false },
    ]);
    expect(map.roles.map((r) => [r.name, r.inherits])).toEqual([
      ['fe', []],
      ['be', []],
      ['lead', ['fe', 'be']],
    ]);
    expect(map.agents.map((a) => [a.name, a.overBudget])).toEqual([
      ['web', false],
      ['lead', true],
    ]);
    expect(map.budget).toBe(2000);
  });
});

describe('overrideProblems, against the mini library', () => {
  const catalog = loadCatalog({ libraryDir: MINI_LIBRARY });
  const be = overrideFacts(catalog, 'be');
  const lead = overrideFacts(catalog, 'lead');

  it('takes its facts from the catalog: the role before any override, every skill with its dependencies', () => {
    expect(be.base).toEqual({ skills: ['review', 'git', 'endpoints', 'errors'], exclude: [], inherits: [] });
    expect(lead.base.exclude).toEqual(['git', 'styling']);
    expect(be.skills.decisions).toEqual(['review']);
    expect(be.categories.frontend).toEqual(['components', 'styling', 'tokens']);
    expect(be.roles.lead!.inherits).toEqual(['fe', 'be']);
  });

  it('accepts an override without contradictions', () => {
    expect(overrideProblems(null, be)).toEqual([]);
    expect(overrideProblems({ model: 'opus' }, be)).toEqual([]);
    expect(overrideProblems({ skills: { include: ['decisions', { category: 'frontend' }], exclude: ['git'], inherit: ['fe'] } }, be)).toEqual([]);
  });

  it('finds a skill both added and left out, by the override or by the role itself', () => {
    expect(overrideProblems({ skills: { include: ['tokens'], exclude: ['tokens'] } }, be).map((p) => p.code)).toEqual(['included-and-excluded']);
    expect(overrideProblems({ skills: { include: ['git'] } }, lead)).toEqual([{ code: 'included-and-excluded', subject: 'git', message: '"git" is left out by the role itself, so adding it has no effect' }]);
  });

  it('finds a left-out skill that a kept skill depends on, directly or through another', () => {
    expect(overrideProblems({ skills: { exclude: ['errors'] } }, be)).toEqual([
      { code: 'excluded-dependency', subject: 'errors', message: '"endpoints" depends on "errors", which is left out: keep "errors", or leave out "endpoints" too' },
    ]);
    // Leaving out the one that needs it too is fine.
    expect(overrideProblems({ skills: { exclude: ['errors', 'endpoints'] } }, be)).toEqual([]);
    // Through a whole category, and through an inherited role.
    expect(overrideProblems({ skills: { include: [{ category: 'frontend' }], exclude: ['tokens'] } }, be).map((p) => p.message)).toEqual(['"styling" depends on "tokens", which is left out: keep "tokens", or leave out "styling" too']);
    // A whole category may bring a skill the role leaves out: that one simply stays out.
    expect(overrideProblems({ skills: { include: [{ category: 'frontend' }] } }, lead)).toEqual([]);
    expect(overrideProblems({ skills: { inherit: ['writer'], exclude: ['review'] } }, be).map((p) => p.message)).toEqual(['"decisions" depends on "review", which is left out: keep "review", or leave out "decisions" too']);
  });

  it('finds unknown skills, categories and roles, and inheritance in a circle', () => {
    expect(overrideProblems({ skills: { include: ['nope', { category: 'none' }], exclude: ['gone'], inherit: ['pilot', 'be', 'lead'] } }, be).map((p) => p.message)).toEqual([
      'skills.include: unknown skill "nope"',
      'skills.exclude: unknown skill "gone"',
      'skills.include: unknown category "none"',
      'skills.inherit: unknown role "pilot"',
      'skills.inherit: role be cannot inherit from itself',
      'skills.inherit: role "lead" already inherits from be, so the roles would inherit in a cycle',
    ]);
  });

  it('reads hostile input as data: odd shapes are ignored, names are looked up on own keys only', () => {
    expect(overrideProblems({ skills: { include: [42, null, { category: 7 }], exclude: 'review', inherit: [{}] } }, be)).toEqual([]);
    expect(overrideProblems({ skills: { include: ['__proto__', 'constructor'], inherit: ['toString'] } }, be).map((p) => p.code)).toEqual(['unknown-skill', 'unknown-skill', 'unknown-role']);
  });
});

describe('findTeams (agent-team ui --root)', () => {
  const makeTeam = (dir: string) => {
    mkdirSync(join(dir, '.claude'), { recursive: true });
    writeFileSync(join(dir, '.claude/agent-team.yaml'), 'version: 1\n');
  };

  it('finds teams breadth first, skipping dependencies, build output and hidden folders, never following links', () => {
    const top = tempDir('agent-team-find-');
    makeTeam(top);
    makeTeam(join(top, 'apps/web'));
    makeTeam(join(top, 'apps/web/packages/ui'));
    makeTeam(join(top, 'node_modules/x'));
    makeTeam(join(top, 'dist/copy'));
    makeTeam(join(top, '.git/modules/y'));
    const outside = tempDir('agent-team-outside-');
    makeTeam(outside);
    symlinkSync(outside, join(top, 'linked'));
    // A team file that is a folder is no team.
    mkdirSync(join(top, 'odd/.claude/agent-team.yaml'), { recursive: true });
    const { teams, complete } = findTeams(top);
    expect(teams.map((t) => t.id)).toEqual(['.', 'apps/web', 'apps/web/packages/ui']);
    expect(teams[0]!.name).toBe(top.split('/').pop());
    expect(complete).toBe(true);
  });

  it('stops at its depth, folder and team limits, and says it stopped', () => {
    const top = tempDir('agent-team-find-');
    makeTeam(join(top, 'a/b/c/d'));
    makeTeam(join(top, 'one'));
    makeTeam(join(top, 'two'));
    expect(findTeams(top, { depth: 3, folders: 1000, teams: 10 }).teams.map((t) => t.id)).toEqual(['one', 'two']);
    expect(findTeams(top, { depth: 4, folders: 1000, teams: 10 }).teams.map((t) => t.id)).toEqual(['one', 'two', 'a/b/c/d']);
    expect(findTeams(top, { depth: 6, folders: 1000, teams: 1 })).toEqual({ teams: [expect.objectContaining({ id: 'one' })], complete: false });
    expect(findTeams(top, { depth: 6, folders: 2, teams: 10 }).complete).toBe(false);
  });
});
