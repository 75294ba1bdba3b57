import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Eta } from 'eta';
import { sha256 } from '../hash.js';

type TemplateFunction = ReturnType<Eta['compile']>;

/** A template's text, compiled when it is first rendered: an unchanged agent is never rendered (render/project.ts). */
export interface Template {
  text: string;
  compiled?: TemplateFunction;
}

export interface Templates {
  /** Changes with any template's text. */
  digest: string;
  agent: Template;
  claudeMd: Template;
  memory: Template;
  lessons: string;
}

// Control lines end in -%> to drop their own newline; everything else is kept as written.
const eta = new Eta({ autoEscape: false, autoTrim: false, useWith: false, cache: false });
const loaded = new Map<string, Templates>();

/** The package's templates, each read once per process and compiled once, when first rendered. */
export function loadTemplates(dir: string): Templates {
  let templates = loaded.get(dir);
  if (!templates) {
    const texts = Object.fromEntries(['agent.md.tmpl', 'CLAUDE.md.tmpl', 'MEMORY.md.tmpl', 'lessons.md.tmpl'].map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
    templates = {
      digest: sha256(JSON.stringify(texts)),
      agent: { text: texts['agent.md.tmpl']! },
      claudeMd: { text: texts['CLAUDE.md.tmpl']! },
      memory: { text: texts['MEMORY.md.tmpl']! },
      lessons: texts['lessons.md.tmpl']!,
    };
    loaded.set(dir, templates);
  }
  return templates;
}

export function renderTemplate(template: Template, data: object): string {
  return eta.render((template.compiled ??= eta.compile(template.text)), data);
}

/** Trims trailing spaces, collapses runs of blank lines and ends with one newline. */
export function tidy(markdown: string): string {
  return `${markdown.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
