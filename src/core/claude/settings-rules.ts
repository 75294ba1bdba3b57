/**
 * Shapes Claude Code 2.1.330 reads from .claude/settings.json and .mcp.json, where it says little or
 * nothing when an entry is wrong (docs/claude-code-findings.md §8): a hook entry without its
 * `hooks` array is dropped, `mcpServers` in a settings file and a `url` without `type` in .mcp.json
 * are ignored without a word in the run's log.
 */

export const SKILL_OVERRIDE_VALUES = ['on', 'name-only', 'user-invocable-only', 'off'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Problems of a settings file's `hooks`, `skillOverrides` and misplaced keys; `installed` = the project's skills. */
export function settingsProblems(data: Record<string, unknown>, installed: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (Object.hasOwn(data, 'mcpServers')) problems.push('Claude Code ignores "mcpServers" in settings files; move them to .mcp.json');
  const hooks = data.hooks;
  if (hooks !== undefined) {
    if (!isObject(hooks)) problems.push('"hooks" must be an object of events, each a list of matchers');
    else {
      for (const [event, list] of Object.entries(hooks)) {
        if (!Array.isArray(list)) {
          problems.push(`hooks.${event} must be a list of matchers ({ "matcher": …, "hooks": [{ "type": "command", "command": … }] })`);
          continue;
        }
        list.forEach((entry, i) => {
          if (!isObject(entry) || !Array.isArray(entry.hooks)) {
            problems.push(`hooks.${event}[${i}] has no "hooks" list, so Claude Code drops it; wrap it as { "matcher": …, "hooks": [ … ] }`);
            return;
          }
          entry.hooks.forEach((h, j) => {
            if (!isObject(h) || typeof h.type !== 'string') problems.push(`hooks.${event}[${i}].hooks[${j}] needs a "type" ("command", "prompt", …)`);
            else if (h.type === 'command' && typeof h.command !== 'string') problems.push(`hooks.${event}[${i}].hooks[${j}] is a command hook without a "command"`);
          });
        });
      }
    }
  }
  const overrides = data.skillOverrides;
  if (overrides !== undefined) {
    if (!isObject(overrides)) problems.push('"skillOverrides" must be an object of skill names');
    else {
      for (const [skill, value] of Object.entries(overrides)) {
        if (!(SKILL_OVERRIDE_VALUES as readonly unknown[]).includes(value)) problems.push(`skillOverrides.${skill} must be one of ${SKILL_OVERRIDE_VALUES.join(', ')}`);
        else if (!installed.has(skill)) problems.push(`skillOverrides names "${skill}", which is not a skill of this project`);
      }
    }
  }
  return problems;
}

/** Problems of `.mcp.json`: each server needs a command (stdio) or a url with its type. */
export function mcpProblems(data: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of ['hooks', 'skillOverrides', 'permissions', 'env']) {
    if (Object.hasOwn(data, key)) problems.push(`"${key}" belongs in .claude/settings.json; Claude Code ignores it in .mcp.json`);
  }
  const servers = data.mcpServers;
  if (servers === undefined) return problems;
  if (!isObject(servers)) return [...problems, '"mcpServers" must be an object of servers by name'];
  for (const [name, server] of Object.entries(servers)) {
    if (!isObject(server)) problems.push(`mcpServers.${name} must be an object`);
    else if (typeof server.url === 'string' && server.type === undefined) problems.push(`mcpServers.${name} has a "url" but no "type", so Claude Code skips it; add "type": "http" (or "sse", "ws")`);
    else if (typeof server.url !== 'string' && typeof server.command !== 'string') problems.push(`mcpServers.${name} needs a "command" (stdio) or a "url" with a "type"`);
  }
  return problems;
}
