import type { OpenedProject } from './projects.js';

/** What every /api handler finds on its context: the project the request names (see app.ts). */
export interface ApiEnv {
  Variables: { project: OpenedProject };
}
