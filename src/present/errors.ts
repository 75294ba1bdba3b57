import type { AgentTeamError } from '../core/errors.js';
import { CLI, type Style } from './style.js';

/**
 * What a CLI user should do about an error, where that involves a command or a flag. The engine
 * words its hints for any front end; these replace them in the terminal.
 */
const CLI_HINTS: Record<string, (err: AgentTeamError) => string | undefined> = {
  'no-such-folder': () => 'Pass an existing project folder with --cwd.',
  'not-initialised': () => `Run \`${CLI} init\` in the project first (or pass --cwd <project>).`,
  'unknown-role': (e) => `${e.hint ?? ''} Details: \`${CLI} list --roles\`.`.trim(),
  'invalid-variant': () => `See each role's variants and values with \`${CLI} list --roles\`.`,
  'agent-exists': (e) => (e.data.agent ? `Pick another name, or remove it first with \`${CLI} remove ${String(e.data.agent)}\`.` : undefined),
  'conflicting-input': (e) => (e.message.startsWith('Checking') ? '--check only reports drift; --frozen installs exactly what the lockfile records: pass one of them.' : undefined),
  'lockfile-outdated': () => `Run \`${CLI} sync\` where you edit the team, and commit the lockfile with it.`,
  'unknown-agent': (e) => ((e.data.known as string[] | undefined)?.length === 0 ? `Add one first with \`${CLI} add <name> <role>\`.` : undefined),
  'apply-interrupted': () => `Fix the cause, then run \`${CLI} sync\`: it completes the change from where it stopped.`,
  'not-writable': (e) => {
    const where = typeof e.data.path === 'string' ? e.data.path : '.claude';
    return `Make ${where} writable (e.g. chmod -R u+w ${where}), then run again. Nothing was changed.`;
  },
  'invalid-lockfile': () => `Restore .claude/agent-team.lock from git, or delete it and run \`${CLI} sync\`.`,
  'source-ref-rewritten': (e) => `Nothing was changed. Review what the source changed; if you accept it, run \`${CLI} source update ${String(e.data.source ?? '<name>')} --force\`.`,
  'source-commit-missing': () => `Ask whoever maintains the source what happened; to move to what the ref names now, review it, run \`${CLI} source update <name>\` and commit the new lockfile.`,
  'source-blocked': () => `Nothing was installed. Read each finding in the source; accept one with --allow <rule>[:<file>] (kept in the team file), or set the source's trust with --trust.`,
  'not-synced': () => `Run \`${CLI} sync\` first, then export again.`,
  'merge-not-clean': (e) => `Write the merge with markers to edit by hand: \`${CLI} resolve ${String(e.data.path ?? '<file>')} --merge --markers\`; or --keep / --replace.`,
  'cannot-resolve': (e) => (e.message.includes('merge with') ? `Use \`${CLI} resolve ${String(e.data.path ?? '<file>')} --keep\` or --replace instead.` : undefined),
  'no-conflict': (e) => ((e.data.conflicts as string[] | undefined)?.length ? `${e.hint ?? ''} See them with \`${CLI} diff\`.`.trim() : undefined),
  'invalid-choice': () => 'Pass one of --keep, --replace or --merge.',
};

export function cliHint(err: AgentTeamError): string | undefined {
  return (Object.hasOwn(CLI_HINTS, err.code) ? CLI_HINTS[err.code]!(err) : undefined) ?? err.hint;
}

/** The error as the CLI's JSON carries it. */
export function errorJson(err: AgentTeamError): Record<string, unknown> {
  return { code: err.code, message: err.message, hint: cliHint(err), details: err.details.length ? err.details : undefined };
}

/** The error as a terminal shows it. */
export function errorLines(err: AgentTeamError, s: Style): string[] {
  // Cancelling is the user's choice, not a failure: say so plainly.
  const lines = [err.exitCode === 130 ? err.message : `${s.red('error:')} ${err.message}`];
  for (const d of err.details) lines.push(`  - ${d}`);
  const hint = cliHint(err);
  if (hint) lines.push(`${s.dim('hint:')} ${hint}`);
  return lines;
}
