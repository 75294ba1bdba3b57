import { Hono } from 'hono';
import { failure, isAgentTeamError } from '../../core/errors.js';
import { catalogWithoutOverride, overrideFacts, roleChoices, roleDetail, roleViews } from '../../core/views/index.js';
import type { ApiEnv } from '../env.js';
import { renderDocument } from '../markdown.js';
import type { RoleDetailResponse, RolesResponse } from '../types.js';
import { sendPrepared } from '../view.js';
import { nameParam } from './params.js';

export function roleRoutes(): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();

  api.get('/', (c) =>
    sendPrepared(
      c.req.header('if-none-match'),
      c.get('project').view.json('roles', (s): RolesResponse => ({ ok: true, roles: roleViews(s.catalog(), s.project().team), choices: roleChoices(s.catalog()) })),
    ),
  );

  api.get('/:name', (c) => {
    const name = nameParam(c.req.param('name'), 'role');
    const { view } = c.get('project');
    const s = view.snapshot();
    const catalog = s.catalog();
    const detail = roleDetail(catalog, s.project().team, name);
    if (!detail) throw failure('unknown-role', `No role named "${name}".`, `Known roles: ${Object.keys(catalog.roles).join(', ')}.`);
    // What the override editor checks a new override against: the catalog without the current one.
    const facts = view.cached(`override-facts:${name}`, (snap) => {
      try {
        return overrideFacts(catalogWithoutOverride(snap.root, snap.project().team, name), name);
      } catch (err) {
        if (isAgentTeamError(err)) return null;
        throw err;
      }
    });
    return c.json<RoleDetailResponse>({ ok: true, ...detail, rules: detail.rules.map((r) => ({ file: r.file, html: renderDocument(r.text).html })), facts });
  });

  return api;
}
