import { failure } from '../errors.js';
import { agentFile, skillDir } from '../paths.js';
import { planTeam, type TeamChange } from '../pipeline.js';
import { openProject, readProjectFile } from '../project.js';

/**
 * The team as Claude Code loads it in this project: each agent's file and the files of the skills
 * it uses, read from disk, edits included. An export hands over what runs here, so a project
 * whose files do not match its team file is asked to sync first.
 */
export interface InstalledFile {
  /** Relative to the skill folder for skill files; the agent's name for agent files. */
  path: string;
  content: Buffer;
  executable: boolean;
}

export interface InstalledTeam {
  change: TeamChange;
  agents: Array<{ name: string; file: InstalledFile }>;
  skills: Array<{ name: string; files: InstalledFile[] }>;
}

export function installedTeam(cwd: string): InstalledTeam {
  const { root, teamText } = openProject(cwd);
  const change = planTeam(root, teamText);
  if (change.agents.length === 0) throw failure('no-agents', 'The team has no agents to export.', 'Add agents to the team first.');
  const byPath = new Map(change.plan.entries.map((e) => [e.path, e]));
  const stale: string[] = [];
  const read = (path: string): Buffer | undefined => {
    const entry = byPath.get(path);
    if (entry && (entry.action === 'create' || entry.action === 'update' || entry.action === 'delete')) stale.push(`${entry.action} ${path}`);
    return readProjectFile(root, path);
  };
  const agents = change.agents.map((a) => ({ name: a.name, file: { path: a.name, content: read(agentFile(a.name)) ?? Buffer.alloc(0), executable: false } }));
  const skillNames = [...new Set(change.agents.flatMap((a) => a.skills))].sort();
  const skills = skillNames.map((name) => {
    const prefix = `${skillDir(name)}/`;
    const files = change.plan.entries
      .filter((e) => e.path.startsWith(prefix) && e.kind === 'managed')
      .map((e) => ({ path: e.path.slice(prefix.length), content: read(e.path) ?? Buffer.alloc(0), executable: Boolean(e.executable) }));
    return { name, files };
  });
  if (stale.length > 0) {
    throw failure('not-synced', 'The project does not match its team file, and an export hands over what is installed:', 'Sync first, then export.', stale.slice(0, 20));
  }
  return { change, agents, skills };
}
