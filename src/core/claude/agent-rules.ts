import { COLORS, MODELS } from '../library/schema.js';
import { AGENT_NAME_PATTERN } from '../team/names.js';
import { toolProblem } from './formats.js';

const AGENT_KEYS = new Set([
  'name', 'description', 'tools', 'disallowedTools', 'model', 'permissionMode', 'maxTurns', 'skills', 'mcpServers',
  'hooks', 'memory', 'background', 'effort', 'isolation', 'color', 'initialPrompt',
]);

/** The permission modes 2.1.330 accepts in an agent's frontmatter; any other value is dropped with a debug line. */
export const PERMISSION_MODES = ['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'] as const;

/**
 * Checks a subagent's frontmatter against what Claude Code loads (docs/claude-code-formats.md §1, §9):
 * a file that fails these is skipped or loses fields silently at runtime.
 */
export function checkAgentFrontmatter(fileName: string, data: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(data)) if (!AGENT_KEYS.has(key)) problems.push(`unknown key "${key}"`);
  const { name, description, tools, model, color, skills, memory, permissionMode } = data;
  if (typeof name !== 'string') problems.push('"name" is required (without it Claude Code skips the file)');
  else {
    if (!AGENT_NAME_PATTERN.test(name) || name.length > 64) problems.push(`"name" "${name}" must be lowercase letters, digits and single dashes`);
    if (`${name}.md` !== fileName) problems.push(`"name" "${name}" should match the file name ${fileName}`);
  }
  if (typeof description !== 'string' || description.trim() === '') problems.push('"description" is required (without it Claude Code skips the file)');
  else if (description.includes('\n')) problems.push('"description" must be a single line');
  if (tools !== undefined) {
    if (typeof tools !== 'string') problems.push('"tools" must be a comma-separated string');
    else for (const tool of tools.split(',').map((t) => t.trim()).filter(Boolean)) {
      const problem = toolProblem(tool);
      if (problem) problems.push(`tools: ${problem}`);
    }
  }
  if (model !== undefined && (typeof model !== 'string' || !((MODELS as readonly string[]).includes(model) || /^claude-/.test(model)))) {
    problems.push(`"model" must be one of ${MODELS.join(', ')} or a full model id`);
  }
  if (color !== undefined && !(COLORS as readonly unknown[]).includes(color)) problems.push(`"color" must be one of ${COLORS.join(', ')}`);
  if (memory !== undefined && !['user', 'project', 'local'].includes(memory as string)) problems.push('"memory" must be user, project or local');
  if (permissionMode !== undefined && !(PERMISSION_MODES as readonly unknown[]).includes(permissionMode)) problems.push(`"permissionMode" must be one of ${PERMISSION_MODES.join(', ')} (Claude Code ignores "${String(permissionMode)}")`);
  if (skills !== undefined && !(Array.isArray(skills) && skills.every((s) => typeof s === 'string'))) problems.push('"skills" must be a list of skill names');
  return problems;
}
