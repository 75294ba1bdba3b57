import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkAgentFrontmatter } from '../claude/agent-rules.js';
import { findBlock } from '../claude/claude-md.js';
import { FrontmatterError, parseFrontmatter } from '../claude/frontmatter.js';
import { readSettings } from '../claude/settings.js';
import { LISTING_WARN_SHARE } from '../claude/listing.js';
import { mcpProblems, settingsProblems } from '../claude/settings-rules.js';
import { listingView, projectSkills } from './listing.js';
import { checkSkillFrontmatter } from '../claude/skill-rules.js';
import { versionDrift } from '../detect/drift.js';
import { isAgentTeamError } from '../errors.js';
import type { Catalog } from '../library/model.js';
import { own } from '../own.js';
import { teamAgents, type TeamAgent } from '../team/team-file.js';
import { agentFile, CLAUDE_MD, MCP_FILE, SETTINGS_LOCAL, SETTINGS_SHARED, TEAM_FILE } from '../paths.js';
import type { Snapshot } from './snapshot.js';
import type { Finding } from './types.js';

/** What a plan entry that is not in sync means, in words that hold for every front end. */
export const DRIFT: Record<string, string> = {
  create: 'missing',
  update: 'out of date with the team file',
  delete: 'no longer needed by any agent',
  'conflict:edited': 'edited since agent-team wrote it',
  'conflict:foreign': 'not written by agent-team but stands where it wants to write',
  'conflict:merge-conflict': 'your edits clash with the new version, which is beside it',
  'update:merged': 'edited since agent-team wrote it; the new version can be merged in',
  'update:merge-conflict': 'your edits clash with the new version',
  'keep:edited': 'no longer needed, edited since agent-team wrote it',
  'keep:customised': 'edited since agent-team wrote it; your edits are kept and new versions are merged into them',
  'keep:unproven': 'no longer needed, but not provably written by agent-team, so it stays',
  'conflict:user-file': 'holds a value of yours where agent-team would set one, so it is left alone',
};

function readFrontmatter(abs: string): Record<string, unknown> | string {
  try {
    return parseFrontmatter(readFileSync(abs, 'utf8')).data;
  } catch (err) {
    if (err instanceof FrontmatterError) return err.message;
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') return 'is a folder, not a file';
    throw err;
  }
}

/** The skill names the body's `## Skills` section tells the agent to load (`- \`name\`: …`). */
function bodySkills(text: string): string[] {
  const section = /^## Skills\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(text)?.[1] ?? '';
  return [...section.matchAll(/^- `([^`\n]{1,80})`: /gm)].map((m) => m[1]!);
}

function isDir(abs: string): boolean {
  try {
    return lstatSync(abs).isDirectory();
  } catch {
    return false;
  }
}

/** `the whole project`, or the folders, as a person reads them. */
function ownedPaths(paths: string[]): string {
  return paths.length === 0 ? 'the whole project' : paths.join(', ');
}

/** The same folders, however written (`apps/web/`, order): what Claude reads in the descriptions. */
function pathsKey(paths: string[]): string {
  return [...new Set(paths.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, '')).filter((p) => p !== '.' && p !== ''))].sort().join('\n');
}

function stackKey(agent: TeamAgent): string {
  return JSON.stringify(Object.entries(agent.variants).filter(([, v]) => v.length > 0).map(([k, v]) => [k, [...v].sort()]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
}

/**
 * Agents of one role that own the same paths (or none) and work with the same stack: their
 * descriptions say the same, so Claude's delegation picks between them by chance.
 */
export function alikeAgents(catalog: Catalog, agents: TeamAgent[]): Array<{ names: string[]; role: string; paths: string[]; stack: string[] }> {
  const groups = new Map<string, TeamAgent[]>();
  for (const agent of agents) {
    const key = `${agent.role}\0${pathsKey(agent.paths)}\0${stackKey(agent)}`;
    groups.set(key, [...(groups.get(key) ?? []), agent]);
  }
  return [...groups.values()]
    .filter((g) => g.length > 1)
    .map((g) => {
      const role = own(catalog.roles, g[0]!.role);
      const stack = Object.entries(g[0]!.variants).flatMap(([variant, values]) => values.map((v) => own(own(role?.variants ?? {}, variant)?.values ?? {}, v)?.title ?? v));
      return { names: g.map((a) => a.name), role: role?.title ?? g[0]!.role, paths: g[0]!.paths, stack };
    });
}

/** Everything doctor checks, as findings; it only reads. */
export function problems(s: Snapshot): Finding[] {
  return s.memo('problems', () => {
    const { root } = s;
    const { team } = s.project();
    const findings: Finding[] = [];
    const add = (level: Finding['level'], file: string, message: string, code: string) => findings.push({ level, file, message, code });

    try {
      for (const e of s.change().plan.entries) {
        if (e.kind === 'team' || e.kind === 'upstream' || e.action === 'unchanged' || (e.action === 'keep' && e.reason === 'user-file')) continue;
        const key = e.reason ? `${e.action}:${e.reason}` : e.action;
        add('warning', e.path, DRIFT[key] ?? e.action, `drift:${key}`);
      }
    } catch (err) {
      if (!isAgentTeamError(err)) throw err;
      add('error', TEAM_FILE, [err.message, ...err.details].join(' '), err.code);
    }

    const installed = new Set(projectSkills(root).map((k) => k.name));
    // Every agent file Claude Code loads, the team's and any other: its validator passes most mistakes.
    const agentsDir = join(root, '.claude/agents');
    const agentFiles = new Set(Object.keys(team.agents ?? {}).map((n) => `${n}.md`));
    if (isDir(agentsDir)) for (const f of readdirSync(agentsDir)) if (f.endsWith('.md')) agentFiles.add(f);
    for (const file of [...agentFiles].sort()) {
      const path = `.claude/agents/${file}`;
      if (!existsSync(join(root, path))) continue;
      const data = readFrontmatter(join(root, path));
      if (typeof data === 'string') {
        add('error', path, `${data}; Claude Code skips this agent`, 'agent-unreadable');
        continue;
      }
      for (const p of checkAgentFrontmatter(file, data)) add('error', path, p, 'agent-format');
      for (const skill of Array.isArray(data.skills) ? data.skills : []) {
        if (!installed.has(String(skill))) add('error', path, `preloads skill "${skill}", which is not installed`, 'skill-missing');
      }
      for (const skill of bodySkills(readFileSync(join(root, path), 'utf8'))) {
        if (!installed.has(skill) && !skill.includes(':')) add('warning', path, `lists skill "${skill}" to load, which is not installed`, 'skill-missing');
      }
    }

    const skillsDir = join(root, '.claude/skills');
    if (isDir(skillsDir)) {
      for (const dir of readdirSync(skillsDir).sort()) {
        const abs = join(skillsDir, dir);
        const rel = `.claude/skills/${dir}`;
        if (!existsSync(abs)) {
          add('warning', rel, 'is a link to something that does not exist; Claude Code finds no skill there', 'skill-dangling');
          continue;
        }
        if (!isDir(abs) && !lstatSync(abs).isSymbolicLink()) continue;
        if (!existsSync(join(abs, 'SKILL.md'))) {
          const nested = isDir(abs) ? readdirSync(abs).filter((d) => existsSync(join(abs, d, 'SKILL.md'))) : [];
          if (nested.length) add('warning', rel, `Claude Code only finds .claude/skills/<name>/SKILL.md, so ${nested.map((n) => `${rel}/${n}`).join(', ')} never load`, 'skill-nested');
          continue;
        }
        const data = readFrontmatter(join(abs, 'SKILL.md'));
        if (typeof data === 'string') add('error', `${rel}/SKILL.md`, data, 'skill-unreadable');
        else for (const p of checkSkillFrontmatter(dir, data)) add('warning', `${rel}/SKILL.md`, p, 'skill-format');
      }
    }

    const agents = new Set(Object.keys(team.agents ?? {}));
    for (const path of [SETTINGS_LOCAL, SETTINGS_SHARED]) {
      try {
        const { data } = readSettings(root, path);
        if (typeof data.agent === 'string' && !existsSync(join(root, agentFile(data.agent))) && !agents.has(data.agent)) {
          add('error', path, `"agent" is "${data.agent}", but there is no such agent`, 'active-agent-missing');
        }
        for (const p of settingsProblems(data, installed)) add('warning', path, p, p.startsWith('Claude Code ignores "mcpServers"') ? 'mcp-in-settings' : 'settings-shape');
      } catch (err) {
        if (!isAgentTeamError(err)) throw err;
        add('error', path, err.message, err.code);
      }
    }

    try {
      const mcp = readSettings(root, MCP_FILE);
      if (mcp.text !== undefined) for (const p of mcpProblems(mcp.data)) add('warning', MCP_FILE, p, 'mcp-shape');
    } catch (err) {
      if (!isAgentTeamError(err)) throw err;
      add('error', MCP_FILE, err.message, err.code);
    }

    const listing = listingView(root);
    for (const fit of listing.fits) {
      if (fit.share < LISTING_WARN_SHARE) continue;
      const cut = fit.cut.length ? `; ${fit.cut.length} project skills lose their description (${fit.cut.slice(0, 5).join(', ')}${fit.cut.length > 5 ? ', …' : ''})` : '; a few more skills and Claude Code cuts descriptions';
      add('warning', '.claude/skills', `the main session's skill listing takes ${fit.chars} of ${fit.budget} chars on ${fit.window}-window models (${Math.round(fit.share * 100)} %)${cut}`, 'listing-budget');
    }

    try {
      const catalog = s.catalog();
      const agents = teamAgents(team);
      for (const d of versionDrift(root, catalog, agents)) {
        add('warning', d.file, `${d.agent} records ${d.title} (${d.value}) ${d.recorded}, but ${d.file} says ${d.found}; the agent follows the conventions for ${d.recorded}`, 'version-drift');
      }
      for (const alike of alikeAgents(catalog, agents)) {
        add(
          'warning',
          TEAM_FILE,
          `${alike.names.join(' and ')} are each a ${alike.role} owning ${ownedPaths(alike.paths)}${alike.stack.length ? ` with ${alike.stack.join(', ')}` : ' with no stack'}: Claude's delegation cannot tell them apart`,
          'agents-alike',
        );
      }
    } catch (err) {
      // A team file or library that does not load is reported above, by the plan.
      if (!isAgentTeamError(err)) throw err;
    }

    if (existsSync(join(root, CLAUDE_MD))) {
      try {
        findBlock(readFileSync(join(root, CLAUDE_MD), 'utf8'));
      } catch (err) {
        if (!isAgentTeamError(err)) throw err;
        add('error', CLAUDE_MD, err.message, err.code);
      }
    }
    return findings;
  });
}
