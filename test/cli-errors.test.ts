import { chmodSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINI_LIBRARY, read, run, snapshot, tempDir, type RunResult } from './helpers/cli.js';

const lib = { library: MINI_LIBRARY };

/** An initialised project with one agent, and its snapshot. */
function project(): { dir: string; before: Record<string, string> } {
  const dir = tempDir();
  expect(run(['init'], { cwd: dir, ...lib }).code).toBe(0);
  expect(run(['add', 'web', 'fe', '--framework', 'react'], { cwd: dir, ...lib }).code).toBe(0);
  return { dir, before: snapshot(dir) };
}

/** The command fails with this exit code and message, and the project is exactly as it was. */
function rejects(dir: string, before: Record<string, string>, args: string[], code: number, message: RegExp, extra: object = {}): RunResult {
  const r = run(args, { cwd: dir, ...lib, ...extra });
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/hint: /);
  expect(snapshot(dir)).toEqual(before);
  return r;
}

describe('bad arguments: exit 2, a message that names the fix, nothing changed', () => {
  const { dir, before } = project();

  it('unknown role lists the valid ones', () => {
    rejects(dir, before, ['add', 'x', 'wizard'], 2, /Unknown role "wizard"[\s\S]*Use one of: fe, be, lead, writer/);
  });

  it('unknown variant value lists the valid values', () => {
    rejects(dir, before, ['add', 'x', 'fe', '--framework', 'svelte'], 2, /unknown framework "svelte" for role fe \(valid: react, vue\)/);
  });

  it('unknown variant flag lists the role\'s variants', () => {
    rejects(dir, before, ['add', 'x', 'fe', '--database', 'postgresql'], 2, /role fe has no variant "database" \(its variants: framework, state\)/);
    rejects(dir, before, ['add', 'x', 'be', '--framework', 'react'], 2, /role be has no variants/);
  });

  it('two values for a single-value variant', () => {
    rejects(dir, before, ['add', 'x', 'fe', '--framework', 'react,vue'], 2, /framework of role fe takes one value, got react, vue/);
  });

  it('a variant flag without a value', () => {
    rejects(dir, before, ['add', 'x', 'fe', '--framework'], 2, /--framework needs a value/);
  });

  it.each([
    ['a/b', /contains a path separator/],
    ['..', /contains "\.\."/],
    ['../escape', /contains a path separator/],
    ['two words', /contains whitespace/],
    ['PaymentFE', /contains capital letters/],
    ['-x', /starts with a dash|Unknown option/],
    ['x'.repeat(65), /is 65 characters long \(at most 64\)/],
    ['9lives', /starts with a digit/],
  ])('agent name %j is refused', (name, message) => {
    rejects(dir, before, ['add', '--name', name, '--role', 'fe'], 2, message);
  });

  it('an extra argument', () => {
    rejects(dir, before, ['add', 'x', 'fe', 'surplus'], 2, /Unexpected argument "surplus"/);
  });

  it('an unknown command or option', () => {
    const r = run(['ad', 'x'], { cwd: dir, ...lib });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'ad'[\s\S]*Did you mean add/);
    expect(run(['list', '--everything'], { cwd: dir, ...lib }).code).toBe(2);
    expect(snapshot(dir)).toEqual(before);
  });

  it('unknown preset or role in init lists the valid ones', () => {
    rejects(dir, before, ['init', '--preset', 'huge'], 2, /Unknown preset "huge"[\s\S]*Use one of: pair/);
    rejects(dir, before, ['init', '--roles', 'fe,ghost'], 2, /Unknown role "ghost" among the starter roles/);
  });
});

describe('no terminal and a missing argument: exit 2, naming the flag to pass', () => {
  const { dir, before } = project();

  it.each([
    [['add'], /Missing the agent name \(there is no terminal to ask on[\s\S]*--name <name>/],
    [['add', 'api'], /Missing the role of api[\s\S]*--role <role> \(one of: fe, be, lead, writer\)/],
    [['remove'], /Missing the agents to remove[\s\S]*agent-team remove <name\.\.\.>/],
    [['switch'], /Missing the agent to switch to[\s\S]*--none/],
  ])('%j', (args, message) => {
    rejects(dir, before, args, 2, message);
  });

  it('--yes never prompts either, and says so', () => {
    rejects(dir, before, ['add', '--yes'], 2, /Missing the agent name \(--yes was given/);
  });
});

describe('state errors: exit 1, nothing changed', () => {
  it('adding an agent that exists', () => {
    const { dir, before } = project();
    rejects(dir, before, ['add', 'web', 'be'], 1, /Agent "web" is already in the team \(role fe\)/);
  });

  it('removing an agent that does not exist (and the others named with it stay)', () => {
    const { dir, before } = project();
    rejects(dir, before, ['remove', 'web', 'ghost'], 1, /No agent named "ghost" in the team[\s\S]*The team has: web/);
  });

  it('switching to an agent that does not exist', () => {
    const { dir, before } = project();
    rejects(dir, before, ['switch', 'ghost'], 1, /No agent named "ghost"/);
  });

  it.each(['add', 'remove', 'switch', 'list', 'sync', 'doctor', 'uninstall'])('%s outside an initialised project', (command) => {
    const dir = tempDir();
    const args = { add: ['add', 'x', 'fe'], remove: ['remove', 'x'], switch: ['switch', 'x'] }[command as 'add'] ?? [command];
    rejects(dir, {}, args, 1, /No agent team here: \.claude\/agent-team\.yaml was not found[\s\S]*npx --no-install agent-team init/);
  });

  it('a --cwd that does not exist', () => {
    const r = run(['--cwd', '/nonexistent/place', 'init'], { cwd: tempDir(), ...lib });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/The folder \/nonexistent\/place does not exist/);
  });
});

describe('broken files: the message says which file and where', () => {
  it('a team file that is not valid YAML names the line', () => {
    const { dir } = project();
    writeFileSync(join(dir, '.claude/agent-team.yaml'), 'version: 1\nagents:\n  web:\n    role: fe\n   variants: [\n');
    const before = snapshot(dir);
    for (const args of [['sync'], ['add', 'x', 'be'], ['list']]) {
      rejects(dir, before, args, 1, /\.claude\/agent-team\.yaml:5:\d+: /);
    }
  });

  it('a team file with the wrong shape names the key', () => {
    const { dir } = project();
    writeFileSync(join(dir, '.claude/agent-team.yaml'), 'version: 1\nagents:\n  web: { role: fe, colour: red }\n  Bad_Name: { role: be }\n  api: { rol: be }\n');
    const before = snapshot(dir);
    const r = rejects(dir, before, ['sync'], 1, /\.claude\/agent-team\.yaml is not a valid team file/);
    expect(r.stderr).toMatch(/agents\.web has unknown key: colour/);
    expect(r.stderr).toMatch(/agents\.api\.role must be a string/);
    expect(r.stderr).toMatch(/agents\.Bad_Name: the agent name contains capital letters/);
  });

  it('a team file naming an unknown role or variant says which agent', () => {
    const { dir } = project();
    writeFileSync(join(dir, '.claude/agent-team.yaml'), 'version: 1\nagents:\n  web: { role: fe, variants: { framework: elm } }\n');
    const before = snapshot(dir);
    rejects(dir, before, ['sync'], 1, /agents\.web: unknown framework "elm" for role fe \(valid: react, vue\)/);
  });

  it('a lockfile that is not JSON, or hand-mangled, is refused with a way out', () => {
    const { dir } = project();
    const good = read(dir, '.claude/agent-team.lock');
    writeFileSync(join(dir, '.claude/agent-team.lock'), good.slice(0, 200));
    let before = snapshot(dir);
    rejects(dir, before, ['sync'], 1, /agent-team\.lock is not valid JSON[\s\S]*delete it and run `npx --no-install agent-team sync`/);

    const mangled = JSON.parse(good);
    mangled.files['../../outside.txt'] = { sha256: 'a'.repeat(64), kind: 'managed', agents: [] };
    mangled.files['.claude/agents/web.md'].sha256 = 'not-a-hash';
    writeFileSync(join(dir, '.claude/agent-team.lock'), JSON.stringify(mangled));
    before = snapshot(dir);
    const r = rejects(dir, before, ['sync'], 1, /agent-team\.lock is damaged/);
    expect(r.stderr).toMatch(/files\["\.\.\/\.\.\/outside\.txt"\] is not a path agent-team manages/);
    expect(r.stderr).toMatch(/files\["\.claude\/agents\/web\.md"\]\.sha256 must be a sha256 hex digest/);
  });

  it('a deleted lockfile is recovered by sync: unchanged files are adopted again', () => {
    const { dir } = project();
    const lock = read(dir, '.claude/agent-team.lock');
    writeFileSync(join(dir, '.claude/agent-team.lock'), '');
    rmSync(join(dir, '.claude/agent-team.lock'));
    expect(run(['sync'], { cwd: dir, ...lib }).code).toBe(0);
    expect(JSON.parse(read(dir, '.claude/agent-team.lock')).files).toEqual(JSON.parse(lock).files);
  });

  it('CLAUDE.md with a lone marker names the line', () => {
    const { dir } = project();
    writeFileSync(join(dir, 'CLAUDE.md'), '# Mine\n\n<!-- agent-team:begin -->\nhalf a block\n');
    const before = snapshot(dir);
    rejects(dir, before, ['sync'], 1, /CLAUDE\.md:3: agent-team marker without its partner/);
  });

  it('settings that are not valid JSON are not touched by switch', () => {
    const { dir } = project();
    writeFileSync(join(dir, '.claude/settings.local.json'), '{ "agent": "web", }');
    const before = snapshot(dir);
    rejects(dir, before, ['switch', 'web'], 1, /settings\.local\.json:1: not valid JSON/);
  });
});

describe('the file system: links out of the project and read-only folders', () => {
  it('.claude as a symlink to a folder outside the project', () => {
    const outside = tempDir();
    const dir = tempDir();
    symlinkSync(outside, join(dir, '.claude'));
    const before = snapshot(dir);
    const r = run(['init'], { cwd: dir, ...lib });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\.claude is a symlink to .*, outside the project/);
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('a target file that is a symlink to a file outside the project', () => {
    const { dir } = project();
    const outside = join(tempDir(), 'precious.md');
    writeFileSync(outside, 'precious\n');
    rmSync(join(dir, '.claude/agents/web.md'));
    symlinkSync(outside, join(dir, '.claude/agents/web.md'));
    const before = snapshot(dir);
    rejects(dir, before, ['sync'], 1, /\.claude\/agents\/web\.md is a symlink to .*precious\.md, outside the project/);
    rejects(dir, before, ['remove', 'web'], 1, /outside the project/);
    expect(read(outside, '')).toBe('precious\n');
  });

  it('links that stay inside the project are followed', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'shared-claude'));
    symlinkSync(join(dir, 'shared-claude'), join(dir, '.claude'));
    expect(run(['init', '--roles', 'be'], { cwd: dir, ...lib }).code).toBe(0);
    expect(statSync(join(dir, 'shared-claude/agents/be.md')).isFile()).toBe(true);
  });

  it('a read-only .claude/ folder: clear error, nothing changed', () => {
    const { dir } = project();
    chmodSync(dir, 0o755);
    const lockDown = (path: string) => {
      for (const entry of readdirSync(path, { withFileTypes: true })) {
        if (entry.isDirectory()) lockDown(join(path, entry.name));
      }
      chmodSync(path, 0o555);
    };
    lockDown(join(dir, '.claude'));
    try {
      const before = snapshot(dir);
      // A permission error is reported at once, not after retries.
      const started = Date.now();
      rejects(dir, before, ['add', 'api', 'be'], 1, /Cannot write to \.claude\/: permission denied[\s\S]*chmod/, { unprivileged: true });
      expect(Date.now() - started).toBeLessThan(1500);
      rejects(dir, before, ['remove', 'web'], 1, /permission denied/, { unprivileged: true });
      // Nothing to write: a frozen install passes in a read-only checkout.
      const frozen = run(['sync', '--frozen'], { cwd: dir, ...lib, unprivileged: true });
      expect(frozen.code, frozen.stderr).toBe(0);
      expect(snapshot(dir)).toEqual(before);
    } finally {
      const unlock = (path: string) => {
        chmodSync(path, 0o755);
        for (const entry of readdirSync(path, { withFileTypes: true })) if (entry.isDirectory()) unlock(join(path, entry.name));
      };
      unlock(join(dir, '.claude'));
    }
  });
});
