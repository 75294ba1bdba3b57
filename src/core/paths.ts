/** Where things go in a user's project; project-relative POSIX paths. */
export const CLAUDE_DIR = '.claude';
export const TEAM_FILE = '.claude/agent-team.yaml';
export const LOCK_FILE = '.claude/agent-team.lock';
export const COMMON_RULES_FILE = '.claude/rules/agent-team.md';
export const LESSONS_FILE = '.claude/rules/lessons.md';
export const CLAUDE_MD = 'CLAUDE.md';
export const SETTINGS_LOCAL = '.claude/settings.local.json';
export const SETTINGS_SHARED = '.claude/settings.json';
export const MCP_FILE = '.mcp.json';
/** The JSON files agent-team merges settings into, key by key (claude/settings-plan.ts). */
export const SETTINGS_FILES = [SETTINGS_SHARED, MCP_FILE] as const;
export const memoryFile = (agent: string): string => `.claude/agent-memory/${agent}/MEMORY.md`;

export const agentFile = (agent: string): string => `.claude/agents/${agent}.md`;
const SKILLS_DIR = '.claude/skills';
export const skillDir = (skill: string): string => `${SKILLS_DIR}/${skill}`;
export const knowledgeFile = (agent: string): string => `.claude/agent-memory/${agent}/knowledge.md`;

/**
 * The only paths agent-team ever generates: a lockfile entry for anything else is refused, so a
 * hand-edited lockfile cannot make it touch settings, commands, the team file or other agents' folders.
 */
export function isGeneratedPath(path: string): boolean {
  if (path === CLAUDE_MD || path === COMMON_RULES_FILE || path === LESSONS_FILE) return true;
  if (/^\.claude\/agents\/[a-z][a-z0-9-]{0,63}\.md$/.test(path)) return true;
  if (/^\.claude\/agent-memory\/[a-z][a-z0-9-]{0,63}\/(MEMORY|knowledge)\.md$/.test(path)) return true;
  return /^\.claude\/skills\/[a-z0-9][a-z0-9-]{0,63}\/[^\0\\]+$/.test(path) && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/** Files that stand or fall together: every file of one skill folder. */
export function fileGroup(path: string): string | undefined {
  const start = SKILLS_DIR.length + 1;
  if (!path.startsWith(SKILLS_DIR) || path[start - 1] !== '/') return undefined;
  const end = path.indexOf('/', start);
  return end > start ? `skill:${path.slice(start, end)}` : undefined;
}

/** Folders that we create per item and remove again when they become empty. */
export const PRUNABLE_PARENTS = ['.claude/skills', '.claude/agent-memory', '.claude/agents', '.claude/rules'];
