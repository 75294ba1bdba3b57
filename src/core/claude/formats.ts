/**
 * Facts about Claude Code's formats that the generator relies on
 * (docs/claude-code-formats.md §1 and §9). Kept in one place so validation and rendering agree.
 */
export const TOOL_NAMES = new Set([
  'Agent', 'Artifact', 'AskUserQuestion', 'Bash', 'CronCreate', 'CronDelete', 'CronList', 'Edit',
  'EndConversation', 'EnterPlanMode', 'ExitPlanMode', 'EnterWorktree', 'ExitWorktree', 'Glob', 'Grep',
  'ListAgents', 'ListMcpResourcesTool', 'ReadMcpResourceTool', 'LSP', 'Monitor', 'NotebookEdit',
  'PowerShell', 'PushNotification', 'Read', 'RemoteTrigger', 'ReportFindings', 'ScheduleWakeup',
  'SendMessage', 'SendUserFile', 'ShareOnboardingGuide', 'Skill', 'TaskCreate', 'TaskGet', 'TaskList',
  'TaskUpdate', 'TaskOutput', 'TaskStop', 'TodoWrite', 'ToolSearch', 'WaitForMcpServers', 'WebFetch',
  'WebSearch', 'Workflow', 'Write',
]);

/** Says what is wrong with a `tools` entry such as `Read`, `Bash(git diff *)` or `mcp__github__*`. */
export function toolProblem(tool: string): string | undefined {
  if (/^mcp__[A-Za-z0-9_-]+(__[A-Za-z0-9_*-]+)?$/.test(tool)) return undefined;
  const match = /^([A-Za-z]+)(\((.*)\))?$/.exec(tool);
  if (!match) return `"${tool}" is not a tool name (e.g. Read, Bash(git *), mcp__server__tool)`;
  if (!TOOL_NAMES.has(match[1]!)) return `"${match[1]}" is not a Claude Code tool`;
  if (match[2] !== undefined && match[3]!.trim() === '') return `"${tool}" has an empty specifier`;
  return undefined;
}
