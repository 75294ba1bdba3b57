import { Hono } from 'hono';
import type { ApiEnv } from '../env.js';
import type { Projects } from '../projects.js';
import type { ProjectsResponse } from '../types.js';

/** The teams this dashboard serves, found once when it started. */
export function projectRoutes(projects: Projects): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  api.get('/', (c) =>
    c.json<ProjectsResponse>({
      ok: true,
      folder: projects.folder,
      projects: projects.entries.map(({ id, name, root }) => ({ id, name, root })),
      default: projects.default.id,
      complete: projects.complete,
    }),
  );
  return api;
}
