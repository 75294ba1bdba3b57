import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { failure } from '../../core/errors.js';
import type { CatalogSkill } from '../../core/library/model.js';
import { own } from '../../core/own.js';
import { agentViews, skillFiles, skillViews } from '../../core/views/index.js';
import { HttpError } from '../errors.js';
import { renderDocument, type LinkContext } from '../markdown.js';
import type { SkillDetailResponse, SkillFileResponse, SkillsResponse, SkillSummary } from '../types.js';
import type { ApiEnv } from '../env.js';
import type { ProjectView } from '../view.js';
import { filePathParam, nameParam } from './params.js';

const MAX_FILE_BYTES = 512 * 1024;

export function skillRoutes(): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();

  const summaries = (view: ProjectView): SkillSummary[] =>
    view.cached('skills', (s) => {
      let agents: ReturnType<typeof agentViews> = [];
      try {
        agents = agentViews(s);
      } catch {
        // The team does not resolve right now; the skills are still worth browsing.
      }
      return skillViews(s.catalog(), agents);
    });

  const find = (view: ProjectView, name: string): { skill: CatalogSkill; summary: SkillSummary } => {
    const skill = own(view.snapshot().catalog().skills, name);
    const summary = summaries(view).find((s) => s.name === name);
    if (!skill || !summary) throw failure('unknown-skill', `No skill named "${name}".`, 'Search the skills page for the right name.');
    return { skill, summary };
  };

  const links = (name: string, dir: string, files: Array<{ path: string }>): LinkContext => ({
    dir,
    files: new Set(files.map((f) => f.path)),
    route: (path) => `#/skills/${name}/${path.split('/').map(encodeURIComponent).join('/')}`,
  });

  api.get('/', (c) => {
    const { view } = c.get('project');
    const q = (c.req.query('q') ?? '').trim().toLowerCase();
    const { category, tag, role } = c.req.query();
    const all = summaries(view);
    const skills = all.filter(
      (s) =>
        (!q || s.name.includes(q) || s.description.toLowerCase().includes(q) || s.tags.some((t) => t.toLowerCase().includes(q))) &&
        (!category || s.category === category) &&
        (!tag || s.tags.includes(tag)) &&
        (!role || s.roles.includes(role)),
    );
    const catalog = view.snapshot().catalog();
    return c.json<SkillsResponse>({
      ok: true,
      skills,
      total: all.length,
      facets: {
        categories: Object.entries(catalog.categories).map(([name, v]) => ({ name, title: v.title })),
        tags: [...new Set(all.flatMap((s) => s.tags))].sort(),
        roles: Object.keys(catalog.roles),
      },
    });
  });

  api.get('/:name', (c) => {
    const { skill, summary } = find(c.get('project').view, nameParam(c.req.param('name'), 'skill'));
    const files = skillFiles(skill);
    const { html, frontmatter } = renderDocument(readFileSync(join(skill.dir, 'SKILL.md'), 'utf8'), links(skill.name, '', files));
    return c.json<SkillDetailResponse>({ ok: true, skill: summary, html, frontmatter, files });
  });

  api.get('/:name/files/:path{.+}', (c) => {
    const { skill } = find(c.get('project').view, nameParam(c.req.param('name'), 'skill'));
    const path = filePathParam(c.req.param('path'));
    const files = skillFiles(skill);
    const file = files.find((f) => f.path === path);
    // Only files listed from the folder itself are served: the name never becomes a path on its own.
    if (!file) throw failure('unknown-file', `Skill ${skill.name} has no file ${path}.`);
    if (file.size > MAX_FILE_BYTES) throw new HttpError(413, 'file-too-large', `${path} is too large to show here.`);
    const text = readFileSync(join(skill.dir, file.path), 'utf8');
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const markdown = /\.md$/i.test(path);
    return c.json<SkillFileResponse>({
      ok: true,
      skill: skill.name,
      path,
      html: markdown ? renderDocument(text, links(skill.name, dir, files)).html : null,
      text: markdown ? null : text,
    });
  });

  return api;
}
