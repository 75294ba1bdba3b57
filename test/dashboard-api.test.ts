import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import * as yaml from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, MINI_LIBRARY, read, run, tempDir } from './helpers/cli.js';
import { call, exitOf, followEvents, planAndApply, spawnUi, startDashboard, waitFor, type Dashboard } from './helpers/dashboard.js';
import { writeLibrary } from './helpers/library.js';
import { overrideProblems } from '../src/core/team/override-problems.js';
import { AGENT_TOKEN_BUDGET } from '../src/core/views/budget.js';

const lib = { library: MINI_LIBRARY };

/** A project with two agents, made with the CLI. */
function project(): string {
  const dir = tempDir('agent-team-ui-');
  expect(run(['init'], { cwd: dir, ...lib }).code).toBe(0);
  expect(run(['add', 'web', 'fe', '--framework', 'react'], { cwd: dir, ...lib }).code).toBe(0);
  expect(run(['add', 'api', 'be'], { cwd: dir, ...lib }).code).toBe(0);
  return dir;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.on('connect', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => (socket.destroy(), resolve(false)));
  });
}

describe('dashboard API', () => {
  let dir: string;
  let d: Dashboard;

  beforeAll(async () => {
    dir = project();
    d = await startDashboard(dir, lib);
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('prints one JSON line with the URL, port and token, and the URL carries the token', () => {
    expect(d.url).toBe(`http://127.0.0.1:${d.port}/?token=${d.token}`);
    expect(d.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('serves the page and its assets from the package, with content types and caching headers', async () => {
    const page = await call(d, '/', { token: null });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    const js = await call(d, '/assets/app.js', { token: null });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.text.length).toBeGreaterThan(1000);
    const css = await call(d, '/assets/app.css', { token: null });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const again = await call(d, '/assets/app.js', { token: null, headers: { 'If-None-Match': String(js.headers.etag) } });
    expect(again.status).toBe(304);
    // Nothing is loaded from elsewhere: every URL in the page is local.
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(js.text).not.toMatch(/\bsrc=["']https?:|cdn\./i);
  });

  it('lists the agents as the CLI sees them, with skills, token cost and file status', async () => {
    const r = await call(d, '/api/agents');
    expect(r.status).toBe(200);
    const body = r.json();
    const cli = run(['list', '--json'], { cwd: dir, ...lib }).json();
    expect(body.agents.map((a: any) => a.name)).toEqual(cli.agents.map((a: any) => a.name));
    const web = body.agents.find((a: any) => a.name === 'web');
    expect(web).toMatchObject({ role: 'fe', title: 'Frontend Developer', variants: { framework: ['react'] }, stack: ['React'], status: 'synced', active: false });
    expect(web.skills).toEqual(['review', 'git', 'components', 'styling', 'tokens', 'react-hooks']);
    expect(web.cost.total).toBe(web.cost.prompt + web.cost.skills);
    expect(web.cost.prompt).toBe(Math.ceil(read(dir, '.claude/agents/web.md').length / 4));
  });

  it('shows an agent with its generated file as it is on disk', async () => {
    const r = await call(d, '/api/agents/web');
    expect(r.status).toBe(200);
    expect(r.json().content).toBe(read(dir, '.claude/agents/web.md'));
    expect(r.json().skills.map((s: any) => s.name)).toContain('react-hooks');
  });

  it('answers an unknown agent with 404 and a JSON error', async () => {
    const r = await call(d, '/api/agents/nobody');
    expect(r.status).toBe(404);
    expect(r.json()).toMatchObject({ ok: false, error: { code: 'unknown-agent' } });
  });

  it('shows roles with their resolved skills, including inherited ones and why each is there', async () => {
    const list = (await call(d, '/api/roles')).json();
    expect(list.roles.map((r: any) => r.name)).toEqual(['fe', 'be', 'lead', 'writer']);
    expect(list.choices.toolProfiles).toEqual(['engineering', 'authoring']);
    const lead = (await call(d, '/api/roles/lead')).json();
    expect(lead.role).toMatchObject({ toolProfile: null, tools: ['Read', 'Grep', 'Glob', 'Bash(git *)'], model: 'opus', inherits: ['fe', 'be'] });
    const via = Object.fromEntries(lead.resolved.map((s: any) => [s.name, s.via]));
    expect(via).toMatchObject({ review: 'inherit:fe', components: 'inherit:fe', endpoints: 'inherit:be', decisions: 'category:leadership' });
    expect(lead.excluded).toEqual(['git', 'styling']);
    expect(lead.rules[0].html).toContain('Rules of the lead role.');
    expect(lead.override).toBeNull();
  });

  it('searches and filters skills by text, category, tag and role', async () => {
    const all = (await call(d, '/api/skills')).json();
    expect(all.total).toBe(9);
    expect(all.facets.categories.map((c: any) => c.name)).toEqual(['core', 'frontend', 'backend', 'leadership']);
    const names = async (query: string) => (await call(d, `/api/skills?${query}`)).json().skills.map((s: any) => s.name);
    expect(await names('q=hooks')).toEqual(['react-hooks']);
    expect(await names('category=backend')).toEqual(['endpoints', 'errors']);
    expect(await names('tag=review')).toEqual(['review']);
    expect(await names('role=be')).toEqual(['review', 'git', 'endpoints', 'errors']);
    const review = all.skills.find((s: any) => s.name === 'review');
    expect(review.agents).toEqual(['web', 'api']);
  });

  it('renders a skill from Markdown and serves its references', async () => {
    const r = (await call(d, '/api/skills/review')).json();
    expect(r.html).toContain('<h1>');
    expect(r.frontmatter.name).toBe('review');
    expect(r.files).toEqual([{ path: 'references/checklist.md', size: expect.any(Number) }]);
    const ref = await call(d, '/api/skills/review/files/references/checklist.md');
    expect(ref.status).toBe(200);
    expect(ref.json().html).toContain('Checklist');
    const script = (await call(d, '/api/skills/git/files/scripts/hooks.sh')).json();
    expect(script.html).toBeNull();
    expect(script.text).toBe(readFileSync(join(MINI_LIBRARY, 'skills/git/scripts/hooks.sh'), 'utf8'));
  });

  it('plans a new agent without writing, then applies exactly that plan', async () => {
    const before = read(dir, '.claude/agent-team.yaml');
    const plan = await call(d, '/api/plan', { body: { action: 'add', input: { name: 'mobile', role: 'fe', variants: { state: ['zustand', 'redux'] } } } });
    expect(plan.status).toBe(200);
    const p = plan.json();
    expect(p).toMatchObject({ ok: true, action: 'add', applied: false });
    expect(p.headline).toMatch(/^mobile: Frontend Developer \(Zustand, Redux Toolkit\), 5 skills/);
    expect(p.changes).toContainEqual({ path: '.claude/agents/mobile.md', action: 'create', kind: 'managed', agents: ['mobile'] });
    expect(p.summary.create).toBeGreaterThan(0);
    expect(read(dir, '.claude/agent-team.yaml')).toBe(before);
    expect(existsSync(join(dir, '.claude/agents/mobile.md'))).toBe(false);

    const applied = await call(d, '/api/apply', { body: { action: 'add', input: { name: 'mobile', role: 'fe', variants: { state: ['zustand', 'redux'] } }, planDigest: p.planDigest } });
    expect(applied.status).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, planDigest: p.planDigest });
    expect(read(dir, '.claude/agents/mobile.md')).toContain('name: "mobile"');
    expect(yaml.parse(read(dir, '.claude/agent-team.yaml'))).toMatchObject({ agents: { mobile: { role: 'fe', variants: { state: ['zustand', 'redux'] } } } });
    // The same engine as the CLI: the project is exactly what the team file asks for.
    expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);
  });

  it('refuses to apply a plan that went stale because the CLI changed the project (409 plan-changed)', async () => {
    const plan = (await call(d, '/api/plan', { body: { action: 'add', input: { name: 'late', role: 'be' } } })).json();
    expect(run(['add', 'early', 'writer'], { cwd: dir, ...lib }).code).toBe(0);
    const r = await call(d, '/api/apply', { body: { action: 'add', input: { name: 'late', role: 'be' }, planDigest: plan.planDigest } });
    expect(r.status).toBe(409);
    expect(r.json().error.code).toBe('plan-changed');
    expect(existsSync(join(dir, '.claude/agents/late.md'))).toBe(false);
  });

  it('will not apply without the digest of a plan that was shown', async () => {
    const r = await call(d, '/api/apply', { body: { action: 'add', input: { name: 'blind', role: 'be' } } });
    expect(r.status).toBe(400);
    expect(r.json().error.code).toBe('invalid-request');
  });

  it('answers bad input with the engine\'s errors and fitting statuses', async () => {
    const badName = await call(d, '/api/plan', { body: { action: 'add', input: { name: 'Bad Name', role: 'fe' } } });
    expect(badName.status).toBe(400);
    expect(badName.json().error).toMatchObject({ code: 'invalid-agent-name', hint: expect.stringContaining('lowercase') });
    const badRole = await call(d, '/api/plan', { body: { action: 'add', input: { name: 'x', role: 'pilot' } } });
    expect(badRole.status).toBe(400);
    expect(badRole.json().error.code).toBe('unknown-role');
    const badVariant = await call(d, '/api/plan', { body: { action: 'add', input: { name: 'x', role: 'fe', variants: { framework: ['elm'] } } } });
    expect(badVariant.status).toBe(400);
    expect(badVariant.json().error.code).toBe('invalid-variant');
    const exists = await call(d, '/api/plan', { body: { action: 'add', input: { name: 'web', role: 'fe' } } });
    expect(exists.status).toBe(409);
    const unknown = await call(d, '/api/plan', { body: { action: 'remove', input: { names: ['ghost'] } } });
    expect(unknown.status).toBe(404);
    expect(unknown.json().error.code).toBe('unknown-agent');
    const badAction = await call(d, '/api/plan', { body: { action: 'format-disk', input: {} } });
    expect(badAction.status).toBe(400);
    const notJson = await call(d, '/api/plan', { raw: '{"action": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.json().error.code).toBe('invalid-json');
    const nowhere = await call(d, '/api/nothing-here');
    expect(nowhere.status).toBe(404);
    expect(nowhere.json()).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('switches the active agent, shown by the CLI too', async () => {
    const { plan, applied } = await planAndApply(d, 'switch', { agent: 'api' });
    expect(plan.changes).toEqual([{ path: '.claude/settings.local.json', action: 'create', kind: 'settings', agents: ['api'] }]);
    expect(applied.status).toBe(200);
    expect(JSON.parse(read(dir, '.claude/settings.local.json'))).toEqual({ agent: 'api' });
    expect(run(['list', '--json'], { cwd: dir, ...lib }).json().active).toBe('api');
    const direct = await call(d, '/api/switch', { body: { agent: 'web' } });
    expect(direct.status).toBe(200);
    expect(JSON.parse(read(dir, '.claude/settings.local.json'))).toEqual({ agent: 'web' });
    const agents = (await call(d, '/api/agents')).json();
    expect(agents.active).toEqual({ agent: 'web', file: '.claude/settings.local.json' });
    expect(agents.agents.find((a: any) => a.name === 'web').active).toBe(true);
  });

  it('removes an agent through plan and apply; its file goes, shared skills stay', async () => {
    const { plan, applied } = await planAndApply(d, 'remove', { names: ['mobile'] });
    expect(plan.changes).toContainEqual(expect.objectContaining({ path: '.claude/agents/mobile.md', action: 'delete' }));
    expect(applied.status).toBe(200);
    expect(existsSync(join(dir, '.claude/agents/mobile.md'))).toBe(false);
    expect(existsSync(join(dir, '.claude/skills/review/SKILL.md'))).toBe(true);
    expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);
  });

  it('edits a role override in the team file, keeping its comments, and the agents follow', async () => {
    const teamPath = join(dir, '.claude/agent-team.yaml');
    writeFileSync(teamPath, `# our team, with notes\n${read(dir, '.claude/agent-team.yaml')}`);
    const input = { role: 'be', override: { model: 'sonnet', skills: { include: ['decisions'] } } };
    const { plan, applied } = await planAndApply(d, 'role', input);
    expect(plan.headline).toBe('Override of role be: Backend Developer');
    expect(plan.changes).toContainEqual(expect.objectContaining({ path: '.claude/agents/api.md', action: 'update' }));
    expect(applied.status).toBe(200);
    const text = read(dir, '.claude/agent-team.yaml');
    expect(text.startsWith('# our team, with notes\n')).toBe(true);
    expect((yaml.parse(text) as any).roles).toEqual({ be: { model: 'sonnet', skills: { include: ['decisions'] } } });
    expect(read(dir, '.claude/agents/api.md')).toContain('model: "sonnet"');
    const role = (await call(d, '/api/roles/be')).json();
    expect(role.override).toEqual(input.override);
    expect(role.role.origin).toBe('library+project');
    expect(role.resolved.map((s: any) => s.name)).toContain('decisions');
    expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);

    const removed = await planAndApply(d, 'role', { role: 'be', override: null });
    expect(removed.applied.status).toBe(200);
    expect((yaml.parse(read(dir, '.claude/agent-team.yaml')) as any).roles).toBeUndefined();
    expect(read(dir, '.claude/agents/api.md')).toContain('model: "inherit"');
  });

  it('validates a role override by its schema and against the catalog, writing nothing', async () => {
    const before = read(dir, '.claude/agent-team.yaml');
    const schema = await call(d, '/api/plan', { body: { action: 'role', input: { role: 'be', override: { model: 'gpt-4', colour: 'red' } } } });
    expect(schema.status).toBe(400);
    expect(schema.json().error.code).toBe('invalid-role-override');
    const catalog = await call(d, '/api/plan', { body: { action: 'role', input: { role: 'be', override: { skills: { include: ['no-such-skill'] }, tools: 'no-profile' } } } });
    expect(catalog.status).toBe(400);
    expect(catalog.json().error.details.join('\n')).toMatch(/unknown skill "no-such-skill"[\s\S]*|unknown tool profile "no-profile"/);
    const newRole = await call(d, '/api/plan', { body: { action: 'role', input: { role: 'ops', override: { description: 'Runs things.' } } } });
    expect(newRole.status).toBe(400);
    expect(newRole.json().error.details.join('\n')).toContain('needs a title and a description');
    expect(read(dir, '.claude/agent-team.yaml')).toBe(before);
  });

  it('pushes a change event when the CLI changes the project, and the API shows it at once', async () => {
    const events = followEvents(d);
    try {
      await events.next('hello');
      events.clear();
      expect(run(['add', 'docs', 'writer'], { cwd: dir, ...lib }).code).toBe(0);
      await events.next('change');
      const names = (await call(d, '/api/agents')).json().agents.map((a: any) => a.name);
      expect(names).toContain('docs');
      events.clear();
      expect(run(['switch', 'docs'], { cwd: dir, ...lib }).code).toBe(0);
      await events.next('change');
      expect((await call(d, '/api/overview')).json().active).toEqual({ agent: 'docs', file: '.claude/settings.local.json' });
    } finally {
      events.close();
    }
  });

  it('lists problems on the overview, e.g. an agent file edited by hand', async () => {
    writeFileSync(join(dir, '.claude/agents/docs.md'), `${read(dir, '.claude/agents/docs.md')}\nmy own line\n`);
    const overview = await waitFor('the edit to show', async () => {
      const o = (await call(d, '/api/overview')).json();
      // Other warnings (two alike agents) are already there; wait for this file's.
      return o.problems.some((p: any) => p.file === '.claude/agents/docs.md') ? o : undefined;
    });
    expect(overview.problems).toContainEqual(expect.objectContaining({ level: 'warning', file: '.claude/agents/docs.md', message: expect.stringContaining('edited') }));
    expect(overview.agents.find((a: any) => a.name === 'docs').status).toBe('edited');
    expect(overview.totals.agents).toBe(overview.agents.length);
  });
});

describe('plans in the user\'s terms, undo, the team map (API)', () => {
  let dir: string;
  let d: Dashboard;

  beforeAll(async () => {
    dir = project();
    d = await startDashboard(dir, lib);
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('says per agent what a plan changes, with a diff per file, and marks every delete', async () => {
    const added = (await call(d, '/api/plan', { body: { action: 'add', input: { name: 'docs', role: 'writer' } } })).json();
    expect(added.review.effects).toEqual([{ agent: 'docs', change: 'added', title: 'Writer', gained: ['decisions', 'review'], lost: [], tokens: { before: null, after: expect.any(Number) } }]);
    const cost = added.review.effects[0].tokens.after;
    expect(added.headline).toContain(`~${cost} tokens`);
    expect(added.review.budget).toBe(20_000);
    const diffs = new Map(added.review.diffs.map((x: any) => [x.path, x.patch]));
    expect(diffs.get('.claude/agent-team.yaml')).toMatch(/^\+  docs:$/m);
    expect(diffs.get('.claude/agents/docs.md')).toMatch(/^\+name: "docs"$/m);
    // Every file the plan writes has its diff.
    for (const c of added.changes.filter((x: any) => ['create', 'update'].includes(x.action))) expect(diffs.has(c.path), c.path).toBe(true);
    expect(added.review.destructive).toEqual([]);
    expect(added.review.pending).toEqual([]);

    const removed = (await call(d, '/api/plan', { body: { action: 'remove', input: { names: ['web'] } } })).json();
    expect(removed.review.effects).toEqual([expect.objectContaining({ agent: 'web', change: 'removed', gained: [], lost: ['review', 'git', 'components', 'styling', 'tokens', 'react-hooks'], tokens: { before: expect.any(Number), after: null } })]);
    const deletes = removed.changes.filter((c: any) => c.action === 'delete').map((c: any) => c.path);
    expect(deletes.length).toBeGreaterThan(3);
    expect(removed.review.destructive).toEqual(deletes.map((path: string) => ({ path, step: 'delete' })));
    // Skills api still needs stay.
    expect(deletes).not.toContain('.claude/skills/review/SKILL.md');
  });

  it('leaves what a plain sync would do out of an add, and a sync does it', async () => {
    rmSync(join(dir, '.claude/skills/git/scripts/hooks.sh'));
    try {
      // At once: the sync it compares with is planned for each plan, not taken from the view.
      const plan = {
        p: (await call(d, '/api/plan', { body: { action: 'switch', input: { agent: 'api' } } })).json(),
        add: (await call(d, '/api/plan', { body: { action: 'add', input: { name: 'docs', role: 'writer' } } })).json(),
      };
      // An add looks only at the files it changes (docs/performance.md): the missing file is
      // neither in its plan nor put apart as pending; the sync below is what restores it.
      expect(plan.add.review.pending).toEqual([]);
      expect(plan.add.changes.map((c: { path: string }) => c.path)).not.toContain('.claude/skills/git/scripts/hooks.sh');
      expect(plan.add.changes).toContainEqual(expect.objectContaining({ path: '.claude/agents/docs.md', action: 'create' }));
      // A switch touches only the setting, so nothing of the sync's is in it.
      expect(plan.p.review.pending).toEqual([]);
      expect(plan.p.review.effects).toEqual([expect.objectContaining({ agent: 'api', change: 'changed', active: { before: false, after: true }, gained: [], lost: [] })]);
      // A sync is that pending work itself.
      const sync = (await call(d, '/api/plan', { body: { action: 'sync', input: {} } })).json();
      expect(sync.review.pending).toEqual([]);
      expect(sync.changes).toContainEqual(expect.objectContaining({ path: '.claude/skills/git/scripts/hooks.sh', action: 'create' }));
    } finally {
      expect((await planAndApply(d, 'sync', {})).applied.status).toBe(200);
    }
  });

  it('undoes the last change through plan and apply, and offers to redo it', async () => {
    expect((await planAndApply(d, 'add', { name: 'docs', role: 'writer' })).applied.json().undo).toMatchObject({ what: 'add docs', label: 'Undo add docs' });
    expect((await call(d, '/api/undo')).json().undo).toMatchObject({ what: 'add docs', label: 'Undo add docs' });
    const { plan, applied } = await planAndApply(d, 'undo', {});
    expect(plan.headline).toBe('Undo add docs');
    expect(plan.review.effects).toEqual([expect.objectContaining({ agent: 'docs', change: 'removed' })]);
    expect(applied.status).toBe(200);
    expect(existsSync(join(dir, '.claude/agents/docs.md'))).toBe(false);
    expect(applied.json().undo).toMatchObject({ label: 'Redo add docs' });
    expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);
    const again = await planAndApply(d, 'undo', {});
    expect(again.plan.headline).toBe('Redo add docs');
    expect(existsSync(join(dir, '.claude/agents/docs.md'))).toBe(true);
    const bad = await call(d, '/api/plan', { body: { action: 'undo', input: { what: 'everything' } } });
    expect(bad.status).toBe(400);
  });

  it('has nothing to undo in a project no change was made to on this machine (409)', async () => {
    const fresh = tempDir('agent-team-ui-fresh-');
    expect(run(['init'], { cwd: fresh, ...lib }).code).toBe(0);
    // What init recorded is forgotten, as on another machine.
    rmSync(join(fresh, '.claude/.agent-team/undo.json'), { force: true });
    const other = await startDashboard(fresh, lib);
    try {
      expect((await call(other, '/api/undo')).json().undo).toBeNull();
      const r = await call(other, '/api/plan', { body: { action: 'undo', input: {} } });
      expect(r.status).toBe(409);
      expect(r.json().error.code).toBe('nothing-to-undo');
    } finally {
      await other.stop();
    }
  });

  it('refuses a contradictory role override with the same words the page shows, before planning', async () => {
    const before = read(dir, '.claude/agent-team.yaml');
    const role = (await call(d, '/api/roles/be')).json();
    expect(role.facts).toMatchObject({ role: 'be', base: { skills: ['review', 'git', 'endpoints', 'errors'], exclude: [] } });
    const override = { skills: { include: ['decisions', 'git', 'nope'], exclude: ['review', 'git'], inherit: ['lead'] } };
    const r = await call(d, '/api/plan', { body: { action: 'role', input: { role: 'be', override } } });
    expect(r.status).toBe(400);
    expect(r.json().error.code).toBe('invalid-role-override');
    const expected = overrideProblems(override, role.facts).map((p) => p.message);
    expect(r.json().error.details).toEqual(expected);
    expect(expected).toEqual([
      'skills.include: unknown skill "nope"',
      'skills.inherit: role "lead" already inherits from be, so the roles would inherit in a cycle',
      '"git" is both added and left out; keep it in one of the two lists',
      '"decisions" depends on "review", which is left out: keep "review", or leave out "decisions" too',
    ]);
    expect(read(dir, '.claude/agent-team.yaml')).toBe(before);
  });

  it('draws the team from the read side: the same agents and costs as /api/agents, against one budget', async () => {
    const map = (await call(d, '/api/team')).json();
    const agents = (await call(d, '/api/agents')).json().agents;
    expect(map.budget).toBe(AGENT_TOKEN_BUDGET);
    expect(map.agents.map((a: any) => [a.name, a.tokens.total])).toEqual(agents.map((a: any) => [a.name, a.cost.total]));
    const review = map.skills.find((s: any) => s.name === 'review');
    expect(review).toEqual({ name: 'review', agents: ['web', 'api', 'docs'], shared: true });
    expect(map.roles.map((r: any) => r.name).sort()).toEqual(['be', 'fe', 'writer']);
  });
});

describe('two writers at once', () => {
  it('the CLI and the dashboard changing the team together leave a valid team file and lockfile', async () => {
    const dir = project();
    const d = await startDashboard(dir, lib);
    try {
      const added: string[] = [];
      for (let i = 0; i < 4; i += 1) {
        const viaCli = new Promise<number>((resolve) => {
          const p = spawn(process.execPath, [BIN, 'add', `cli-${i}`, 'be', '--json'], { cwd: dir, env: { ...process.env, AGENT_TEAM_LIBRARY: MINI_LIBRARY }, stdio: 'ignore' });
          p.on('exit', (code) => resolve(code ?? -1));
        });
        const viaUi = (async () => {
          const plan = await call(d, '/api/plan', { body: { action: 'add', input: { name: `ui-${i}`, role: 'writer' } } });
          const r = await call(d, '/api/apply', { body: { action: 'add', input: { name: `ui-${i}`, role: 'writer' }, planDigest: plan.json().planDigest } });
          // Either it applied, or the CLI got in first and the stale plan was refused: never half of each.
          expect([200, 409]).toContain(r.status);
          return r.status === 200;
        })();
        const [cliCode, uiApplied] = await Promise.all([viaCli, viaUi]);
        expect(cliCode).toBe(0);
        added.push(`cli-${i}`);
        if (uiApplied) added.push(`ui-${i}`);
      }
      const team = yaml.parse(read(dir, '.claude/agent-team.yaml')) as any;
      expect(Object.keys(team.agents).sort()).toEqual(['api', 'web', ...added].sort());
      const lock = JSON.parse(read(dir, '.claude/agent-team.lock'));
      for (const name of added) expect(lock.files[`.claude/agents/${name}.md`]).toBeDefined();
      expect(run(['sync', '--check'], { cwd: dir, ...lib }).code).toBe(0);
      expect(run(['doctor', '--json'], { cwd: dir, ...lib }).json().healthy).toBe(true);
    } finally {
      await d.stop();
    }
  });
});

describe('dashboard security', () => {
  let dir: string;
  let d: Dashboard;
  const evil = '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) [ref](references/notes.md) [away](../../secret.md)\n';

  beforeAll(async () => {
    const library = writeLibrary(
      tempDir('agent-team-evil-lib-'),
      {
        version: 1,
        categories: { core: { title: 'Core' } },
        skills: { evil: { category: 'core' } },
        roles: { dev: { title: 'Developer', description: 'Writes code. Use for code.', tools: ['Read'], skills: { include: ['evil'] } } },
      },
      { evil: `---\nname: evil\ndescription: "A skill whose text tries to inject HTML. Use in tests."\n---\n# Evil\n\n${evil}` },
    );
    mkdirSync(join(library, 'skills/evil/references'), { recursive: true });
    writeFileSync(join(library, 'skills/evil/references/notes.md'), `# Notes\n\n${evil}`);
    dir = tempDir('agent-team-ui-sec-');
    expect(run(['init'], { cwd: dir, library }).code).toBe(0);
    expect(run(['add', 'dev', 'dev'], { cwd: dir, library }).code).toBe(0);
    d = await startDashboard(dir, { library });
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('binds to the loopback address only', async () => {
    expect(new URL(d.url).hostname).toBe('127.0.0.1');
    expect(await canConnect('127.0.0.1', d.port)).toBe(true);
    expect(await canConnect('::1', d.port)).toBe(false);
    const external = Object.values(networkInterfaces()).flat().filter((n) => n && !n.internal).map((n) => n!.address);
    for (const address of external) expect(await canConnect(address, d.port), address).toBe(false);
  });

  it('refuses a Host that is not the loopback name and port (DNS rebinding)', async () => {
    for (const host of ['evil.example:' + d.port, 'evil.example', `127.0.0.1:${d.port + 1}`, `127.0.0.1`, `0.0.0.0:${d.port}`, `localhost.evil.example:${d.port}`]) {
      for (const path of ['/', '/api/agents']) {
        const r = await call(d, path, { host });
        expect(r.status, `${host} ${path}`).toBe(403);
        expect(r.json().error.code).toBe('bad-host');
      }
    }
    const none = await call(d, '/api/agents', { host: null });
    expect(none.status).toBe(403);
    expect((await call(d, '/api/agents', { host: `localhost:${d.port}` })).status).toBe(200);
    expect((await call(d, '/api/agents', { host: `127.0.0.1:${d.port}` })).status).toBe(200);
  });

  it('needs the token on every API request, compared exactly', async () => {
    for (const token of [null, '', 'wrong', d.token.slice(0, -1), `${d.token}x`]) {
      const r = await call(d, '/api/agents', { token });
      expect(r.status, String(token)).toBe(401);
      expect(r.json().error.code).toBe('bad-token');
    }
    const inQuery = await call(d, `/api/agents?token=${d.token}`, { token: null });
    expect(inQuery.status).toBe(401);
    const change = await call(d, '/api/plan', { token: null, body: { action: 'sync', input: {} } });
    expect(change.status).toBe(401);
  });

  it('accepts a change only with a same-origin Origin', async () => {
    const body = { action: 'switch', input: { agent: 'dev' } };
    for (const origin of [null, 'http://evil.example', `http://localhost:${d.port}`, `http://127.0.0.1:${d.port + 1}`, `https://127.0.0.1:${d.port}`, 'null']) {
      const r = await call(d, '/api/apply', { origin, body: { ...body, planDigest: '0'.repeat(64) } });
      expect(r.status, String(origin)).toBe(403);
      expect(r.json().error.code).toBe('bad-origin');
    }
    // localhost is fine when the page was opened as localhost.
    const viaLocalhost = await call(d, '/api/plan', { host: `localhost:${d.port}`, origin: `http://localhost:${d.port}`, body });
    expect(viaLocalhost.status).toBe(200);
    // A read from a foreign page is refused too.
    expect((await call(d, '/api/agents', { origin: 'http://evil.example' })).status).toBe(403);
    expect(existsSync(join(dir, '.claude/settings.local.json'))).toBe(false);
  });

  it('refuses changes that are not JSON (no form posts)', async () => {
    const r = await call(d, '/api/plan', { raw: 'action=sync', contentType: 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
    expect(r.json().error.code).toBe('unsupported-media-type');
    expect((await call(d, '/api/plan', { raw: '{"action":"sync","input":{}}', contentType: 'text/plain' })).status).toBe(415);
  });

  it('refuses bodies over the limit with 413 as JSON, with or without Content-Length', async () => {
    const big = JSON.stringify({ action: 'add', input: { name: 'x', role: 'dev', variants: { a: ['x'.repeat(70 * 1024)] } } });
    const sized = await call(d, '/api/plan', { raw: big });
    expect(sized.status).toBe(413);
    expect(sized.json()).toMatchObject({ ok: false, error: { code: 'body-too-large' } });
    const chunked = await call(d, '/api/plan', { raw: big, chunked: true });
    expect(chunked.status).toBe(413);
    expect(chunked.json().error.code).toBe('body-too-large');
  });

  it('validates names in URLs: no path traversal', async () => {
    const cases: Array<[string, number]> = [
      ['/api/agents/..%2F..%2Fsettings', 400],
      // The URL parser turns an encoded dot-segment into a real one: /api/agents/%2e%2e is /api/.
      ['/api/agents/%2e%2e', 404],
      ['/api/agents/Dev', 400],
      ['/api/roles/..%2Fdev', 400],
      ['/api/skills/..%2F..%2F..%2Fetc%2Fpasswd', 400],
      ['/api/skills/evil/files/..%2F..%2Fskills-registry.yaml', 400],
      ['/api/skills/evil/files/%2Fetc%2Fpasswd', 400],
      ['/api/skills/evil/files/references/..%2F..%2F..%2Fskills-registry.yaml', 400],
      ['/api/skills/evil/files/references%5C..%5CSKILL.md', 400],
      ['/api/skills/evil/files/SKILL.md', 404],
      ['/api/skills/evil/files/references/missing.md', 404],
      ['/api/skills/evil/../../../../etc/passwd', 404],
    ];
    for (const [path, status] of cases) {
      const r = await call(d, path);
      expect(r.status, path).toBe(status);
      expect(r.json().ok, path).toBe(false);
      expect(r.text, path).not.toContain('root:');
    }
  });

  it('renders Markdown without raw HTML, scripts or script links', async () => {
    for (const path of ['/api/skills/evil', '/api/skills/evil/files/references/notes.md']) {
      const { html } = (await call(d, path)).json();
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).not.toMatch(/href="(javascript|data):/i);
      expect(html).not.toMatch(/href="[^"#]*\.\.\//);
    }
    const skill = (await call(d, '/api/skills/evil')).json();
    expect(skill.html).toContain('href="#/skills/evil/references/notes.md"');
  });

  it('sends a Content-Security-Policy that forbids inline scripts, and the page has none', async () => {
    for (const path of ['/', '/api/agents', '/nothing']) {
      const r = await call(d, path);
      const csp = String(r.headers['content-security-policy']);
      expect(csp, path).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      for (const directive of ["frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'"]) expect(csp).toContain(directive);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
    const page = (await call(d, '/')).text;
    expect(page.match(/<script[^>]*>/g)).toEqual(['<script type="module" src="/assets/app.js">']);
    expect(page).not.toMatch(/<style|style=|\son[a-z]+=/i);
    expect(page).not.toContain(d.token);
  });
});

describe('agent-team ui, the command', () => {
  it('exits 0 on SIGINT and on SIGTERM, closing the server', async () => {
    const dir = project();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const d = await startDashboard(dir, lib);
      const events = followEvents(d);
      await events.next('hello');
      expect(await d.stop(signal)).toBe(0);
      events.close();
      expect(await canConnect('127.0.0.1', d.port)).toBe(false);
    }
  });

  it('fails with exit 1 and a clear error when the port is taken', async () => {
    const dir = project();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await exitOf(spawnUi(dir, { ...lib, args: ['--port', String(port)] }));
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'port-in-use', message: `Port ${port} on 127.0.0.1 is already in use.` });
    } finally {
      blocker.close();
    }
  });

  it('listens on the port it is given', async () => {
    const dir = project();
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const d = await startDashboard(dir, { ...lib, args: ['--port', String(port)] });
    try {
      expect(d.port).toBe(port);
      expect((await call(d, '/api/agents')).status).toBe(200);
    } finally {
      await d.stop();
    }
  });

  it('refuses a port that is not a number with exit 2', async () => {
    const r = await exitOf(spawnUi(project(), { ...lib, args: ['--port', 'eighty'] }));
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('invalid-port');
  });

  it('says to run init first in a folder without a team', async () => {
    const r = await exitOf(spawnUi(tempDir(), lib));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('not-initialised');
  });

  it('does not try to open a browser without a display, and says where to go', async () => {
    const dir = project();
    const proc = spawn(process.execPath, [BIN, 'ui', '--port', '0'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', DISPLAY: '', WAYLAND_DISPLAY: '', AGENT_TEAM_LIBRARY: MINI_LIBRARY, PATH: '/nonexistent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const done = exitOf(proc);
    let out = '';
    proc.stdout!.on('data', (c) => (out += c));
    await waitFor('the URL', () => (out.includes('Press Ctrl-C') ? true : undefined));
    expect(out).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/);
    expect(out).toContain('No display found, so no browser was opened');
    proc.kill('SIGINT');
    expect((await done).code).toBe(0);
  });
});
