import { Hono } from 'hono';
import { agentRoutes } from './api/agents.js';
import { changeRoutes } from './api/changes.js';
import { eventRoutes } from './api/events.js';
import { overviewRoutes } from './api/overview.js';
import { roleRoutes } from './api/roles.js';
import { skillRoutes } from './api/skills.js';
import { errorResponse, HttpError } from './errors.js';
import { checkHost, guardApi, securityHeaders, type Listening } from './security.js';
import { staticRoutes, type loadAssets } from './static.js';
import type { ProjectView } from './view.js';
import type { ProjectWatcher } from './watch.js';

export interface AppDeps {
  view: ProjectView;
  watcher: ProjectWatcher;
  token: string;
  listening: Listening;
  assets: ReturnType<typeof loadAssets>;
  /** Open event streams, ended when the server stops. */
  streams: Set<() => void>;
}

/** The routes and the order of the checks: headers on everything, Host first, then /api's rules. */
export function createApp(deps: AppDeps): Hono {
  const { view, watcher } = deps;
  const app = new Hono();
  app.use('*', securityHeaders());
  app.use('*', checkHost(deps.listening));
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('/api/*', guardApi(deps.token));

  app.route('/api/overview', overviewRoutes(view));
  app.route('/api/agents', agentRoutes(view));
  app.route('/api/roles', roleRoutes(view));
  app.route('/api/skills', skillRoutes(view));
  app.route('/api/events', eventRoutes(watcher, deps.streams));
  app.route('/api', changeRoutes(view.root, () => {
    view.invalidate();
    watcher.touch();
  }));
  app.route('/', staticRoutes(deps.assets));

  app.notFound((c) => errorResponse(c, new HttpError(404, 'not-found', `Nothing at ${c.req.method} ${c.req.path}.`, 'See docs/dashboard.md for the API.')));
  app.onError((err, c) => errorResponse(c, err));
  return app;
}
