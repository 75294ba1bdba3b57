import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { failure, isNodeError } from '../core/errors.js';
import { createApp } from './app.js';
import { projectsBelow, singleProject } from './projects.js';
import { newToken, type Listening } from './security.js';
import { loadAssets } from './static.js';

export interface DashboardOptions {
  cwd: string;
  /** 0 picks a free port. */
  port: number;
  /** Serve every team found below this folder instead of the project around `cwd`. */
  root?: string;
}

export interface Dashboard {
  /** The project's folder, or the folder searched with --root. */
  root: string;
  /** How many teams it serves. */
  projects: number;
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: unknown) => {
      server.off('listening', onListening);
      if (isNodeError(err, 'EADDRINUSE')) {
        reject(failure('port-in-use', `Port ${port} on ${HOST} is already in use.`, 'Pick another port with --port, or leave --port out to get a free one.'));
      } else if (isNodeError(err, 'EACCES')) {
        reject(failure('port-denied', `Not allowed to listen on port ${port}.`, 'Ports below 1024 need special rights: pick a higher one, or leave --port out.'));
      } else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, HOST);
  });
}

/** Starts the dashboard for the project around `cwd`, on loopback only. */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const projects = options.root !== undefined ? projectsBelow(options.root) : singleProject(options.cwd);
  const assets = loadAssets();
  const token = newToken();
  const listening: Listening = { port: options.port };
  // The default project is opened (and watched) at once; the others when the page first asks for them.
  projects.open(undefined);
  const streams = new Set<() => void>();
  const app = createApp({ projects, token, listening, assets, streams });
  // Requests without a Host reach our check, so they too are refused with a JSON error.
  const server = createAdaptorServer({ fetch: app.fetch, hostname: HOST, serverOptions: { requireHostHeader: false } }) as Server;
  try {
    listening.port = await listen(server, options.port);
  } catch (err) {
    projects.close();
    throw err;
  }
  const url = `http://${HOST}:${listening.port}/`;
  return {
    root: projects.folder,
    projects: projects.entries.length,
    url: `${url}?token=${token}`,
    port: listening.port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        projects.close();
        for (const end of streams) end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
