import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken, tokenChecker } from '../src/server/security.js';
import { ProjectView } from '../src/server/view.js';
import type { ProjectWatcher } from '../src/server/watch.js';
import { MINI_LIBRARY, run, tempDir } from './helpers/cli.js';
import { call, startDashboard, waitFor, type Dashboard } from './helpers/dashboard.js';

const lib = { library: MINI_LIBRARY };

function project(): string {
  const dir = tempDir('agent-team-reads-');
  expect(run(['init'], { cwd: dir, ...lib }).code).toBe(0);
  expect(run(['add', 'web', 'fe', '--framework', 'react'], { cwd: dir, ...lib }).code).toBe(0);
  return dir;
}

describe('the read side, once per change', () => {
  it('keeps one snapshot and one serialised body until the watcher reports a change, touching no file in between', () => {
    const dir = project();
    const previous = process.env.AGENT_TEAM_LIBRARY;
    process.env.AGENT_TEAM_LIBRARY = MINI_LIBRARY;
    try {
      const watcher = { version: 0 } as ProjectWatcher;
      const view = new ProjectView(dir, watcher);
      const first = view.snapshot();
      const body = view.json('names', (s) => ({ agents: Object.keys(s.project().team.agents ?? {}) }));
      expect(JSON.parse(Buffer.from(body.body).toString('utf8'))).toEqual({ agents: ['web'] });
      // With the team file gone, a view that looked at the disk per request would fail now.
      renameSync(join(dir, '.claude/agent-team.yaml'), join(dir, '.claude/away.yaml'));
      expect(view.snapshot()).toBe(first);
      expect(view.json('names', () => ({ recomputed: true }))).toBe(body);
      renameSync(join(dir, '.claude/away.yaml'), join(dir, '.claude/agent-team.yaml'));
      expect(run(['add', 'api', 'be'], { cwd: dir, ...lib }).code).toBe(0);
      watcher.version += 1;
      expect(view.snapshot()).not.toBe(first);
      const after = view.json('names', (s) => ({ agents: Object.keys(s.project().team.agents ?? {}).sort() }));
      expect(JSON.parse(Buffer.from(after.body).toString('utf8'))).toEqual({ agents: ['api', 'web'] });
      expect(after.etag).not.toBe(body.etag);
      expect(after.headers['Content-Length']).toBe(String(after.body.byteLength));
    } finally {
      if (previous === undefined) delete process.env.AGENT_TEAM_LIBRARY;
      else process.env.AGENT_TEAM_LIBRARY = previous;
    }
  });
});

describe('the token check', () => {
  it('accepts the token only, whatever the length or characters of a wrong one', () => {
    const token = newToken();
    const check = tokenChecker(token);
    expect(check(token)).toBe(true);
    expect(check(undefined)).toBe(false);
    expect(check('')).toBe(false);
    expect(check(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(check(`${token}x`)).toBe(false);
    // Same number of characters, more bytes: still refused, never a comparison of unequal lengths.
    expect(check(`${token.slice(0, -1)}é`)).toBe(false);
  });
});

describe('prepared answers over HTTP', () => {
  let dir: string;
  let d: Dashboard;
  beforeAll(async () => {
    dir = project();
    d = await startDashboard(dir, lib);
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('sends the same bytes and ETag until the project changes, with every security header, and 304 to a browser that has them', async () => {
    const a = await call(d, '/api/agents');
    const b = await call(d, '/api/agents');
    expect(a.status).toBe(200);
    expect(a.json().agents.map((x: { name: string }) => x.name)).toEqual(['web']);
    expect(b.text).toBe(a.text);
    expect(a.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(b.headers.etag).toBe(a.headers.etag);
    for (const r of [a, b]) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['cache-control']).toBe('no-store');
      expect(String(r.headers['content-security-policy'])).toContain("default-src 'none'");
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
    }
    const cached = await call(d, '/api/agents', { headers: { 'If-None-Match': String(a.headers.etag) } });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe('');
    expect(cached.headers['cache-control']).toBe('no-store');
    // The token is still checked before any prepared answer.
    expect((await call(d, '/api/agents', { token: 'wrong' })).status).toBe(401);

    expect(run(['add', 'api', 'be'], { cwd: dir, ...lib }).code).toBe(0);
    const changed = await waitFor('the new agent in /api/agents', async () => {
      const r = await call(d, '/api/agents');
      return r.json().agents.length === 2 ? r : undefined;
    });
    expect(changed.headers.etag).not.toBe(a.headers.etag);
    expect((await call(d, '/api/agents', { headers: { 'If-None-Match': String(a.headers.etag) } })).status).toBe(200);
  });

  it('answers a bad Host and an unknown path with the security headers too', async () => {
    for (const r of [await call(d, '/api/agents', { host: 'evil.example:80' }), await call(d, '/api/nothing-here'), await call(d, '/', { token: null })]) {
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    }
  });
});
