import { execFile } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A scripted stand-in for the Anthropic Messages API on 127.0.0.1, for driving the real pinned
 * Claude Code client offline. It records every request and answers each one from a script, so a
 * test can make the client call tools (Agent, Skill, …) and then read what the client sent next —
 * e.g. the subagent's own first request.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLAUDE_BIN = join(ROOT, 'node_modules/.bin/claude');

/** Guards against a runaway client: bodies over this are refused rather than buffered. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RecordedRequest {
  /** 0-based order of arrival across all paths. */
  index: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body ({} when empty or not JSON). */
  body: any;
}

export interface ToolUse {
  name: string;
  input: Record<string, unknown>;
  /** Defaults to a unique `toolu_stub_<n>`. */
  id?: string;
}

/** What the stub says back to one /v1/messages request. */
export type Reply =
  | { text: string }
  | { toolUses: ToolUse[]; text?: string }
  | { error: { status: number; type: string; message: string } }
  /** A stream that ends after message_start with no content: 2.1.330 then repeats the request without streaming. */
  | { brokenStream: true };

export interface ScriptRule {
  /** Which requests this rule answers; omitted = any /v1/messages request. */
  when?: (req: RecordedRequest) => boolean;
  reply: Reply | ((req: RecordedRequest) => Reply);
  /** How many requests it may answer (default 1; Infinity for always). */
  times?: number;
  /** For reading a recording: a name that ends up in `answeredBy`. */
  label?: string;
}

export interface Stub {
  url: string;
  requests: RecordedRequest[];
  /** /v1/messages requests only, in order. */
  messages: () => RecordedRequest[];
  /** For each /v1/messages request (same order as `messages()`), the label of the rule that answered it, or 'fallback'. */
  answeredBy: string[];
  close: () => Promise<void>;
}

let toolUseCounter = 0;

/**
 * Starts the stub. Rules are tried in order; the first whose `when` matches and that has uses left
 * answers. With no match the request gets `fallback` (default: the text "ok"), which also ends the
 * client's turn, so a script that runs out never loops.
 */
export function startStub(script: ScriptRule[] = [], fallback: Reply = { text: 'ok' }): Promise<Stub> {
  const requests: RecordedRequest[] = [];
  const answeredBy: string[] = [];
  const remaining = script.map((rule) => rule.times ?? 1);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: any = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = {};
      }
      const path = (req.url ?? '/').split('?')[0];
      const recorded: RecordedRequest = { index: requests.length, method: req.method ?? 'GET', path, headers: req.headers, body };
      requests.push(recorded);
      if (path.endsWith('/messages/count_tokens')) {
        // Rough is fine: the client only uses it for display and budgeting decisions.
        sendJson(res, 200, { input_tokens: Math.ceil(raw.length / 4) });
        return;
      }
      if (!path.endsWith('/v1/messages')) {
        sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `stub: no ${path}` } });
        return;
      }
      let reply = fallback;
      let label = 'fallback';
      for (let i = 0; i < script.length; i++) {
        const rule = script[i];
        if (remaining[i] <= 0) continue;
        if (rule.when && !rule.when(recorded)) continue;
        remaining[i]--;
        reply = typeof rule.reply === 'function' ? rule.reply(recorded) : rule.reply;
        label = rule.label ?? `rule ${i}`;
        break;
      }
      answeredBy.push(label);
      answer(res, body, reply);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url,
        requests,
        messages: () => requests.filter((r) => r.path.endsWith('/v1/messages')),
        answeredBy,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

function sendJson(res: import('node:http').ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function blocksOf(reply: Reply): Block[] {
  if ('error' in reply || 'brokenStream' in reply) return [];
  if ('toolUses' in reply) {
    const blocks: Block[] = reply.text ? [{ type: 'text', text: reply.text }] : [];
    for (const use of reply.toolUses) blocks.push({ type: 'tool_use', id: use.id ?? `toolu_stub_${++toolUseCounter}`, name: use.name, input: use.input });
    return blocks;
  }
  return [{ type: 'text', text: reply.text }];
}

function answer(res: import('node:http').ServerResponse, request: any, reply: Reply): void {
  if ('error' in reply) {
    sendJson(res, reply.error.status, { type: 'error', error: { type: reply.error.type, message: reply.error.message } });
    return;
  }
  if ('brokenStream' in reply && request.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: { id: 'msg_broken', type: 'message', role: 'assistant', model: request.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 1, output_tokens: 0 } } })}\n\n`);
    res.end();
    return;
  }
  if ('brokenStream' in reply) {
    res.destroy();
    return;
  }
  const blocks = blocksOf(reply);
  const stopReason = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  const usage = { input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const message = { id: `msg_stub_${Date.now()}`, type: 'message', role: 'assistant', model: request.model ?? 'stub', content: [] as Block[], stop_reason: null as string | null, stop_sequence: null, usage };
  if (!request.stream) {
    sendJson(res, 200, { ...message, content: blocks, stop_reason: stopReason });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (type: string, data: object) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  send('message_start', { message });
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 1 } });
  send('message_stop', {});
  res.end();
}

// ---------------------------------------------------------------------------------------------
// Running the client

export interface RunClaudeOptions {
  cwd: string;
  /** Arguments after `claude`; `--debug` is added unless `debug: false`. Default: `-p hi`. */
  args?: string[];
  /** Extra environment (wins over the defaults below, except HOME and the API URL). */
  env?: Record<string, string>;
  script?: ScriptRule[];
  fallback?: Reply;
  debug?: boolean;
  /** Writes `$HOME/.claude.json` marking `cwd` as trusted, for features gated on workspace trust. */
  trust?: boolean;
  /** Files to write under the throwaway HOME before the run (relative path → content). */
  homeFiles?: Record<string, string>;
  timeoutMs?: number;
  /** Reuse this HOME (e.g. a second start after the first installed something); default: a fresh one. */
  home?: string;
}

export interface ClaudeRun {
  status: number;
  stdout: string;
  stderr: string;
  /** Every request the stub saw, including non-messages paths. */
  requests: RecordedRequest[];
  /** /v1/messages requests only. */
  messages: RecordedRequest[];
  answeredBy: string[];
  /** Contents of the debug log(s) under $HOME/.claude/debug/ ('' without --debug). */
  debugLog: string;
  home: string;
}

/** Runs the pinned client once against a fresh stub and a throwaway HOME; never touches the network. */
export async function runClaude(options: RunClaudeOptions): Promise<ClaudeRun> {
  const stub = await startStub(options.script ?? [], options.fallback);
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'claude-home-'));
  try {
    for (const [rel, content] of Object.entries(options.homeFiles ?? {})) {
      if (rel.split(/[\\/]/).includes('..')) throw new Error(`homeFiles: ${rel} leaves HOME`);
      const file = join(home, rel);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, content);
    }
    if (options.trust && !options.home) {
      writeFileSync(join(home, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true, projects: { [options.cwd]: { hasTrustDialogAccepted: true } } }));
    }
    const args = [...(options.args ?? ['-p', 'hi'])];
    if (options.debug !== false && !args.includes('--debug')) args.unshift('--debug');
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      ANTHROPIC_API_KEY: 'dummy',
      // Task transcripts otherwise go to /tmp/claude-<uid>/, outliving the run.
      CLAUDE_CODE_TMPDIR: join(home, 'tmp'),
      ...options.env,
      HOME: home,
      ANTHROPIC_BASE_URL: stub.url,
    };
    const { status, stdout, stderr } = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(CLAUDE_BIN, args, { cwd: options.cwd, env, timeout: options.timeoutMs ?? 20_000, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) => {
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(out), stderr: String(err) });
      });
      // An open stdin makes `-p` wait 3 s for piped input.
      child.stdin?.end();
    });
    return { status, stdout, stderr, requests: stub.requests, messages: stub.messages(), answeredBy: stub.answeredBy, debugLog: readDebugLog(home), home };
  } finally {
    await stub.close();
  }
}

function readDebugLog(home: string): string {
  const dir = join(home, '.claude', 'debug');
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

/** Removes a HOME left by runClaude (callers keep it when they want to inspect it). */
export function removeHome(run: ClaudeRun): void {
  rmSync(run.home, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Reading a request

type Req = RecordedRequest | { body: any };
const bodyOf = (req: Req | undefined) => req?.body ?? {};

/** The system prompt as one text (blocks joined by a newline). */
export function systemText(req: Req): string {
  const system = bodyOf(req).system;
  if (typeof system === 'string') return system;
  if (Array.isArray(system)) return system.map((b: any) => (typeof b?.text === 'string' ? b.text : '')).join('\n');
  return '';
}

export function toolNames(req: Req): string[] {
  const tools = bodyOf(req).tools;
  return Array.isArray(tools) ? tools.map((t: any) => String(t?.name)) : [];
}

export function toolSchema(req: Req, name: string): any {
  const tools = bodyOf(req).tools;
  return Array.isArray(tools) ? tools.find((t: any) => t?.name === name) : undefined;
}

function textOfContent(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  const out: string[] = [];
  for (const block of content) {
    if (block?.type === 'text' && typeof block.text === 'string') out.push(block.text);
    else if (block?.type === 'tool_result') out.push(...textOfContent(block.content));
  }
  return out;
}

/** Every text in the messages (user and assistant text, tool results), joined by a newline. */
export function messagesText(req: Req): string {
  const messages = bodyOf(req).messages;
  if (!Array.isArray(messages)) return '';
  return messages.flatMap((m: any) => textOfContent(m?.content)).join('\n');
}

/** The tool_use blocks the conversation so far contains (from the assistant turns). */
export function toolUsesIn(req: Req): Array<{ id: string; name: string; input: any }> {
  const messages = bodyOf(req).messages;
  if (!Array.isArray(messages)) return [];
  return messages.flatMap((m: any) => (Array.isArray(m?.content) ? m.content.filter((b: any) => b?.type === 'tool_use') : []));
}

/** The content of the tool_result answering `toolUseId`, as text; undefined when absent. */
export function toolResult(req: Req, toolUseId: string): string | undefined {
  const messages = bodyOf(req).messages;
  if (!Array.isArray(messages)) return undefined;
  for (const m of messages) {
    if (!Array.isArray(m?.content)) continue;
    for (const block of m.content) {
      if (block?.type === 'tool_result' && block.tool_use_id === toolUseId) return textOfContent(block.content).join('\n');
    }
  }
  return undefined;
}

export const hasToolResult = (req: Req, toolUseId: string) => toolResult(req, toolUseId) !== undefined;

export interface SkillListingEntry {
  /** The name to invoke it by (for project skills: the directory name). */
  name: string;
  /** The frontmatter `name`, listed in parentheses when it differs from the directory. */
  shownAs?: string;
  /** The description as listed ('' when the client cut it to the name). */
  description: string;
  hasDescription: boolean;
}

export interface SkillListing {
  /** The listing lines exactly as sent (one `- name[: description]` per skill). */
  text: string;
  entries: SkillListingEntry[];
}

const LISTING_HEADER = 'The following skills are available for use with the Skill tool:\n\n';

/**
 * Every skill listing in the conversation, oldest first: the initial one, then any the client
 * added later (skills activated by `paths:` or found in a nested .claude/skills). In 2.1.330 a
 * listing is a line announcing the skills available to the Skill tool, a blank line, then one
 * `- name: description` entry per skill (`- name` when the budget cut the description). A
 * description may span lines; the listing ends at a blank line or at the end of its reminder.
 */
export function skillListings(req: Req): SkillListing[] {
  const all = messagesText(req);
  const listings: SkillListing[] = [];
  for (let at = all.indexOf(LISTING_HEADER); at >= 0; at = all.indexOf(LISTING_HEADER, at + 1)) {
    const start = at + LISTING_HEADER.length;
    const ends = [all.indexOf('\n\n', start), all.indexOf('\n</system-reminder>', start), all.indexOf(LISTING_HEADER, start)].filter((i) => i >= 0);
    const text = all.slice(start, ends.length ? Math.min(...ends) : undefined).replace(/\n+$/, '');
    const entries: SkillListingEntry[] = [];
    for (const line of text.split('\n')) {
      const entry = /^- ([^\s:]+(?::[^\s:]+)*)(?: \(([^)\n]*)\))?(?:: (.*))?$/.exec(line);
      if (entry) entries.push({ name: entry[1], ...(entry[2] !== undefined && { shownAs: entry[2] }), description: entry[3] ?? '', hasDescription: entry[3] !== undefined });
      else if (entries.length > 0) entries[entries.length - 1].description += `\n${line}`;
    }
    listings.push({ text, entries });
  }
  return listings;
}

/** The first (initial) skill listing of the conversation, or undefined when there is none. */
export function skillListing(req: Req): SkillListing | undefined {
  return skillListings(req)[0];
}

// ---------------------------------------------------------------------------------------------
// Matchers for script rules

/** The request's system prompt contains `text` (e.g. a line of an agent body: the subagent's request). */
export const systemIncludes = (text: string) => (req: RecordedRequest) => systemText(req).includes(text);
/** The request answers the tool call `id` (the main session resuming after a tool ran). */
export const answers = (id: string) => (req: RecordedRequest) => hasToolResult(req, id);
/** The conversation's first user text contains `text`. */
export const promptIncludes = (text: string) => (req: RecordedRequest) => messagesText(req).includes(text);
/** Both predicates hold. */
export const both = (a: (r: RecordedRequest) => boolean, b: (r: RecordedRequest) => boolean) => (r: RecordedRequest) => a(r) && b(r);
export const not = (a: (r: RecordedRequest) => boolean) => (r: RecordedRequest) => !a(r);
