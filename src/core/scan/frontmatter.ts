// SKILL.md frontmatter keys that change what runs: hooks, allowed-tools, forks. A line-level
// reading of the top-level keys, not a YAML parser: it must never fail, loop or expand aliases on
// hostile input, and a key it cannot read is still seen by the text checks on the same lines.
import type { RuleId } from './rules.js';
import type { Severity } from './types.js';
import { frontmatterRange } from './markdown.js';

export interface FrontmatterEntry {
  key: string;
  /** 0-based line of the key. */
  line: number;
  value: string;
  /** Indented lines and list items under the key, with their 0-based lines. */
  block: Array<{ text: string; line: number }>;
}

export interface FrontmatterHit {
  rule: RuleId;
  severity: Severity;
  line: number;
  column?: number;
  message: string;
}

const SPEC_KEYS = new Set(['name', 'description', 'license', 'compatibility', 'metadata', 'allowed-tools']);
/** Claude Code keys that only shape when and how a skill is offered. */
const PASSIVE_KEYS = new Set(['when_to_use', 'argument-hint', 'arguments', 'disable-model-invocation', 'user-invocable', 'paths', 'effort', 'disallowed-tools', 'version']);
/** Claude Code keys that change where or with what the skill runs. */
const ACTIVE_KEYS = new Set(['model', 'context', 'agent', 'shell', 'background']);
const BUILTIN_AGENTS = new Set(['explore', 'plan', 'general-purpose']);

/** Interpreters: broad when pre-approved whole or with a flag (`Bash(python -c:*)`), not for one script. */
const INTERPRETERS = new Set(['sh', 'bash', 'zsh', 'dash', 'fish', 'ksh', 'csh', 'tcsh', 'pwsh', 'powershell', 'cmd', 'node', 'deno', 'bun', 'ruby', 'perl', 'php', 'lua']);
/** Commands that, pre-approved with any arguments, reach any host or run anything as anyone. */
const ANY_CODE = new Set([
  'curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'ssh', 'scp', 'rsync', 'ftp', 'telnet', 'sudo', 'su', 'doas', 'eval',
  'exec', 'env', 'xargs', 'source', '.', 'osascript', 'iwr', 'irm', 'invoke-webrequest', 'invoke-expression', 'iex',
  'start-process',
]);
/** Commands that are broad only when pre-approved whole (`Bash(npm:*)`); `Bash(npm run lint)` is fine. */
const BROAD_WHOLE = new Set([
  'npx', 'pnpx', 'bunx', 'uvx', 'pipx', 'npm', 'pnpm', 'yarn', 'pip', 'pip3', 'uv', 'go', 'cargo', 'docker', 'podman',
  'kubectl', 'chmod', 'chown', 'rm', 'dd', 'crontab', 'open',
]);
/** Commands with an escape hatch to run others (`find -exec`, awk's system(), git aliases). */
const RUNS_OTHERS = new Set(['find', 'awk', 'gawk', 'sed', 'tee', 'make', 'git', 'gh', 'time', 'watch', 'nohup', 'timeout']);

export function parseFrontmatterEntries(lines: readonly string[]): FrontmatterEntry[] {
  const range = frontmatterRange(lines);
  if (!range) return [];
  const entries: FrontmatterEntry[] = [];
  for (let i = range.start; i < range.end; i++) {
    const line = lines[i]!;
    const key = /^([A-Za-z0-9_][A-Za-z0-9_.-]{0,100})\s*:(?:\s+(.*)|\s*)$/.exec(line);
    if (key) {
      entries.push({ key: key[1]!, line: i, value: (key[2] ?? '').trim(), block: [] });
      continue;
    }
    const last = entries[entries.length - 1];
    if (last && /^(?:\s+|-\s)/.test(line) && line.trim() !== '') last.block.push({ text: line.trim(), line: i });
  }
  return entries;
}

const unquote = (s: string) => s.replace(/^["']|["']$/g, '');

/** Tool entries of an allowed-tools value: space- or comma-separated, a flow list or a block list. */
export function toolEntries(entry: FrontmatterEntry): Array<{ tool: string; line: number }> {
  const out: Array<{ tool: string; line: number }> = [];
  const split = (s: string, line: number) => {
    let depth = 0;
    let cur = '';
    for (const ch of s.replace(/^\s*-\s+/, '')) {
      if (ch === '(') depth++;
      if (ch === ')') depth = Math.max(0, depth - 1);
      if (depth === 0 && (ch === ',' || /\s/.test(ch) || ch === '[' || ch === ']')) {
        if (cur.trim()) out.push({ tool: unquote(cur.trim()), line });
        cur = '';
        continue;
      }
      cur += ch;
    }
    if (cur.trim()) out.push({ tool: unquote(cur.trim()), line });
  };
  split(unquote(entry.value), entry.line);
  for (const b of entry.block) split(unquote(b.text.replace(/^-\s*/, '')), b.line);
  return out.filter((t) => t.tool !== '' && t.tool !== '|' && t.tool !== '>');
}

export function toolBreadth(tool: string): { severity: Severity; why: string } | null {
  const m = /^([A-Za-z][A-Za-z0-9_]*)(?:\((.*)\))?$/s.exec(tool);
  if (!m) return null;
  const name = m[1]!;
  const spec = m[2];
  if (name === 'Bash' || name === 'PowerShell') {
    const s = (spec ?? '').trim();
    if (spec === undefined || /^[*:\s]*$/.test(s)) return { severity: 'high', why: `${name} with no restriction` };
    const cmd = s.replace(/(?::\*|\s\*|\*)+$/, '').trim();
    const words = cmd.split(/\s+/);
    const first = (words[0] ?? '').toLowerCase();
    if (first === '' || first.includes('*')) return { severity: 'high', why: `${tool} matches any command` };
    const interpreter = INTERPRETERS.has(first) || /^python[0-9.]*$/.test(first);
    if (ANY_CODE.has(first) || (interpreter && (words.length === 1 || words[1]!.startsWith('-'))) || (BROAD_WHOLE.has(first) && words.length === 1))
      return { severity: 'high', why: `${tool}, which can run any code or reach any host` };
    if (RUNS_OTHERS.has(first) && words.length === 1) return { severity: 'low', why: `${tool} can run other commands (aliases, hooks, -exec)` };
    return null;
  }
  if (name === 'WebFetch' && spec === undefined) return { severity: 'medium', why: 'WebFetch for any domain' };
  return null;
}

export function frontmatterHits(lines: readonly string[]): FrontmatterHit[] {
  const hits: FrontmatterHit[] = [];
  const entries = parseFrontmatterEntries(lines);
  const get = (k: string) => entries.find((e) => e.key === k);
  for (const e of entries) {
    if (e.key === 'hooks') {
      hits.push({ rule: 'skill-hooks', severity: 'high', line: e.line, message: 'the skill registers hooks: commands that run on events for the rest of the session' });
    } else if (e.key === 'allowed-tools') {
      for (const t of toolEntries(e)) {
        const b = toolBreadth(t.tool);
        if (b) hits.push({ rule: 'broad-allowed-tools', severity: b.severity, line: t.line, message: `allowed-tools pre-approves ${b.why}` });
      }
    } else if (e.key === 'context') {
      const agent = unquote(get('agent')?.value ?? '').trim();
      if (unquote(e.value) === 'fork' && agent && !BUILTIN_AGENTS.has(agent.toLowerCase())) {
        hits.push({ rule: 'frontmatter-key', severity: 'medium', line: e.line, message: `runs in a forked subagent "${agent}" with that agent's tools and permissions` });
      } else {
        hits.push({ rule: 'frontmatter-key', severity: 'low', line: e.line, message: `context: ${unquote(e.value)} (Claude Code only) changes where the skill runs` });
      }
    } else if (ACTIVE_KEYS.has(e.key)) {
      hits.push({ rule: 'frontmatter-key', severity: 'low', line: e.line, message: `${e.key} is a Claude Code key outside the Agent Skills spec; it changes how the skill runs` });
    } else if (!SPEC_KEYS.has(e.key) && !PASSIVE_KEYS.has(e.key)) {
      hits.push({ rule: 'frontmatter-key', severity: 'low', line: e.line, message: `${e.key} is not a key the Agent Skills spec or Claude Code defines` });
    }
  }
  return hits;
}
