import { Command, CommanderError, Option } from 'commander';
import type { CommandModule, GlobalOptions } from './context.js';
import { VERSION } from '../core/version.js';
import { write } from './stdio.js';

/**
 * The commander program. It loads nothing but commander: each command's module (and the
 * engine, prompts or server it needs) is imported only when that command runs, so
 * `agent-team --version` costs little more than starting Node.
 */
const commands: Record<string, () => Promise<CommandModule>> = {
  init: () => import('../commands/init.js'),
  add: () => import('../commands/add.js'),
  remove: () => import('../commands/remove.js'),
  switch: () => import('../commands/switch.js'),
  teams: () => import('../commands/teams.js'),
  list: () => import('../commands/list.js'),
  sync: () => import('../commands/sync.js'),
  doctor: () => import('../commands/doctor.js'),
  uninstall: () => import('../commands/uninstall.js'),
  undo: () => import('../commands/undo.js'),
  diff: () => import('../commands/diff.js'),
  resolve: () => import('../commands/resolve.js'),
  detect: () => import('../commands/detect.js'),
  source: () => import('../commands/source.js'),
  scan: () => import('../commands/scan.js'),
  export: () => import('../commands/export.js'),
  ui: () => import('../commands/ui.js'),
};

function runs(name: string) {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const { runCommand } = await import('./context.js');
    await runCommand(commands[name]!, cmd.optsWithGlobals() as GlobalOptions, cmd.opts(), args.slice(0, -2), cmd);
  };
}

/** Repeated or comma-separated values of one option: `--allow a --allow b,c`. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

const TRUST_HELP = 'what the scan blocks: official (nothing), community (high findings), untrusted (high and medium)';
const ALLOW_HELP = 'accept a scan finding: a rule id, or rule:path (repeat, or comma-separate)';

export function buildProgram(json = false): Command {
  const program = new Command('agent-team')
    .description('Give this project a team of Claude Code subagents: roles, skills, rules and stack conventions.')
    .version(VERSION, '-v, --version', 'print the version')
    .option('-C, --cwd <dir>', 'run in this project folder instead of the current one')
    .option('-y, --yes', 'never prompt: missing input is an error that names the flag to pass')
    .option('--dry-run', 'show what would change, write nothing')
    .option('--json', 'print exactly one JSON document on stdout')
    .option('--no-color', 'plain output without colours')
    .showSuggestionAfterError(true)
    .exitOverride();
  // With --json, usage errors are printed as JSON by main(); subcommands copy these settings.
  program.configureOutput({ writeOut: (text) => write(1, text), writeErr: (text) => write(2, text), ...(json ? { outputError: () => undefined } : {}) });

  program
    .command('init')
    .description('set up the team file, common rules, lessons file and the CLAUDE.md team section')
    .option('--roles <roles>', 'start with one agent per role, named like the role (comma-separated)')
    .option('--preset <preset>', 'start with a preset team (see `list --presets`)')
    .option('--force', 'replace files agent-team wrote even if they were edited (keeps a .bak)')
    .action(runs('init'));

  program
    .command('add')
    .description('add an agent to the team and install what its role needs')
    .argument('[name]', 'agent name: lowercase letters, digits and dashes, e.g. payment-fe')
    .argument('[role]', 'the role (see `agent-team list --roles`)')
    .option('--name <name>', 'the agent name (instead of the first argument)')
    .option('--role <role>', 'the role (instead of the second argument)')
    .option('--paths <paths>', 'what the agent owns in a monorepo, comma-separated (e.g. apps/web,packages/ui)')
    .option('--force', 'replace files agent-team wrote even if they were edited (keeps a .bak)')
    .allowUnknownOption()
    .allowExcessArguments()
    .addHelpText(
      'after',
      '\nStack variants are flags named after the role\'s variants, e.g. --framework react@18 --state zustand,tanstack-query\n' +
        '(value@major records the major in use, which decides version-specific conventions).\n' +
        'Each role\'s variants and their values: agent-team list --roles',
    )
    .action(runs('add'));

  program
    .command('remove')
    .alias('rm')
    .description('remove agents; their files go, skills another agent still needs stay')
    .argument('[names...]', 'agents to remove')
    .option('--force', 'also delete files that were edited since agent-team wrote them (keeps a .bak)')
    .action(runs('remove'));

  program
    .command('switch')
    .description("make an agent the main session's agent (Claude Code's `agent` setting)")
    .argument('[name]', 'the agent')
    .option('--shared', 'write .claude/settings.json (committed) instead of .claude/settings.local.json')
    .option('--none', 'clear the setting: the main session runs as plain Claude Code again')
    .action(runs('switch'));

  program
    .command('teams')
    .description("turn Claude Code's agent teams (experimental) on or off for this project; without an argument, say which")
    .argument('[state]', 'on or off')
    .option('--force', 'also delete files that were edited since agent-team wrote them (keeps a .bak)')
    .action(runs('teams'));

  program
    .command('list')
    .alias('ls')
    .description('show the agents (default), the roles, the skills or the presets')
    .option('--roles', 'list the roles with their variants')
    .option('--skills', 'list the skills with their category and the agents that use them')
    .option('--presets', 'list the starter teams for `init --preset`')
    .option('--markdown', 'with --skills: print the skills index as Markdown')
    .action(runs('list'));

  program
    .command('sync')
    .description('make the project match the team file')
    .option('--check', 'change nothing; exit 1 if anything would change (for CI)')
    .option('--frozen', 'fail if the lockfile would change, otherwise write the files it records (for CI)')
    .option('--force', 'replace files agent-team wrote even if they were edited (keeps a .bak)')
    .option('--markers', 'where your edits clash with the new version, write conflict markers into the file')
    .option('--versions', 'record in the team file the majors the lockfiles and manifests state now, then sync')
    .action(runs('sync'));

  program
    .command('diff')
    .description('show, as unified diffs, what sync would change (for one agent, or all)')
    .argument('[agent]', 'only the files of this agent')
    .action(runs('diff'));

  program
    .command('resolve')
    .description('decide a file whose edits conflict with the new version: keep yours, replace it, or merge')
    .argument('<file|agent>', 'the conflicting file, or an agent for all of its conflicting files')
    .option('--keep', 'keep your file as it is; later versions are merged into it')
    .option('--replace', 'replace it with the new version (yours is saved as a .bak)')
    .option('--merge', 'write the three-way merge of your file and the new version')
    .option('--markers', 'with --merge: write conflict markers where the two clash, instead of refusing')
    .action(runs('resolve'));

  program
    .command('doctor')
    .description('check every generated file against Claude Code\'s formats and report drift')
    .action(runs('doctor'));

  program
    .command('undo')
    .description('take back the last change of the team made on this machine (add, remove, switch, a role override)')
    .action(runs('undo'));

  program
    .command('uninstall')
    .description('remove everything agent-team wrote that nobody edited, and the team file and lockfile')
    .option('--force', 'also delete files that were edited since agent-team wrote them (keeps a .bak)')
    .action(runs('uninstall'));

  program
    .command('detect')
    .description('show the stack agent-team detects in this project and the team it would propose')
    .action(runs('detect'));

  const source = program
    .command('source')
    .description('add, list, update or remove skill sources: git repositories pinned to a commit, or library folders in the project');
  source
    .command('add')
    .description('add a source; every file is scanned before anything of it is installed')
    .argument('<url>', 'git URL or repository path, optionally with #<branch|tag|commit>; or a library folder in the project')
    .option('--name <name>', 'the source name, prefix of its skills (<name>-<skill>); default: from the URL')
    .addOption(new Option('--trust <level>', TRUST_HELP).choices(['official', 'community', 'untrusted']))
    .option('--allow <rule[:file]>', ALLOW_HELP, collect)
    .option('--force', 'replace files agent-team wrote even if they were edited (keeps a .bak)')
    .action(runs('source'));
  source.command('list', { isDefault: true }).alias('ls').description('show the sources, their pinned commits and skills').action(runs('source'));
  source
    .command('update')
    .description('move git sources to what their refs name now (scanned again) and update the skills installed from them')
    .argument('[names...]', 'only these sources (default: all)')
    .option('--allow <rule[:file]>', `${ALLOW_HELP}; needs one source name`, collect)
    .option('--force', "accept a ref whose history was rewritten (force-pushed)")
    .action(runs('source'));
  source
    .command('remove')
    .alias('rm')
    .description('remove a source; skill files it installed go unless they were edited')
    .argument('<name>', 'the source')
    .option('--force', 'also delete installed files that were edited (keeps a .bak)')
    .action(runs('source'));

  program
    .command('scan')
    .description("scan skills for hidden text, prompt injection, risky scripts and files (default: the project's .claude/skills)")
    .argument('[path]', 'a skill, a folder of skills, a library, or a project')
    .addOption(new Option('--trust <level>', `${TRUST_HELP}; exit 1 when something blocks`).choices(['official', 'community', 'untrusted']).default('untrusted'))
    .option('--allow <rule[:file]>', ALLOW_HELP, collect)
    .option('--sarif [file]', 'write SARIF 2.1.0 to the file (or to stdout)')
    .action(runs('scan'));

  const exporter = program.command('export').description('hand the team to others: as a Claude Code plugin, or as an AGENTS.md summary');
  exporter
    .command('plugin')
    .description('write the team as a Claude Code plugin (with a marketplace file to publish it)')
    .argument('<dir>', 'the folder to write (outside the project\'s .claude/)')
    .option('--name <name>', 'the plugin name (default: the project folder name + -team)')
    .option('--owner <name>', "the marketplace owner's name (default: the plugin name)")
    .option('--plugin-version <semver>', 'the plugin version; raise it each time you publish a change (default: 1.0.0)')
    .option('--license <spdx>', 'the license of the exported files, as an SPDX id')
    .option('--force', 'overwrite files that exist')
    .action(runs('export'));
  exporter
    .command('agents-md')
    .description('write an AGENTS.md that describes the team for other coding agents')
    .argument('[file]', 'where to write it (default: AGENTS.md in the project)')
    .option('--force', 'overwrite the file if it exists')
    .action(runs('export'));

  program
    .command('ui')
    .description('open the local dashboard to see and shape the team')
    .option('--port <port>', 'listen on this port (default: a free one)')
    .option('--root <folder>', 'serve every team found below this folder and switch between them in the page')
    .option('--no-open', 'do not open a browser')
    .action(runs('ui'));

  return program;
}

const USAGE_ERRORS = new Set([
  'commander.unknownOption',
  'commander.unknownCommand',
  'commander.missingArgument',
  'commander.optionMissingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.invalidArgument',
  'commander.excessArguments',
  'commander.conflictingOption',
]);

export async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const program = buildProgram(json);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version') {
      process.exitCode = 0;
      return;
    }
    if (json) {
      const message = err.message.replace(/^error: /, '');
      write(1, `${JSON.stringify({ ok: false, error: { code: 'usage', message } }, null, 2)}\n`);
    }
    process.exitCode = USAGE_ERRORS.has(err.code) ? 2 : 1;
  }
}

