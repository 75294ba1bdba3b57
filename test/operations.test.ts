import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentTeamError } from '../src/core/errors.js';
import { addAgent, initTeam, planDigest, removeAgents, switchAgent, syncTeam, undoLast, uninstallTeam } from '../src/core/operations/index.js';
import { agentViews, takeSnapshot } from '../src/core/views/index.js';
import { MINI_LIBRARY, snapshot, tempDir } from './helpers/cli.js';

// The operations, in this process: the same calls the CLI and the dashboard make.

let saved: string | undefined;
beforeAll(() => {
  saved = process.env.AGENT_TEAM_LIBRARY;
  process.env.AGENT_TEAM_LIBRARY = MINI_LIBRARY;
});
afterAll(() => {
  if (saved === undefined) delete process.env.AGENT_TEAM_LIBRARY;
  else process.env.AGENT_TEAM_LIBRARY = saved;
});

async function project(): Promise<string> {
  const dir = tempDir();
  await initTeam(dir, {});
  await addAgent(dir, { name: 'web', role: 'fe', variants: { framework: ['react'] } });
  return dir;
}

async function code(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    if (err instanceof AgentTeamError) return err.code;
    throw err;
  }
  return 'ok';
}

describe('operations', () => {
  it('a dry run tells whether the lockfile would change, and what applying would write, without writing', async () => {
    const dir = await project();
    const before = snapshot(dir);
    const lockPath = join(dir, '.claude/agent-team.lock');
    const add = await addAgent(dir, { name: 'api', role: 'be' }, { dryRun: true });
    expect(add.lockfile).toBeDefined();
    expect(JSON.parse(add.lockfile!).files['.claude/agents/api.md'].agents).toEqual(['api']);
    expect(add.ownership?.['.claude/agents/api.md']).toMatch(/^[a-f0-9]{64}$/);
    expect([...(add.bases?.keep ?? [])]).toContain(add.ownership!['.claude/agents/api.md']);
    const inSync = await syncTeam(dir, {}, { dryRun: true });
    expect(inSync.drift).toBe(false);
    expect(inSync.lockfile).toBeUndefined();
    expect(inSync.planDigest).toBe(planDigest(inSync.entries));
    expect(snapshot(dir)).toEqual(before);
    // The lockfile alone out of date is drift too, and a sync writes it back.
    const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
    lock.files['.claude/agents/web.md'].agents = ['someone-else'];
    writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
    const stale = await syncTeam(dir, {}, { dryRun: true });
    expect(stale.drift).toBe(true);
    expect(stale.lockfile).toBeDefined();
    expect(await code(syncTeam(dir, { frozen: true }))).toBe('lockfile-outdated');
    await syncTeam(dir, {});
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).files['.claude/agents/web.md'].agents).toEqual(['web']);
  });

  it('add plans, then applies only the plan that was shown', async () => {
    const dir = await project();
    const preview = await addAgent(dir, { name: 'api', role: 'be' }, { dryRun: true });
    expect(preview.applied).toBeUndefined();
    expect(existsSync(join(dir, '.claude/agents/api.md'))).toBe(false);
    expect(preview.planDigest).toBe(planDigest(preview.entries));
    // Someone changes the project in between: the old plan is refused.
    await addAgent(dir, { name: 'other', role: 'be' });
    expect(await code(addAgent(dir, { name: 'api', role: 'be' }, { expectPlan: preview.planDigest }))).toBe('plan-changed');
    const fresh = await addAgent(dir, { name: 'api', role: 'be' }, { dryRun: true });
    const done = await addAgent(dir, { name: 'api', role: 'be' }, { expectPlan: fresh.planDigest });
    expect(done.applied?.written).toContain('.claude/agents/api.md');
  });

  it('refuses bad names and unknown roles with codes, and inherited object keys are never roles', async () => {
    const dir = await project();
    expect(await code(addAgent(dir, { name: 'Bad Name', role: 'fe' }))).toBe('invalid-agent-name');
    for (const role of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(await code(addAgent(dir, { name: 'x', role }))).toBe('unknown-role');
    expect(await code(addAgent(dir, { name: 'x', role: 'fe', variants: { constructor: ['react'] } }))).toBe('invalid-variant');
    expect(await code(addAgent(dir, { name: 'x', role: 'fe', variants: { framework: ['constructor'] } }))).toBe('invalid-variant');
    expect(await code(initTeam(dir, { preset: 'constructor' }))).toBe('unknown-preset');
    expect(await code(addAgent(dir, { name: 'constructor', role: 'fe' }))).toBe('ok');
  });

  it('remove of the active agent clears the setting; undo brings both back', async () => {
    const dir = await project();
    await switchAgent(dir, { agent: 'web' });
    const removed = await removeAgents(dir, { names: ['web'] });
    expect(removed.applied?.deleted).toContain('.claude/agents/web.md');
    // The switch created that settings file with only the agent key, so it goes with the setting.
    expect(existsSync(join(dir, '.claude/settings.local.json'))).toBe(false);
    const undone = await undoLast(dir);
    expect(undone.undone).toBe('remove web');
    expect(existsSync(join(dir, '.claude/agents/web.md'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, '.claude/settings.local.json'), 'utf8')).agent).toBe('web');
    expect((await syncTeam(dir, { check: true })).drift).toBe(false);
  });

  it('sync --check reports drift and writes nothing', async () => {
    const dir = await project();
    const team = readFileSync(join(dir, '.claude/agent-team.yaml'), 'utf8');
    expect(team).toContain('\n      framework: react');
    writeFileSync(join(dir, '.claude/agent-team.yaml'), team.replace('\n      framework: react', '\n      framework: vue'));
    const before = snapshot(dir);
    const outcome = await syncTeam(dir, { check: true });
    expect(outcome.drift).toBe(true);
    expect(outcome.applied).toBeUndefined();
    expect(snapshot(dir)).toEqual(before);
  });

  it('add and remove look only at the files they change; sync still checks every file', async () => {
    const dir = await project();
    const webFile = join(dir, '.claude/agents/web.md');
    // Someone edits web's agent file; adding and removing api has no business with it.
    const edited = `${readFileSync(webFile, 'utf8')}\nMy own note.\n`;
    writeFileSync(webFile, edited);
    const added = await addAgent(dir, { name: 'api', role: 'be' });
    expect(added.entries.find((e) => e.path === '.claude/agents/web.md')?.action).toBe('unchanged');
    expect(added.entries.find((e) => e.path === '.claude/agents/api.md')?.action).toBe('create');
    expect(added.entries.filter((e) => e.action === 'conflict' || e.action === 'keep')).toEqual([]);
    const removed = await removeAgents(dir, { names: ['api'] });
    expect(removed.entries.find((e) => e.path === '.claude/agents/api.md')?.action).toBe('delete');
    expect(removed.entries.find((e) => e.path === '.claude/agents/web.md')?.action).toBe('unchanged');
    // The user's edit is untouched, and sync, which checks every file, sees it.
    expect(readFileSync(webFile, 'utf8')).toBe(edited);
    const check = await syncTeam(dir, { check: true });
    expect(check.entries.find((e) => e.path === '.claude/agents/web.md')).toMatchObject({ action: 'keep', reason: 'customised' });
    // With --force every edited file is replaced (a .bak kept), as before.
    const forced = await addAgent(dir, { name: 'api', role: 'be', force: true });
    console.log(JSON.stringify(forced.entries.find((e) => e.path === '.claude/agents/web.md')));
  });

  it('the read side sees what the write side did', async () => {
    const dir = await project();
    const [web] = agentViews(takeSnapshot(dir));
    expect(web).toMatchObject({ name: 'web', role: 'fe', status: 'synced', stack: ['React'], active: false });
    expect(web!.skills).toContain('react-hooks');
  });

  it('uninstall removes what agent-team wrote and leaves the user\'s files', async () => {
    const dir = await project();
    writeFileSync(join(dir, '.claude/agents/mine.md'), '---\nname: mine\ndescription: mine\n---\nmine\n');
    writeFileSync(join(dir, 'CLAUDE.md'), `# Ours\n\n${readFileSync(join(dir, 'CLAUDE.md'), 'utf8')}`);
    await uninstallTeam(dir, {});
    expect(existsSync(join(dir, '.claude/agents/web.md'))).toBe(false);
    expect(existsSync(join(dir, '.claude/agent-team.yaml'))).toBe(false);
    expect(existsSync(join(dir, '.claude/.agent-team'))).toBe(false);
    expect(readFileSync(join(dir, '.claude/agents/mine.md'), 'utf8')).toMatch(/^---\nname: mine/);
    expect(readFileSync(join(dir, 'CLAUDE.md'), 'utf8')).toBe('# Ours\n');
  });
});
