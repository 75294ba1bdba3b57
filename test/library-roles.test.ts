import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/core/library/catalog.js';
import { renderAgentFile } from '../src/core/render/agent-file.js';
import { loadTemplates } from '../src/core/render/templates.js';
import { resolveAgent } from '../src/core/resolve/resolver.js';
import { renderSkillsIndex } from '../src/present/skills-index.js';
import { estimateTokens } from '../src/core/views/tokens.js';
import { FULL_LIBRARY, ROOT } from './helpers/cli.js';

/**
 * Every role of the shipped library resolves, and stays within its token budget (README.md,
 * "Token budget"): what an agent starts with must leave most of its context window for the code.
 */
const BUDGET = { plainPrompt: 2_500, stackPrompt: 8_000, preload: 30_000 };
const ROLES = ['dev-fe', 'dev-be', 'dev-mobile', 'sa', 'tech-lead', 'devops', 'pm', 'ba', 'qa', 'designer'];

const catalog = loadCatalog({ libraryDir: FULL_LIBRARY });
const templates = loadTemplates(join(ROOT, 'templates'));

/** A realistic full stack: one value per variant, two where several are allowed. */
function fullStack(role: string): Record<string, string[]> {
  return Object.fromEntries(Object.values(catalog.roles[role]!.variants).map((v) => [v.name, Object.keys(v.values).slice(0, v.multiple ? 2 : 1)]));
}

function measure(role: string, variants: Record<string, string[]>) {
  const agent = resolveAgent(catalog, { name: role, role, variants });
  return {
    skills: agent.skills.length,
    prompt: estimateTokens(renderAgentFile(agent, catalog, templates).length),
    preload: agent.skills.reduce((sum, s) => sum + estimateTokens(catalog.skills[s]!.chars), 0),
  };
}

describe('the ten roles of the library', () => {
  it('are all there', () => {
    expect(Object.keys(catalog.roles)).toEqual(ROLES);
  });

  it.each(ROLES)('%s resolves with no variants and with every variant value', (role) => {
    expect(resolveAgent(catalog, { name: 'x', role, variants: {} }).skills.length).toBeGreaterThanOrEqual(5);
    for (const variant of Object.values(catalog.roles[role]!.variants)) {
      for (const value of Object.keys(variant.values)) {
        const agent = resolveAgent(catalog, { name: 'x', role, variants: { [variant.name]: [value] } });
        expect(agent.conventions.map((c) => c.value)).toEqual([value]);
      }
    }
  });

  it('give document-writing roles no shell, and engineering roles one', () => {
    for (const role of ['pm', 'ba', 'sa', 'designer']) expect(catalog.roles[role]!.tools, role).not.toContain('Bash');
    for (const role of ['dev-fe', 'dev-be', 'dev-mobile', 'tech-lead', 'devops', 'qa']) expect(catalog.roles[role]!.tools, role).toContain('Bash');
  });

  it('let the tech lead inherit from both developer roles and add leadership', () => {
    const lead = resolveAgent(catalog, { name: 'x', role: 'tech-lead', variants: {} }).skills;
    expect(lead).toEqual(expect.arrayContaining(['frontend-architecture', 'api-design', 'technical-decisions', 'advanced-code-review', 'code-review']));
  });

  it('use every skill of the library somewhere', () => {
    const used = new Set<string>();
    for (const role of ROLES) {
      for (const skill of resolveAgent(catalog, { name: 'x', role, variants: {} }).skills) used.add(skill);
      for (const variant of Object.values(catalog.roles[role]!.variants)) {
        for (const value of Object.keys(variant.values)) {
          for (const skill of resolveAgent(catalog, { name: 'x', role, variants: { [variant.name]: [value] } }).skills) used.add(skill);
        }
      }
    }
    // A `with_teams` skill belongs to the whole team when agent teams are on (docs/teams.md), to no role.
    expect(Object.keys(catalog.skills).filter((s) => !used.has(s) && !catalog.skills[s]!.withTeams)).toEqual([]);
  });

  it(`stay within the token budget (prompt ${BUDGET.plainPrompt} plain / ${BUDGET.stackPrompt} with a full stack, preloaded skills ${BUDGET.preload})`, () => {
    const rows = ROLES.map((role) => ({ role, plain: measure(role, {}), stack: measure(role, fullStack(role)) }));
    const table = [
      'role        skills  prompt  prompt+stack  preloaded skills',
      ...rows.map((r) => `${r.role.padEnd(12)}${String(r.stack.skills).padEnd(8)}${String(r.plain.prompt).padEnd(8)}${String(r.stack.prompt).padEnd(14)}${r.stack.preload}`),
      `total skills ${Object.keys(catalog.skills).length}; every session lists their descriptions: ~${estimateTokens(Object.values(catalog.skills).reduce((n, s) => n + s.name.length + s.description.length + 4, 0))} tokens`,
    ];
    console.log(`Token cost per role (approximate, 4 characters per token):\n${table.join('\n')}`);
    for (const r of rows) {
      expect(r.plain.prompt, r.role).toBeLessThanOrEqual(BUDGET.plainPrompt);
      expect(r.stack.prompt, r.role).toBeLessThanOrEqual(BUDGET.stackPrompt);
      expect(r.stack.preload, r.role).toBeLessThanOrEqual(BUDGET.preload);
    }
  });
});

describe('the skills index', () => {
  it('is generated from the registry and never edited by hand', () => {
    const committed = readFileSync(join(ROOT, 'docs/skills-index.md'), 'utf8');
    expect(committed, 'run `npm run skills-index` and commit docs/skills-index.md').toBe(renderSkillsIndex(catalog));
  });
});
