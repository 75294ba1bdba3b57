import { Hono } from 'hono';
import { overview } from '../../core/views/index.js';
import type { OverviewResponse } from '../types.js';
import type { ProjectView } from '../view.js';

export function overviewRoutes(view: ProjectView): Hono {
  const api = new Hono();
  api.get('/', (c) => c.json<OverviewResponse>({ ok: true, ...overview(view.snapshot()) }));
  return api;
}
