import { Hono } from 'hono';
import { overview } from '../../core/views/index.js';
import type { ApiEnv } from '../env.js';
import type { OverviewResponse } from '../types.js';

export function overviewRoutes(): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.get('/', (c) => c.json<OverviewResponse>({ ok: true, ...overview(c.get('project').view.snapshot()) }));
  return api;
}
