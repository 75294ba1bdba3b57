declare const __AGENT_TEAM_VERSION__: string | undefined;
declare const __AGENT_TEAM_BUILD__: string | undefined;

/** Replaced at build time; tests that run the sources see the development marker. */
export const VERSION: string = typeof __AGENT_TEAM_VERSION__ === 'string' ? __AGENT_TEAM_VERSION__ : '0.0.0-dev';
export const GENERATOR = `agent-team@${VERSION}`;

/** Which build this is: caches of derived data (cache.ts) never outlive the code that made them. */
export const BUILD: string = typeof __AGENT_TEAM_BUILD__ === 'string' ? __AGENT_TEAM_BUILD__ : `dev-${process.pid}`;
