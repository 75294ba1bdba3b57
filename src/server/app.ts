import { Hono, type MiddlewareHandler } from 'hono';
import { agentRoutes } from './api/agents.js';
import { changeRoutes } from './api/changes.js';
import { conflictRoutes } from './api/conflicts.js';
import { eventRoutes } from './api/events.js';
import { overviewRoutes } from './api/overview.js';
import { projectRoutes } from './api/projects.js';
import { roleRoutes } from './api/roles.js';
import { skillRoutes } from './api/skills.js';
import { teamRoutes } from './api/team.js';
import type { ApiEnv } from './env.js';
import { errorResponse, HttpError } from './errors.js';
import type { Projects } from './projects.js';
import { API_HEADERS, checkHost, guardApi, SECURITY_HEADERS, securityHeaders, type Listening } from './security.js';
import { staticRoutes, type loadAssets } from './static.js';

export interface AppDeps {
  projects: Projects;
  token: string;
  listening: Listening;
  assets: ReturnType<typeof loadAssets>;
  /** Open event streams, ended when the server stops. */
  streams: Set<() => void>;
}

const MAX_PROJECT_ID = 1024;

/**
 * Picks the project a request is about from its `project` query parameter (the default project
 * without one). Only ids of teams found when the dashboard started are accepted: the value is a
 * key, never a path.
 */
function selectProject(projects: Projects): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const given = c.req.queries('project');
    if (given && (given.length > 1 || given[0]!.length > MAX_PROJECT_ID)) {
      throw new HttpError(400, 'invalid-project', 'Name one project, by the id /api/projects lists.');
    }
    const opened = projects.open(given?.[0]);
    if (!opened) {
      const known = projects.entries.map((e) => e.id);
      throw new HttpError(404, 'unknown-project', `No project "${given![0]}" below ${projects.folder}.`, `Use one of the ids /api/projects lists: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}.`);
    }
    c.set('project', opened);
    return next();
  };
}

/** The routes and the order of the checks: headers on everything, Host first, then /api's rules. */
export function createApp(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  // One set of headers per request, chosen by path, set before the handler makes its response.
  const api = securityHeaders(API_HEADERS);
  const page = securityHeaders(SECURITY_HEADERS);
  app.use('*', (c, next) => (c.req.path === '/api' || c.req.path.startsWith('/api/') ? api(c, next) : page(c, next)));
  app.use('*', checkHost(deps.listening));
  app.use('/api/*', guardApi(deps.token));
  app.route('/api/projects', projectRoutes(deps.projects));
  app.use('/api/*', selectProject(deps.projects));

  app.route('/api/overview', overviewRoutes());
  app.route('/api/agents', agentRoutes());
  app.route('/api/roles', roleRoutes());
  app.route('/api/skills', skillRoutes());
  app.route('/api/team', teamRoutes());
  app.route('/api/conflicts', conflictRoutes());
  app.route('/api/events', eventRoutes(deps.streams));
  app.route('/api', changeRoutes());
  app.route('/', staticRoutes(deps.assets));

  app.notFound((c) => errorResponse(c, new HttpError(404, 'not-found', `Nothing at ${c.req.method} ${c.req.path}.`, 'See docs/dashboard.md for the API.')));
  app.onError((err, c) => errorResponse(c, err));
  return app;
}
