// Part d: path escapes. Every path a team file, a source or a lockfile names is tried outside the
// project: absolute, `../`, and symlinks to outside, for reading (rules, conventions, source
// skills) and for writing or deleting (lockfile entries, linked folders). After each: the
// canary's content appears in no project file, and the outside folder is unchanged.
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative } from 'node:path';
import { cli, MINI_LIBRARY, seedUserFiles, snapshot, write } from './lib.mjs';

const CANARY = 'outside-canary-7d1f2e-never-in-a-project-file';
const TEAM = '.claude/agent-team.yaml';
const sha = (text) => createHash('sha256').update(text).digest('hex');

const addToTeam = (dir, text) => writeFileSync(join(dir, TEAM), readFileSync(join(dir, TEAM), 'utf8') + text);
const setTeam = (dir, fn) => writeFileSync(join(dir, TEAM), fn(readFileSync(join(dir, TEAM), 'utf8')));
const forgeLock = (dir, path, content, kind = 'managed') => {
  const lock = JSON.parse(readFileSync(join(dir, '.claude/agent-team.lock'), 'utf8'));
  lock.files[path] = { sha256: sha(content), kind, agents: ['fe'] };
  writeFileSync(join(dir, '.claude/agent-team.lock'), JSON.stringify(lock, null, 2));
};
const sourceWith = (dir, fn) => {
  mkdirSync(join(dir, 'lib/skills'), { recursive: true });
  writeFileSync(join(dir, 'lib/skills-registry.yaml'), 'version: 1\ncategories: { extra: { title: Extra } }\nskills:\n  leak: { category: extra }\n');
  fn(join(dir, 'lib'));
  addToTeam(dir, 'sources: [lib]\nroles:\n  fe:\n    skills: { include: [leak] }\n');
};

/** [name, set-up(dir, out, rel), command]: `out` is the outside folder, `rel` the way to it from the project. */
function scenarios() {
  const rulesAt = (path) => (dir) => addToTeam(dir, `roles:\n  fe:\n    rules: ${JSON.stringify(path(dir))}\n`);
  const conventionsAt = (path) => (dir) => addToTeam(dir, `roles:\n  fe:\n    variants:\n      framework:\n        values:\n          react: { conventions: ${JSON.stringify(path(dir))} }\n`);
  const list = [];
  const reading = [
    ['absolute path', (_d, out) => join(out, 'secret.md')],
    ['../ path', (_d, _o, rel) => `${rel}/secret.md`],
    ['symlink to an outside file', (dir, out) => (symlinkSync(join(out, 'secret.md'), join(dir, 'link.md')), 'link.md')],
    ['path through a symlinked folder', (dir, out) => (symlinkSync(out, join(dir, 'linkdir')), 'linkdir/secret.md')],
    ['/proc/self/environ', () => '/proc/self/environ'],
    ['a dangling symlink', (dir, out) => (symlinkSync(join(out, 'nope.md'), join(dir, 'dangling.md')), 'dangling.md')],
  ];
  for (const [what, path] of reading) {
    list.push([`rules: ${what}`, (dir, out, rel) => rulesAt(() => path(dir, out, rel))(dir), ['sync']]);
    list.push([`variant conventions: ${what}`, (dir, out, rel) => conventionsAt(() => path(dir, out, rel))(dir), ['sync']]);
  }
  list.push(['conventions list entry {file}: ../ path', (dir, _o, rel) => addToTeam(dir, `roles:\n  fe:\n    variants:\n      framework:\n        values:\n          react: { conventions: [{ file: ${JSON.stringify(`${rel}/secret.md`)}, versions: ">=1" }] }\n`), ['sync']]);
  list.push(['rules list with one outside entry', (dir, out) => addToTeam(dir, `roles:\n  fe:\n    rules: [rules-ok.md, ${JSON.stringify(join(out, 'secret.md'))}]\n`), ['sync']]);
  // Sources.
  list.push(['source: ../ path', (dir, _o, rel) => addToTeam(dir, `sources: [${JSON.stringify(`${rel}/lib`)}]\n`), ['sync']]);
  list.push(['source: absolute path', (dir, out) => addToTeam(dir, `sources: [${JSON.stringify(join(out, 'lib'))}]\n`), ['sync']]);
  list.push(['source: a symlink to an outside library', (dir, out) => (symlinkSync(join(out, 'lib'), join(dir, 'lib')), addToTeam(dir, 'sources: [lib]\nroles:\n  fe:\n    skills: { include: [leak] }\n')), ['sync']]);
  list.push(['source: skill folder links outside', (dir, out) => sourceWith(dir, (lib) => symlinkSync(join(out, 'lib/skills/leak'), join(lib, 'skills/leak'))), ['sync']]);
  list.push(['source: SKILL.md links outside', (dir, out) => sourceWith(dir, (lib) => (mkdirSync(join(lib, 'skills/leak')), symlinkSync(join(out, 'lib/skills/leak/SKILL.md'), join(lib, 'skills/leak/SKILL.md')))), ['sync']]);
  list.push(['source: a reference file links outside', (dir, out) => sourceWith(dir, (lib) => (mkdirSync(join(lib, 'skills/leak')), writeFileSync(join(lib, 'skills/leak/SKILL.md'), '---\nname: leak\ndescription: "Leaks. Use never."\n---\n# Leak\n'), symlinkSync(join(out, 'secret.md'), join(lib, 'skills/leak/ref.md')))), ['sync']]);
  list.push(['source: registry file links outside', (dir, out) => (mkdirSync(join(dir, 'lib/skills'), { recursive: true }), symlinkSync(join(out, 'lib/skills-registry.yaml'), join(dir, 'lib/skills-registry.yaml')), addToTeam(dir, 'sources: [lib]\n')), ['sync']]);
  list.push(['source: role rules outside the source', (dir, _o, rel) => (mkdirSync(join(dir, 'lib'), { recursive: true }), writeFileSync(join(dir, 'lib/skills-registry.yaml'), `version: 1\nroles:\n  spy:\n    title: Spy\n    description: Spies. Use never.\n    rules: ${JSON.stringify(`../${rel}/secret.md`)}\n`), addToTeam(dir, 'sources: [lib]\n')), ['add', 'spy', 'spy']]);
  // Team paths.
  list.push(['agent paths: ../', (dir, _o, rel) => setTeam(dir, (t) => t.replace('role: fe', `role: fe\n    paths: [${JSON.stringify(rel)}]`)), ['sync']]);
  list.push(['agent paths: absolute', (dir, out) => setTeam(dir, (t) => t.replace('role: fe', `role: fe\n    paths: [${JSON.stringify(out)}]`)), ['sync']]);
  list.push(['agent paths: a symlink to outside', (dir, out) => (symlinkSync(out, join(dir, 'apps')), setTeam(dir, (t) => t.replace('role: fe', 'role: fe\n    paths: [apps]'))), ['sync']]);
  list.push(['add --paths ../', (_d, _o, rel) => undefined, ['add', 'x', 'be', '--paths', '../../outside']]);
  // Lockfile entries that point outside, with the outside file's real hash.
  for (const cmd of [['sync'], ['remove', 'fe'], ['uninstall']]) {
    list.push([`lockfile entry ../ (${cmd[0]})`, (dir, out, rel) => forgeLock(dir, `${rel}/victim.md`, readFileSync(join(out, 'victim.md'), 'utf8')), cmd]);
    list.push([`lockfile entry absolute (${cmd[0]})`, (dir, out) => forgeLock(dir, join(out, 'victim.md'), readFileSync(join(out, 'victim.md'), 'utf8')), cmd]);
    list.push([`lockfile entry through a linked skills folder (${cmd[0]})`, (dir, out) => (symlinkSync(join(out, 'skill'), join(dir, '.claude/skills/victim')), forgeLock(dir, '.claude/skills/victim/SKILL.md', readFileSync(join(out, 'skill/SKILL.md'), 'utf8'))), cmd]);
  }
  // Writes through linked folders and files.
  list.push(['.claude/agents links outside (add)', (dir, out) => (rmSync(join(dir, '.claude/agents'), { recursive: true }), symlinkSync(join(out, 'agents'), join(dir, '.claude/agents'))), ['add', 'x', 'be']]);
  list.push(['.claude/skills links outside (add)', (dir, out) => (cpSync(join(dir, '.claude/skills'), join(out, 'skills-copy'), { recursive: true }), rmSync(join(dir, '.claude/skills'), { recursive: true }), symlinkSync(join(out, 'skills-copy'), join(dir, '.claude/skills'))), ['add', 'x', 'be']]);
  list.push(['.claude/rules links outside (sync)', (dir, out) => (rmSync(join(dir, '.claude/rules'), { recursive: true }), symlinkSync(join(out, 'agents'), join(dir, '.claude/rules'))), ['sync']]);
  list.push(['.claude/agent-memory links outside (add)', (dir, out) => (rmSync(join(dir, '.claude/agent-memory'), { recursive: true }), symlinkSync(join(out, 'agents'), join(dir, '.claude/agent-memory'))), ['add', 'x', 'be']]);
  list.push(['CLAUDE.md links to an outside file (sync)', (dir, out) => (rmSync(join(dir, 'CLAUDE.md')), symlinkSync(join(out, 'victim.md'), join(dir, 'CLAUDE.md')), addToTeam(dir, '')), ['add', 'x', 'be']]);
  list.push(['an agent file links to an outside file (sync --force)', (dir, out) => (rmSync(join(dir, '.claude/agents/fe.md')), symlinkSync(join(out, 'victim.md'), join(dir, '.claude/agents/fe.md'))), ['sync', '--force']]);
  list.push(['settings.local.json links outside (switch)', (dir, out) => (rmSync(join(dir, '.claude/settings.local.json')), symlinkSync(join(out, 'settings.json'), join(dir, '.claude/settings.local.json'))), ['switch', 'fe']]);
  list.push(['.claude/.agent-team links outside (add)', (dir, out) => (rmSync(join(dir, '.claude/.agent-team'), { recursive: true, force: true }), symlinkSync(join(out, 'agents'), join(dir, '.claude/.agent-team'))), ['add', 'x', 'be']]);
  list.push(['a journal naming outside files (sync)', (dir, out) => write(dir, '.claude/.agent-team/journal.json', JSON.stringify({ pid: 1, phase: 'commit', writes: [{ path: '../x', tmp: join(out, 'victim.md'), sha: null }], deletes: [join(out, 'victim.md')], backups: [join(out, 'victim.md')] })), ['sync']]);
  return list;
}

function outsideFolder(dir) {
  mkdirSync(join(dir, 'lib/skills/leak'), { recursive: true });
  mkdirSync(join(dir, 'agents'), { recursive: true });
  mkdirSync(join(dir, 'skill'), { recursive: true });
  writeFileSync(join(dir, 'secret.md'), `${CANARY}\n`);
  writeFileSync(join(dir, 'victim.md'), `victim ${CANARY}\n`);
  writeFileSync(join(dir, 'settings.json'), `{ "note": "${CANARY}" }\n`);
  writeFileSync(join(dir, 'skill/SKILL.md'), `---\nname: victim\ndescription: "${CANARY}. Use never."\n---\n`);
  writeFileSync(join(dir, 'agents/other.md'), `${CANARY}\n`);
  writeFileSync(join(dir, 'lib/skills-registry.yaml'), `version: 1\ncategories: { extra: { title: Extra } }\nskills:\n  leak: { category: extra }\nroles:\n  fe:\n    description: "${CANARY}. Use for UI work."\n`);
  writeFileSync(join(dir, 'lib/skills/leak/SKILL.md'), `---\nname: leak\ndescription: "Leaks. Use never."\n---\n${CANARY}\n`);
}

export async function escapeTrials({ bin, work, record, log }) {
  const list = scenarios();
  const template = join(work, 'template');
  seedUserFiles(template);
  writeFileSync(join(template, 'rules-ok.md'), 'Fine rules.\n');
  const init = await cli(bin, ['init', '--roles', 'fe'], { cwd: template, library: MINI_LIBRARY });
  if (init.code !== 0) throw new Error(`chaos: escape init failed: ${init.stderr}`);
  setTeam(template, (t) => t.replace('role: fe', 'role: fe\n    variants: { framework: react }'));
  await cli(bin, ['sync'], { cwd: template, library: MINI_LIBRARY });
  const one = async (i) => {
    const [name, setUp, args] = list[i];
    const base = join(work, `scenario-${i}`);
    const dir = join(base, 'project');
    const out = join(base, 'outside');
    cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
    outsideFolder(out);
    setUp(dir, out, relative(dir, out));
    const outsideBefore = snapshot(out);
    const r = await cli(bin, args, { cwd: dir, library: MINI_LIBRARY, timeoutMs: 30_000 });
    const problems = [];
    // Links are listed as links, so a project file that is a link to the canary does not count; its content is never followed.
    const leaked = Object.entries(snapshot(dir)).filter(([, text]) => text.includes(CANARY) && !text.startsWith('-> ')).map(([p]) => p);
    if (leaked.length) problems.push(`the outside content was read into ${leaked.join(', ')}`);
    const outsideAfter = snapshot(out);
    const changed = [...new Set([...Object.keys(outsideBefore), ...Object.keys(outsideAfter)])].filter((p) => outsideBefore[p] !== outsideAfter[p]);
    if (changed.length) problems.push(`outside changed: ${changed.join(', ')}`);
    record({ part: 'escape', what: `${name}: ${args.join(' ')} (exit ${r.code})`, ms: r.ms, hung: r.hung, internal: r.internal, held: problems.length === 0 && !r.internal && !r.hung, problems: problems.length ? problems : r.internal ? [r.stderr.slice(0, 300)] : undefined, dir: base });
    if (!problems.length && !r.internal) rmSync(base, { recursive: true, force: true });
  };
  let next = 0;
  const lane = async () => {
    while (next < list.length) await one(next++);
  };
  await Promise.all([lane(), lane()]);
  rmSync(template, { recursive: true, force: true });
  log(`  ${list.length} scenarios`);
}
