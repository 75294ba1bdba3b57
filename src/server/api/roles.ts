import { Hono } from 'hono';
import { failure } from '../../core/errors.js';
import { roleChoices, roleDetail, roleViews } from '../../core/views/index.js';
import { renderDocument } from '../markdown.js';
import type { RoleDetailResponse, RolesResponse } from '../types.js';
import type { ProjectView } from '../view.js';
import { nameParam } from './params.js';

export function roleRoutes(view: ProjectView): Hono {
  const api = new Hono();

  api.get('/', (c) => {
    const s = view.snapshot();
    const catalog = s.catalog();
    return c.json<RolesResponse>({ ok: true, roles: roleViews(catalog, s.project().team), choices: roleChoices(catalog) });
  });

  api.get('/:name', (c) => {
    const name = nameParam(c.req.param('name'), 'role');
    const s = view.snapshot();
    const catalog = s.catalog();
    const detail = roleDetail(catalog, s.project().team, name);
    if (!detail) throw failure('unknown-role', `No role named "${name}".`, `Known roles: ${Object.keys(catalog.roles).join(', ')}.`);
    return c.json<RoleDetailResponse>({ ok: true, ...detail, rules: detail.rules.map((r) => ({ file: r.file, html: renderDocument(r.text).html })) });
  });

  return api;
}
