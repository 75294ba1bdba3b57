// Part a: kill -9 at every write step of add, remove, sync --force, init --preset and uninstall,
// and at random steps; after each kill, one command must bring back a consistent project.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { changedUserFiles, cli, lockLeft, MINI_LIBRARY, rng, seedUserFiles, snapshot, stagingFiles, subSeed, USER_FILES } from './lib.mjs';

const TEAM = '.claude/agent-team.yaml';
const LOCK = '.claude/agent-team.lock';

/** Each scenario: how its project is prepared, and the command that is killed. */
function scenarios(full) {
  const mini = { library: MINI_LIBRARY };
  const fullLib = { library: full };
  const list = [
    { name: 'add', lib: mini, prepare: [['init', '--roles', 'fe,be']], args: ['add', 'web', 'fe', '--framework', 'react', '--state', 'zustand'] },
    { name: 'remove', lib: mini, prepare: [['init', '--roles', 'fe,be,lead'], ['switch', 'be']], args: ['remove', 'be'] },
    {
      name: 'sync --force',
      lib: mini,
      prepare: [['init', '--roles', 'fe,be'], (dir) => {
        writeFileSync(join(dir, '.claude/agents/fe.md'), `${readFileSync(join(dir, '.claude/agents/fe.md'), 'utf8')}\nA line the user added.\n`);
        writeFileSync(join(dir, TEAM), readFileSync(join(dir, TEAM), 'utf8').replace('role: fe', 'role: fe\n    variants: { framework: vue }'));
      }],
      args: ['sync', '--force'],
    },
    { name: 'init --preset pair', lib: mini, prepare: [], args: ['init', '--yes', '--preset', 'pair'] },
    { name: 'uninstall', lib: mini, prepare: [['init', '--roles', 'fe,be,lead'], ['switch', 'be']], args: ['uninstall'] },
    // The real library's biggest preset and the whole team's uninstall: hundreds of steps, so random ones.
    { name: 'init --preset full (full library)', lib: fullLib, prepare: [], args: ['init', '--yes', '--preset', 'full'], random: true },
    { name: 'uninstall (full library)', lib: fullLib, prepare: [['init', '--yes', '--preset', 'full'], ['switch', 'qa']], args: ['uninstall'], random: true },
    { name: 'add (full library)', lib: fullLib, prepare: [['init', '--yes', '--preset', 'web']], args: ['add', 'web2', 'dev-fe', '--framework', 'react'], random: true },
  ];
  return full ? list : list.filter((s) => s.lib === mini);
}

async function prepare(bin, dir, scenario) {
  mkdirSync(dir, { recursive: true });
  seedUserFiles(dir);
  for (const step of scenario.prepare) {
    if (typeof step === 'function') step(dir);
    else {
      const r = await cli(bin, step, { cwd: dir, ...scenario.lib });
      if (r.code !== 0) throw new Error(`chaos: preparing "${scenario.name}": ${step.join(' ')} failed: ${r.stderr}`);
    }
  }
}

function parses(dir) {
  const problems = [];
  try {
    if (existsSync(join(dir, TEAM))) parseYaml(readFileSync(join(dir, TEAM), 'utf8'));
  } catch (err) {
    problems.push(`team file does not parse: ${err.message}`);
  }
  try {
    if (existsSync(join(dir, LOCK))) JSON.parse(readFileSync(join(dir, LOCK), 'utf8'));
  } catch (err) {
    problems.push(`lockfile does not parse: ${err.message}`);
  }
  return problems;
}

/** Nothing of agent-team is left: only the user's files (and folders that were theirs). */
function uninstalled(dir) {
  const left = Object.keys(snapshot(dir)).filter((p) => !p.endsWith('/') && !Object.hasOwn(USER_FILES, p));
  return left;
}

/** What is wrong with the project now (empty: consistent). */
async function problemsOf(bin, dir, scenario, uninstalling) {
  const problems = [...parses(dir)];
  const staged = stagingFiles(dir);
  if (staged.length) problems.push(`staging files left: ${staged.slice(0, 3).join(', ')}`);
  const changed = changedUserFiles(dir);
  if (changed.length) problems.push(`LOST user files: ${changed.join(', ')}`);
  const hasTeam = existsSync(join(dir, TEAM));
  if (hasTeam) {
    const check = await cli(bin, ['sync', '--check'], { cwd: dir, ...scenario.lib });
    if (check.internal) problems.push(`internal error in sync --check: ${check.stderr}`);
    if (check.code !== 0) problems.push(`sync --check fails: ${(check.stdout + check.stderr).slice(0, 400)}`);
    if (uninstalling && (check.code === 0)) return problems; // untouched: the uninstall did not begin
  } else {
    const left = uninstalled(dir);
    if (left.length) problems.push(`no team file, but agent-team files are left: ${left.slice(0, 4).join(', ')}`);
  }
  return problems;
}

/**
 * Runs the kill trials until `deadline`; `record` receives each trial's result. Enumerated steps
 * first (every step of the mini-library scenarios, interleaved so a cut-short run still covers
 * each command), then random steps of every scenario.
 */
export async function killTrials({ bin, work, seed, deadline, full, record, log, maxTrials = Infinity, parallel = 3, enumerate = true }) {
  const list = scenarios(full);
  const templates = [];
  for (const [i, scenario] of list.entries()) {
    const dir = join(work, `template-${i}`);
    await prepare(bin, dir, scenario);
    const probe = join(work, `probe-${i}`);
    cpSync(dir, probe, { recursive: true, verbatimSymlinks: true });
    const counted = await cli(bin, scenario.args, { cwd: probe, ...scenario.lib, env: { AGENT_TEAM_FAULT: 'count' } });
    rmSync(probe, { recursive: true, force: true });
    const steps = Number(/agent-team-fault-steps (\d+)/.exec(counted.stderr)?.[1] ?? 0);
    if (counted.code !== 0 || steps === 0) throw new Error(`chaos: counting "${scenario.name}" failed: ${counted.stderr}`);
    templates.push({ scenario, dir, steps });
    log(`  ${scenario.name}: ${steps} write steps`);
  }
  const queue = [];
  if (enumerate) {
    const enumerated = templates.filter((t) => !t.scenario.random);
    const longest = Math.max(...enumerated.map((t) => t.steps));
    for (let step = 1; step <= longest; step += 1) for (const t of enumerated) if (step <= t.steps) queue.push({ t, step });
  }
  const random = rng(subSeed(seed, 1));
  for (let n = 0; n < 100_000; n += 1) {
    const t = random.pick(templates);
    queue.push({ t, step: 1 + random.int(t.steps), random: true });
  }
  let next = 0;
  let ran = 0;
  const one = async () => {
    while (next < queue.length && Date.now() < deadline && ran < maxTrials) {
      const { t, step, random: isRandom } = queue[next++];
      const id = ran++;
      const dir = join(work, `trial-${id}`);
      cpSync(t.dir, dir, { recursive: true, verbatimSymlinks: true });
      const uninstalling = t.scenario.args[0] === 'uninstall';
      const killed = await cli(bin, t.scenario.args, { cwd: dir, ...t.scenario.lib, env: { AGENT_TEAM_FAULT: `kill@${step}` } });
      const result = { part: 'kill', what: `${t.scenario.name} kill@${step}${isRandom ? ' (random)' : ''}`, ms: killed.ms, hung: killed.hung, internal: killed.internal, dir };
      if (killed.signal !== 'SIGKILL' && !killed.hung) result.note = `not killed (exit ${killed.code})`;
      // The one command that must repair it: uninstall again, sync, or (no team file yet) the init again.
      const repair = uninstalling ? ['uninstall'] : existsSync(join(dir, TEAM)) ? ['sync'] : t.scenario.args;
      const fixed = await cli(bin, repair, { cwd: dir, ...t.scenario.lib });
      result.ms = Math.max(result.ms, fixed.ms);
      result.hung ||= fixed.hung;
      result.internal ||= fixed.internal;
      const nothingLeft = uninstalling && fixed.code !== 0 && /No agent team here/.test(fixed.stderr) && uninstalled(dir).length === 0;
      const problems = fixed.code !== 0 && !nothingLeft ? [`${repair.join(' ')} failed: ${(fixed.stdout + fixed.stderr).slice(0, 400)}`] : [];
      problems.push(...(await problemsOf(bin, dir, t.scenario, uninstalling)));
      if (lockLeft(dir)) problems.push('stale lock left after the repair');
      if (problems.length) result.problems = problems;
      // Held: the kill left a consistent project by itself, and the repair found nothing to do.
      else if (nothingLeft || /^(Already in sync|In sync)/m.test(fixed.stdout)) result.held = true;
      else result.recovered = true;
      if (result.internal) result.problems = [...(result.problems ?? []), `internal error: ${killed.stderr.slice(0, 300)}`];
      record(result);
      if (!result.problems) rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: parallel }, one));
  for (const t of templates) rmSync(t.dir, { recursive: true, force: true });
  return { ran, templates: templates.map((t) => ({ name: t.scenario.name, steps: t.steps })) };
}
