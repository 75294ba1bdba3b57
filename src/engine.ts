// The engine bundle: every command, loaded by boot.cts. Commands import what they need lazily.
export { main } from './cli/program.js';

/**
 * The operations and parsers without the CLI, for a long-lived caller that loads the bundle once
 * (the fault-injection suite's fuzzer, test/chaos/fuzz-worker.mjs). Lazy, like every command, so
 * the CLI's start-up does not pay for it.
 */
export async function loadEngine() {
  const [operations, team, lockfile, errors, yaml] = await Promise.all([
    import('./core/operations/index.js'),
    import('./core/team/team-file.js'),
    import('./core/apply/lockfile.js'),
    import('./core/errors.js'),
    import('./core/yaml.js'),
  ]);
  return { ...operations, parseTeam: team.parseTeam, readLock: lockfile.readLock, isAgentTeamError: errors.isAgentTeamError, loadYaml: yaml.loadYaml };
}
