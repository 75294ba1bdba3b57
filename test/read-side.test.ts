import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_LIBRARY, read, run, tempDir } from './helpers/cli.js';
import { call, startDashboard, type Dashboard } from './helpers/dashboard.js';

/**
 * The CLI and the dashboard read the project through one read side (core/views): on the same
 * project they show the same agents, field by field — synced, edited, missing and active ones alike.
 */
describe('one read side for the CLI and the dashboard', () => {
  const lib = { library: MINI_LIBRARY };
  let dir: string;
  let d: Dashboard;

  beforeAll(async () => {
    dir = tempDir();
    const cli = (...args: string[]) => expect(run(args, { cwd: dir, ...lib }).code, args.join(' ')).toBe(0);
    cli('init');
    cli('add', 'web', 'fe', '--framework', 'react@18', '--state', 'zustand');
    cli('add', 'api', 'be');
    cli('add', 'docs', 'writer');
    cli('switch', 'api');
    // One agent edited by hand, one the team file names but sync has not written yet.
    writeFileSync(join(dir, '.claude/agents/docs.md'), `${read(dir, '.claude/agents/docs.md')}\nOur note.\n`);
    writeFileSync(join(dir, '.claude/agent-team.yaml'), `${read(dir, '.claude/agent-team.yaml')}  later:\n    role: be\n`);
    d = await startDashboard(dir, lib);
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('list --json and GET /api/agents agree on every field of every agent', async () => {
    const cli = run(['list', '--json'], { cwd: dir, ...lib }).json();
    const api = (await call(d, '/api/agents')).json();
    expect(api.agents.length).toBe(4);
    expect(cli.agents).toEqual(api.agents);
    const byName = Object.fromEntries(api.agents.map((a: any) => [a.name, a]));
    expect(byName.web).toMatchObject({ status: 'synced', stack: ['React 18', 'Zustand'], versions: { react: 18 } });
    expect(byName.docs.status).toBe('edited');
    expect(byName.later.status).toBe('missing');
    expect(byName.api.active).toBe(true);
    expect(cli.active).toBe(api.active.agent);
  });

  it('the overview counts what list shows', async () => {
    const overview = (await call(d, '/api/overview')).json();
    const cli = run(['list', '--json'], { cwd: dir, ...lib }).json();
    expect(overview.agents).toEqual(cli.agents);
    expect(overview.totals.tokens).toBe(cli.agents.reduce((n: number, a: any) => n + a.cost.total, 0));
  });
});
