import type { HookData, McpServerData } from './schema.js';

/**
 * What a hook or MCP server of a library must never do, beyond its shape: fetch code at run time
 * (a hook runs on every edit, an MCP server on every start, so a download there runs whatever the
 * registry serves that day) or carry a secret (the files are committed). Pure.
 */

/** Commands that install or fetch; a hook runs only what the project already has. */
const DOWNLOADS = [
  { pattern: /\bnpx\b(?![^;&|]*--no-install)/, why: 'runs npx without --no-install, which may download a package' },
  { pattern: /\b(npm|pnpm|yarn|bun)\s+(i|install|add|dlx|x)\b/, why: 'installs packages' },
  { pattern: /\b(pnpm|bunx)\s+dlx\b|\bbunx\b|\buvx\b|\bpipx\s+run\b/, why: 'runs a package runner that downloads' },
  { pattern: /\bpip3?\s+install\b|\bgo\s+(install|get|run\s+\S+@)/, why: 'installs packages' },
  { pattern: /\b(curl|wget)\b/, why: 'fetches from the network' },
];

export function hookProblems(hook: HookData): string[] {
  const problems: string[] = [];
  for (const { pattern, why } of DOWNLOADS) if (pattern.test(hook.command)) problems.push(`command ${why}`);
  return problems;
}

/** Runners that fetch a package when it is missing, and the flag that stops them. */
const RUNNERS: Record<string, string> = { npx: '--no-install' };

export function mcpServerProblems(name: string, server: McpServerData): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) problems.push('a server name has only letters, digits, "-" and "_"');
  const remote = server.type === 'http' || server.type === 'sse' || server.type === 'ws';
  if (remote) {
    if (!server.url) problems.push(`type ${server.type} needs a url`);
    if (server.command !== undefined || server.args !== undefined || server.env !== undefined) problems.push('a remote server has no command, args or env');
    if (server.url && /^[a-z]+:\/\/[^/]*@/i.test(server.url)) problems.push('the url carries credentials; pass them in headers as ${VAR} references');
  } else {
    if (!server.command) problems.push(server.url ? 'a server with a url needs type http, sse or ws (Claude Code skips it otherwise)' : 'a stdio server needs a command');
    else if (server.url !== undefined || server.headers !== undefined) problems.push('a stdio server has no url or headers');
    const command = server.command ?? '';
    const flag = Object.hasOwn(RUNNERS, command) ? RUNNERS[command] : undefined;
    if (flag !== undefined && server.args?.[0] !== flag) problems.push(`runs ${command} without ${flag} as its first argument, which may download a package`);
    if (/\s/.test(command)) problems.push('command is one program; its arguments go in args');
    if (server.args?.some((a) => a === '-y' || a === '--yes')) problems.push('args must not answer yes to an install');
  }
  return problems;
}
