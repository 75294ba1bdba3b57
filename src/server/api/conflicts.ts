import { Hono } from 'hono';
import type { ApiEnv } from '../env.js';
import { conflictViews } from '../conflicts.js';
import type { ConflictsResponse } from '../types.js';
import { sendPrepared } from '../view.js';

/** The files whose edits clash with what agent-team would write, each with its diffs and choices. */
export function conflictRoutes(): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.get('/', (c) => sendPrepared(c.req.header('if-none-match'), c.get('project').view.json('conflicts', (s): ConflictsResponse => ({ ok: true, conflicts: conflictViews(s) }))));
  return api;
}
