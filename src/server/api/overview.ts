import { Hono } from 'hono';
import { overview } from '../../core/views/index.js';
import type { ApiEnv } from '../env.js';
import type { OverviewResponse } from '../types.js';
import { sendPrepared } from '../view.js';

export function overviewRoutes(): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.get('/', (c) => sendPrepared(c.req.header('if-none-match'), c.get('project').view.json('overview', (s): OverviewResponse => ({ ok: true, ...overview(s) }))));
  return api;
}
