import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgent, initTeam, syncTeam } from '../src/core/operations/index.js';
import { planTeam, type TeamChange } from '../src/core/pipeline.js';
import { knowledgeFile, TEAM_FILE } from '../src/core/paths.js';
import { MINI_LIBRARY, snapshot, tempDir } from './helpers/cli.js';

/**
 * A team prepared from a catalog (resolved, rendered, its settings made) is kept in the cache and
 * read back while its inputs stay the same (src/core/render/prepared.ts). A plan from the cache
 * must be the plan made afresh, and every input must make it afresh when it changes.
 */

let saved: string | undefined;
let library: string;
beforeAll(() => {
  saved = process.env.AGENT_TEAM_LIBRARY;
  // A library of this file's own: no other test's cache entries can stand for it.
  library = join(tempDir('agent-team-prepared-lib-'), 'library');
  cpSync(MINI_LIBRARY, library, { recursive: true });
  process.env.AGENT_TEAM_LIBRARY = library;
});
afterAll(() => {
  if (saved === undefined) delete process.env.AGENT_TEAM_LIBRARY;
  else process.env.AGENT_TEAM_LIBRARY = saved;
});

const cacheDir = (kind: string) => join(process.env.AGENT_TEAM_CACHE_DIR!, kind);
const entries = (kind: string) => (existsSync(cacheDir(kind)) ? readdirSync(cacheDir(kind)) : []);

async function project(): Promise<string> {
  const dir = tempDir();
  await initTeam(dir, {});
  await addAgent(dir, { name: 'web', role: 'fe', variants: { framework: ['react'] } });
  await addAgent(dir, { name: 'api', role: 'be' });
  return dir;
}

const plan = (dir: string) => planTeam(dir, readFileSync(join(dir, TEAM_FILE), 'utf8'));

/** Everything a plan says, content included: what applying it would write. */
function said(change: TeamChange) {
  return {
    entries: change.plan.entries.map((e) => ({ path: e.path, action: e.action, kind: e.kind, agents: e.agents, reason: e.reason, hash: e.hash, content: e.content?.toString('utf8') })),
    lock: change.lockText,
    agents: change.agents.map((a) => [a.name, a.role.name, a.skills]),
  };
}

describe('a prepared team read back from the cache', () => {
  it('plans what the team made afresh plans, loading the catalog only to render a file to write', async () => {
    const dir = await project();
    // The team file changed by hand: the plan has files to write, whose content is asked for.
    writeFileSync(join(dir, TEAM_FILE), readFileSync(join(dir, TEAM_FILE), 'utf8').replace('role: be', 'role: writer'));
    rmSync(cacheDir('prepared'), { recursive: true, force: true });
    const fresh = said(plan(dir));
    expect(entries('prepared')).toHaveLength(1);
    // Without the catalog's own entry, a plan that needed the catalog would have to make it again.
    rmSync(cacheDir('catalog'), { recursive: true, force: true });
    const change = plan(dir);
    expect(entries('catalog')).toEqual([]);
    // The agent file to write is rendered again when its content is asked for, from the catalog then loaded.
    expect(said(change)).toEqual(fresh);
    expect(entries('catalog')).toHaveLength(1);
    expect(Object.keys(change.catalog.roles)).toContain('writer');
  });

  it('writes the same files from the cache as from a fresh render', async () => {
    const first = await project();
    const second = await project();
    rmSync(cacheDir('prepared'), { recursive: true, force: true });
    for (const dir of [first, second]) rmSync(join(dir, '.claude/agents'), { recursive: true, force: true });
    await syncTeam(first, {});
    // The second project is planned from the entry the first one made: its agent files are rendered on demand.
    await syncTeam(second, {});
    const installed = (dir: string) => Object.fromEntries(Object.entries(snapshot(dir)).filter(([path]) => /^(CLAUDE\.md|\.claude\/(agents|agent-memory|skills|rules|settings\.json|agent-team\.lock))/.test(path)));
    expect(Object.keys(installed(first))).toContain('.claude/agents/web.md');
    expect(installed(second)).toEqual(installed(first));
  });

  it('is made again when an agent gains or loses a knowledge file', async () => {
    const dir = await project();
    const notes = (c: TeamChange) => c.plan.entries.find((e) => e.path === knowledgeFile('web'));
    expect(notes(plan(dir))).toBeUndefined();
    mkdirSync(join(dir, '.claude/agent-memory/web'), { recursive: true });
    writeFileSync(join(dir, knowledgeFile('web')), '# Notes\n\nThe build runs on Node 20.\n');
    // Kept as the agent's own, and wanted, so never deleted as no longer needed.
    expect(notes(plan(dir))).toMatchObject({ kind: 'seed', action: 'keep' });
    rmSync(join(dir, knowledgeFile('web')));
    expect(notes(plan(dir))).toBeUndefined();
  });

  it('is made again when a rules file a role override names is edited', async () => {
    const dir = await project();
    mkdirSync(join(dir, 'docs'), { recursive: true });
    writeFileSync(join(dir, 'docs/fe-rules.md'), '## Frontend\n\nUse the design tokens.\n');
    writeFileSync(join(dir, TEAM_FILE), `${readFileSync(join(dir, TEAM_FILE), 'utf8')}roles:\n  fe:\n    rules: docs/fe-rules.md\n`);
    const agentFile = (c: TeamChange) => c.plan.entries.find((e) => e.path === '.claude/agents/web.md');
    const before = plan(dir);
    expect(agentFile(before)?.content?.toString('utf8')).toContain('Use the design tokens.');
    writeFileSync(join(dir, 'docs/fe-rules.md'), '## Frontend\n\nUse the spacing scale, and nothing else.\n');
    const after = plan(dir);
    expect(agentFile(after)?.content?.toString('utf8')).toContain('Use the spacing scale, and nothing else.');
  });

  it('is made again from an entry that is damaged', async () => {
    const dir = await project();
    writeFileSync(join(dir, TEAM_FILE), readFileSync(join(dir, TEAM_FILE), 'utf8').replace('role: be', 'role: writer'));
    rmSync(cacheDir('prepared'), { recursive: true, force: true });
    const fresh = said(plan(dir));
    const [name] = entries('prepared');
    const path = join(cacheDir('prepared'), name!);
    const good = JSON.parse(readFileSync(path, 'utf8'));
    for (const bad of ['{not json', JSON.stringify({ ...good, skills: 'many' }), JSON.stringify({ ...good, files: [{ path: '.claude/agents/web.md', fromProject: true }] }), 'null']) {
      writeFileSync(path, bad);
      expect(said(plan(dir))).toEqual(fresh);
    }
  });
});
