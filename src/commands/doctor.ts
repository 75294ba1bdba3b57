import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../cli/context.js';
import { checkAgentFrontmatter } from '../core/claude/agent-rules.js';
import { findBlock } from '../core/claude/claude-md.js';
import { AgentTeamError } from '../core/errors.js';
import { FrontmatterError, parseFrontmatter } from '../core/claude/frontmatter.js';
import { agentFile, CLAUDE_MD, SETTINGS_LOCAL, SETTINGS_SHARED } from '../core/paths.js';
import { openProject, planTeam } from '../core/pipeline.js';
import { readSettings } from '../core/claude/settings.js';
import { checkSkillFrontmatter } from '../core/claude/skill-rules.js';

export interface Finding {
  level: 'error' | 'warning';
  file: string;
  message: string;
}

const DRIFT: Record<string, string> = {
  create: 'missing: run agent-team sync',
  update: 'out of date with the team file: run agent-team sync',
  delete: 'no longer needed by any agent: run agent-team sync',
  'conflict:edited': 'edited since agent-team wrote it (kept; agent-team sync --force replaces it)',
  'conflict:foreign': 'not written by agent-team but stands where it wants to write',
  'keep:edited': 'no longer needed, edited since agent-team wrote it',
};

function readFrontmatter(abs: string): Record<string, unknown> | string {
  try {
    return parseFrontmatter(readFileSync(abs, 'utf8')).data;
  } catch (err) {
    if (err instanceof FrontmatterError) return err.message;
    throw err;
  }
}

/** Everything doctor checks; pure reading, usable by the dashboard too. */
export function diagnose(cwd: string): { root: string; findings: Finding[] } {
  const { root, teamText, team } = openProject(cwd);
  const findings: Finding[] = [];
  const add = (level: Finding['level'], file: string, message: string) => findings.push({ level, file, message });

  try {
    const change = planTeam(root, teamText);
    for (const e of change.plan.entries) {
      if (e.kind === 'team' || e.action === 'unchanged' || e.action === 'keep' && e.reason === 'user-file') continue;
      add('warning', e.path, DRIFT[e.reason ? `${e.action}:${e.reason}` : e.action] ?? e.action);
    }
  } catch (err) {
    if (!(err instanceof AgentTeamError)) throw err;
    add('error', '.claude/agent-team.yaml', [err.message, ...err.details].join(' '));
  }

  for (const name of Object.keys(team.agents ?? {})) {
    const path = agentFile(name);
    if (!existsSync(join(root, path))) continue;
    const data = readFrontmatter(join(root, path));
    if (typeof data === 'string') {
      add('error', path, `${data}; Claude Code skips this agent`);
      continue;
    }
    for (const p of checkAgentFrontmatter(`${name}.md`, data)) add('error', path, p);
    for (const skill of Array.isArray(data.skills) ? data.skills : []) {
      if (!existsSync(join(root, '.claude/skills', String(skill), 'SKILL.md'))) add('error', path, `preloads skill "${skill}", which is not installed`);
    }
  }

  const skillsDir = join(root, '.claude/skills');
  if (existsSync(skillsDir)) {
    for (const dir of readdirSync(skillsDir)) {
      const abs = join(skillsDir, dir);
      if (!statSync(abs).isDirectory()) continue;
      const rel = `.claude/skills/${dir}`;
      if (!existsSync(join(abs, 'SKILL.md'))) {
        const nested = readdirSync(abs).filter((d) => existsSync(join(abs, d, 'SKILL.md')));
        if (nested.length) add('warning', rel, `Claude Code only finds .claude/skills/<name>/SKILL.md, so ${nested.map((n) => `${rel}/${n}`).join(', ')} never load`);
        continue;
      }
      const data = readFrontmatter(join(abs, 'SKILL.md'));
      if (typeof data === 'string') add('error', `${rel}/SKILL.md`, data);
      else for (const p of checkSkillFrontmatter(dir, data)) add('warning', `${rel}/SKILL.md`, p);
    }
  }

  const agents = new Set(Object.keys(team.agents ?? {}));
  for (const path of [SETTINGS_LOCAL, SETTINGS_SHARED]) {
    try {
      const { data } = readSettings(root, path);
      if (typeof data.agent === 'string' && !existsSync(join(root, agentFile(data.agent))) && !agents.has(data.agent)) {
        add('error', path, `"agent" is "${data.agent}", but there is no such agent; run agent-team switch`);
      }
      if ('mcpServers' in data) add('warning', path, 'Claude Code ignores "mcpServers" in settings files; move them to .mcp.json');
    } catch (err) {
      if (!(err instanceof AgentTeamError)) throw err;
      add('error', path, err.message);
    }
  }

  if (existsSync(join(root, CLAUDE_MD))) {
    try {
      findBlock(readFileSync(join(root, CLAUDE_MD), 'utf8'));
    } catch (err) {
      if (!(err instanceof AgentTeamError)) throw err;
      add('error', CLAUDE_MD, err.message);
    }
  }
  return { root, findings };
}

export async function run(ctx: Context): Promise<void> {
  const { root, findings } = diagnose(ctx.cwd);
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors;
  const s = ctx.out.style;
  ctx.out.result({ command: 'doctor', root, healthy: errors === 0, errors, warnings, findings }, () => [
    ...findings.map((f) => `${f.level === 'error' ? s.red('error  ') : s.yellow('warning')} ${f.file}: ${f.message}`),
    findings.length === 0
      ? s.green('Everything agent-team manages is valid and in sync.')
      : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  ]);
  if (errors > 0) process.exitCode = 1;
}
