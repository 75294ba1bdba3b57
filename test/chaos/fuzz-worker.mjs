// The fuzzer's worker thread: loads dist/engine.cjs once and runs seeded fuzzed inputs through
// the engine's operations as dry runs. Input n of seed s is the same on every machine, so a
// failure is reproduced with its seed and number (docs/chaos.md).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { rng, subSeed } from './lib.mjs';

const { engine: enginePath, work, seed } = workerData;
const engine = await createRequire(import.meta.url)(enginePath).loadEngine();

const ROLES = ['fe', 'be', 'lead', 'writer', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'FE', '', 'fe ', 'a'.repeat(300), '../fe', 'fe/../be'];
const VARIANTS = ['framework', 'state', 'constructor', '__proto__', 'toString', 'prototype', '', 'x'.repeat(250)];
const VALUES = ['react', 'vue', 'zustand', 'redux', 'constructor', '__proto__', 'toString', 'valueOf', '', 'react@18', 'react@', '@18', 'react@999999999', 'a,b', '-x'];
const NAMES = ['web', 'api', 'constructor', 'toString', '__proto__', 'claude', 'anthropic-x', '-web', 'web-', 'a--b', 'Web', 'w'.repeat(70), '', '.', '..', 'con', 'nul', 'web/../x', 'x\u0000y', 'ü', '1web', 'web\n'];
const PATHS = ['apps/web', '../outside', '/etc', '', '.', 'a/../../b', 'C:\\\\x', 'a'.repeat(5000), '~/x', 'apps/*', 'node_modules'];
const WEIRD = ['', '~', 'null', '[]', '{}', '*a', '&a x', '!!binary AAAA', '!!js/function x', '"\\u0000"', '0x1F', '1e999', '-.inf', '.nan', '? a', '|\n  x', '>-\n  y', '<<: *a', "'", '"', ':', '- - -', '%YAML 1.1', '---', '...', '@x', '`x`', '\t', '\u2028', 'yes', 'NO', 'on', '12:30', '2001-12-14'];

function yamlScalar(r) {
  return r.pick([() => r.pick(ROLES), () => r.pick(VALUES), () => r.pick(NAMES), () => r.pick(WEIRD), () => String(r.int(1e6)), () => JSON.stringify(r.pick([...ROLES, ...NAMES]))])();
}

/** A team file: a valid one, then mutated by the rule the random source picks. */
function teamText(r) {
  const agents = [];
  const n = r.int(4);
  for (let i = 0; i < n; i += 1) {
    const name = r.chance(0.8) ? ['web', 'api', 'lead', 'docs'][i] : r.pick(NAMES);
    const role = r.chance(0.7) ? r.pick(['fe', 'be', 'lead', 'writer']) : r.pick(ROLES);
    let spec = `role: ${JSON.stringify(role)}`;
    if (r.chance(0.4)) spec += `, variants: { ${JSON.stringify(r.pick(VARIANTS))}: ${r.chance(0.5) ? JSON.stringify(r.pick(VALUES)) : `[${JSON.stringify(r.pick(VALUES))}, ${JSON.stringify(r.pick(VALUES))}]`} }`;
    if (r.chance(0.2)) spec += `, versions: { ${JSON.stringify(r.pick(VALUES))}: ${r.pick(['18', '"18.2"', '-1', '1e9', 'x', '[]'])} }`;
    if (r.chance(0.2)) spec += `, paths: [${JSON.stringify(r.pick(PATHS))}]`;
    agents.push(`  ${JSON.stringify(name)}: { ${spec} }`);
  }
  let text = `version: 1\nagents:\n${agents.join('\n') || '  {}'}\n`;
  if (r.chance(0.3)) text += roleOverrides(r);
  if (r.chance(0.1)) text += `sources: [${JSON.stringify(r.pick(['lib', '../x', '/etc', 'https://example.invalid/x.git', '', 'lib/../..']))}]\n`;
  return mutate(r, text);
}

function roleOverrides(r) {
  const role = r.chance(0.7) ? r.pick(['fe', 'be', 'lead', 'writer', 'newrole']) : r.pick(ROLES);
  const fields = [];
  const field = r.int(9);
  if (field === 0) fields.push(`title: ${yamlScalar(r)}`);
  if (field === 1) fields.push(`description: ${JSON.stringify(r.pick(['<!-- agent-team:end -->', '---\nname: x\n---', '| a | b |', '</x>', 'Use for things.', '\u0000']))}`);
  if (field === 2) fields.push(`rules: ${JSON.stringify(r.pick(['/proc/self/environ', '../../etc/passwd', 'rules/x.md', '', '.claude/agent-team.yaml']))}`);
  if (field === 3) fields.push(`model: ${yamlScalar(r)}`);
  if (field === 4) fields.push(`tools: ${r.pick(['[Read, Bash]', 'engineering', '[]', 'constructor', '[__proto__]', '{}'])}`);
  if (field === 5) fields.push(`skills: { include: [${yamlScalar(r)}], exclude: [${yamlScalar(r)}] }`);
  if (field === 6) fields.push(`variants: { framework: { values: { ${JSON.stringify(r.pick(VALUES))}: { conventions: ${JSON.stringify(r.pick(['/etc/passwd', '../x.md', 'conventions/react.md', '']))} } } } }`);
  if (field === 7) fields.push(`color: ${yamlScalar(r)}`);
  if (field === 8) fields.push(`${r.pick(['owns', 'hands_off', 'propose', 'extra'])}: ${yamlScalar(r)}`);
  return `roles:\n  ${JSON.stringify(role)}:\n    ${fields.join('\n    ')}\n`;
}

/** Byte-level and structure-level damage: flips, cuts, repeats, aliases, depth, size. */
function mutate(r, text) {
  switch (r.int(12)) {
    case 0: {
      const at = r.int(text.length + 1);
      return text.slice(0, at) + r.pick(WEIRD) + text.slice(at);
    }
    case 1:
      return text.slice(0, r.int(text.length + 1));
    case 2: {
      const chars = [...text];
      for (let i = 0; i < 1 + r.int(5); i += 1) chars[r.int(chars.length)] = String.fromCharCode(r.int(0x80));
      return chars.join('');
    }
    case 3: {
      // An alias bomb of a random depth and width.
      const width = 2 + r.int(9);
      const lines = [`a0: &a0 [${Array(width).fill('"x"').join(',')}]`];
      for (let i = 1; i < 2 + r.int(12); i += 1) lines.push(`a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(',')}]`);
      return `${text}bomb:\n  ${lines.join('\n  ')}\n`;
    }
    case 4:
      return `${text}deep: ${'['.repeat(1 + r.int(3000))}${']'.repeat(r.int(3000))}\n`;
    case 5:
      return `${text}big: "${'x'.repeat(r.int(2_000_000))}"\n`;
    case 6:
      return text + text;
    case 7:
      return text.replace(/agents:/, r.pick(['agents: []', 'agents: 1', 'agents: ~', 'agents: !!set {a}', 'agents: &x', '__proto__:', 'agents: { __proto__: { role: fe } }', 'constructor:']));
    case 8:
      return text.replace(/version: 1/, `version: ${r.pick(['2', '"1"', '0', '-1', '1.0', '~', '[]', '9999999999999999999'])}`);
    default:
      return text;
  }
}

function lockText(r) {
  const files = {};
  for (let i = 0; i < r.int(6); i += 1) {
    const path = r.pick(['.claude/agents/web.md', '.claude/skills/review/SKILL.md', 'CLAUDE.md', '.claude/settings.json', '../outside.md', '/etc/passwd', '.claude/agent-team.yaml', '.claude/skills/../../x', '.claude/agents/__proto__.md', '__proto__', 'constructor']);
    files[path] = r.chance(0.8)
      ? { sha256: r.pick(['0'.repeat(64), 'f'.repeat(64), 'x', '', 42]), kind: r.pick(['managed', 'seed', 'block', 'skill', '__proto__', 1]), agents: r.pick([['web'], [], 'web', [1], null]) }
      : r.pick([null, 1, 'x', [], {}]);
  }
  const lock = { lockfileVersion: r.pick([2, 1, 3, '2', null]), generator: 'agent-team@0.1.0', catalog: r.pick(['sha256-x', '', 1]), agents: r.chance(0.5) ? { web: { role: 'fe', variants: {} } } : r.pick([[], null, { __proto__: null, constructor: { role: 'x' } }]), files };
  const json = JSON.stringify(lock, null, 2);
  return r.chance(0.3) ? mutate(r, json) : json;
}

function skillText(r) {
  const name = r.pick(['x', 'y', 'constructor', '__proto__', 'X', 'claude-x', '../x', '']);
  const front = r.pick([
    `---\nname: ${name}\ndescription: "A skill. Use for tests."\n---\n# X\n`,
    `---\nname: ${name}\n---\n`,
    '---\n---\n',
    'no frontmatter',
    `---\nname: x\ndescription: ${'d'.repeat(r.int(5000))}\nallowed-tools: ${r.pick(['Bash', '[Bash(*)]', '{}', 'constructor'])}\n---\n`,
    '---\nname: x\ndescription: "<!-- agent-team:end --> Use never."\n---\n',
  ]);
  return mutate(r, front);
}

function registryText(r) {
  return mutate(r, `version: 1\ncategories: { extra: { title: Extra } }\nskills:\n  ${JSON.stringify(r.pick(['x', 'constructor', '__proto__', 'review', 'X']))}: { category: ${r.pick(['extra', 'core', 'constructor', '__proto__'])} }\n`);
}

const project = join(work, `fuzz-${process.pid}-${threadId}`);
const BASE_TEAM = 'version: 1\nagents:\n  web: { role: fe, variants: { framework: react } }\n  api: { role: be }\n';

function reset(team = BASE_TEAM) {
  rmSync(project, { recursive: true, force: true });
  mkdirSync(join(project, '.claude'), { recursive: true });
  writeFileSync(join(project, '.claude/agent-team.yaml'), team);
}

/** One input: which kind, and the call that runs it. */
let kind = '';
async function runInput(n) {
  const r = rng(subSeed(seed, 1_000_000 + n));
  kind = r.pick(['team', 'team', 'team', 'lock', 'override', 'source', 'add', 'add', 'init', 'remove', 'switch']);
  if (kind === 'team' || kind === 'override') {
    reset(kind === 'team' ? teamText(r) : `${BASE_TEAM}${roleOverrides(r)}`);
    await engine.syncTeam(project, {}, { dryRun: true });
  } else if (kind === 'lock') {
    reset();
    writeFileSync(join(project, '.claude/agent-team.lock'), lockText(r));
    await engine.syncTeam(project, {}, { dryRun: true });
  } else if (kind === 'source') {
    reset(`${BASE_TEAM}sources: [lib]\nroles:\n  fe:\n    skills: { include: [x] }\n`);
    mkdirSync(join(project, 'lib/skills/x'), { recursive: true });
    writeFileSync(join(project, 'lib/skills-registry.yaml'), registryText(r));
    writeFileSync(join(project, 'lib/skills/x/SKILL.md'), skillText(r));
    await engine.syncTeam(project, {}, { dryRun: true });
  } else if (kind === 'add') {
    reset();
    const variants = {};
    for (let i = 0; i < r.int(3); i += 1) variants[r.pick(VARIANTS)] = r.chance(0.8) ? [r.pick(VALUES)] : r.pick([[], 'react', null, 1, [1]]);
    const input = { name: r.chance(0.7) ? r.pick(NAMES) : yamlScalar(r), role: r.chance(0.6) ? r.pick(ROLES) : yamlScalar(r), variants };
    if (r.chance(0.2)) input.versions = { [r.pick(VALUES)]: r.pick([18, -1, 1.5, 1e9, '18', null]) };
    if (r.chance(0.2)) input.paths = [r.pick(PATHS)];
    if (r.chance(0.1)) input[r.pick(['force', 'extra', '__proto__'])] = r.pick([true, 'x', 1]);
    await engine.addAgent(project, input, { dryRun: true });
  } else if (kind === 'init') {
    rmSync(project, { recursive: true, force: true });
    mkdirSync(project, { recursive: true });
    const input = r.chance(0.5) ? { preset: r.chance(0.5) ? r.pick(['pair', 'constructor', '__proto__', 'toString', '', 'x']) : yamlScalar(r) } : { roles: [r.pick(ROLES), r.pick(ROLES)] };
    await engine.initTeam(project, input, { dryRun: true });
  } else if (kind === 'remove') {
    reset();
    await engine.removeAgents(project, { names: [r.pick(NAMES), r.pick(NAMES)] }, { dryRun: true });
  } else {
    reset();
    await engine.switchAgent(project, { agent: r.chance(0.8) ? r.pick(NAMES) : null }, { dryRun: true });
  }
  return kind;
}

parentPort.on('message', async (n) => {
  const started = Date.now();
  try {
    const kind = await runInput(n);
    parentPort.postMessage({ n, kind, ok: true, ms: Date.now() - started });
  } catch (err) {
    const known = engine.isAgentTeamError(err) && err.code !== 'internal';
    parentPort.postMessage({ n, kind, ok: known, code: known ? err.code : undefined, ms: Date.now() - started, error: known ? undefined : String(err?.stack ?? err).slice(0, 600) });
  }
});
parentPort.postMessage({ ready: true });
