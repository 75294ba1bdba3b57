import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll } from 'vitest';
import { BIN, ROOT } from './cli.js';

/**
 * Runs the built CLI's `agent-team ui --json --no-open` as a user would and talks to it over
 * loopback with node:http, which (unlike fetch) lets a test send any Host or Origin header.
 */
export interface Dashboard {
  url: string;
  port: number;
  token: string;
  origin: string;
  proc: ChildProcess;
  stderr: () => string;
  /** Sends a signal and resolves with the exit code; kills hard if it does not stop in time. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

const running = new Set<Dashboard>();
afterAll(async () => {
  await Promise.all([...running].map((d) => d.stop('SIGKILL')));
});

export interface StartOptions {
  library?: string;
  args?: string[];
  env?: Record<string, string | undefined>;
}

/** The process and its output, for tests that expect `ui` to fail. */
export function spawnUi(cwd: string, options: StartOptions = {}): ChildProcess {
  return spawn(process.execPath, [BIN, 'ui', '--json', '--no-open', ...(options.args ?? ['--port', '0'])], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', DISPLAY: undefined, WAYLAND_DISPLAY: undefined, AGENT_TEAM_LIBRARY: options.library, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function exitOf(proc: ChildProcess, timeoutMs = 10_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (d) => (stdout += d));
  proc.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`agent-team ui did not exit within ${timeoutMs} ms. stderr: ${stderr}`));
    }, timeoutMs);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function startDashboard(cwd: string, options: StartOptions = {}): Promise<Dashboard> {
  const proc = spawnUi(cwd, options);
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const first = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`agent-team ui printed no URL line within 15 s. stdout: ${out} stderr: ${stderr}`));
    }, 15_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const end = out.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, end));
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`agent-team ui exited with ${code} before listening. stdout: ${out} stderr: ${stderr}`));
    });
  });
  const { url, port, token } = JSON.parse(first) as { url: string; port: number; token: string };
  const dashboard: Dashboard = {
    url,
    port,
    token,
    origin: `http://127.0.0.1:${port}`,
    proc,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      running.delete(dashboard);
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  running.add(dashboard);
  return dashboard;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => any;
}

export interface RequestOptions {
  method?: string;
  /** Defaults to `127.0.0.1:<port>`; null sends none. */
  host?: string | null;
  /** Defaults to the dashboard's own origin for POST and to none for GET; null sends none. */
  origin?: string | null;
  /** Defaults to the dashboard's token; null sends none. */
  token?: string | null;
  contentType?: string;
  body?: unknown;
  raw?: string | Buffer;
  /** Send the body in chunks without a Content-Length. */
  chunked?: boolean;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export function call(d: Dashboard, path: string, options: RequestOptions = {}): Promise<Reply> {
  const method = options.method ?? (options.body !== undefined || options.raw !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { ...options.headers };
  const host = options.host === undefined ? `127.0.0.1:${d.port}` : options.host;
  if (host !== null) headers.Host = host;
  const origin = options.origin === undefined ? (method === 'GET' ? undefined : d.origin) : options.origin;
  if (origin) headers.Origin = origin;
  const token = options.token === undefined ? d.token : options.token;
  if (token !== null) headers['X-Agent-Team-Token'] = token;
  const payload = options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  if (payload !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  if (payload !== undefined && !options.chunked) headers['Content-Length'] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: d.port, path, method, headers, setHost: false, timeout: options.timeoutMs ?? 20_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    if (payload !== undefined && options.chunked) {
      const buf = Buffer.from(payload);
      for (let i = 0; i < buf.length; i += 8192) req.write(buf.subarray(i, i + 8192));
    } else if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Shows the plan of a change, then applies exactly that plan, as the page does. */
export async function planAndApply(d: Dashboard, action: string, input: unknown): Promise<{ plan: any; applied: Reply }> {
  const plan = await call(d, '/api/plan', { body: { action, input } });
  if (plan.status !== 200) throw new Error(`plan ${action} failed: ${plan.status} ${plan.text}`);
  const applied = await call(d, '/api/apply', { body: { action, input, planDigest: plan.json().planDigest } });
  return { plan: plan.json(), applied };
}

/** Follows /api/events; `next` resolves with the next event of that type or fails after the timeout. */
export function followEvents(d: Dashboard) {
  const seen: Array<{ event: string; data: string }> = [];
  const waiters: Array<{ type: string; resolve: (e: { event: string; data: string }) => void }> = [];
  let buffer = '';
  const req = httpRequest({ host: '127.0.0.1', port: d.port, path: '/api/events', headers: { Host: `127.0.0.1:${d.port}`, 'X-Agent-Team-Token': d.token }, setHost: false }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
        if (!event) continue;
        const e = { event, data };
        const i = waiters.findIndex((w) => w.type === event);
        if (i >= 0) waiters.splice(i, 1)[0]!.resolve(e);
        else seen.push(e);
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return {
    next(type: string, timeoutMs = 10_000): Promise<{ event: string; data: string }> {
      const i = seen.findIndex((e) => e.event === type);
      if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${type}" event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ type, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    /** Forgets events seen so far, e.g. those of the test's own setup. */
    clear: () => void seen.splice(0),
    close: () => req.destroy(),
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The browser side of the dashboard's tests: Debian's Chromium driven by playwright-core, one
 * browser per test file (pages are reused), and axe-core from node_modules run inside the page.
 */
export const CHROMIUM = process.env.AGENT_TEAM_CHROMIUM ?? '/usr/bin/chromium';
export const SHOTS = join(ROOT, 'test-output', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: install it (apt-get install chromium; .ci/run does this) to run the dashboard's browser tests.`);
  }
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 30_000,
  });
}

/** A page that records script errors and Content-Security-Policy violations (they are console errors). */
export async function openPage(browser: Browser, options: { width?: number; height?: number; scheme?: 'light' | 'dark' } = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 860 }, colorScheme: options.scheme ?? 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page, problems };
}

let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core on the page as it is and returns its violations. The source is evaluated through
 * the debugging protocol, which the page's Content-Security-Policy does not govern, so the
 * policy stays as strict as in real use.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // Also the experimental rule for names that do not start with the visible words (issue 13 met it).
    const result = await (window as any).axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: any) => n.target.join(' ')) }));
  });
}

/** Violations axe rates serious or critical: the ones the dashboard must not have. */
export const seriousOnes = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
