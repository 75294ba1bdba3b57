import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Eta } from 'eta';

type TemplateFunction = ReturnType<Eta['compile']>;

export interface Templates {
  agent: TemplateFunction;
  claudeMd: TemplateFunction;
  memory: TemplateFunction;
  lessons: string;
}

// Control lines end in -%> to drop their own newline; everything else is kept as written.
const eta = new Eta({ autoEscape: false, autoTrim: false, useWith: false, cache: false });
const loaded = new Map<string, Templates>();

/** The package's templates, each compiled once per process. */
export function loadTemplates(dir: string): Templates {
  let templates = loaded.get(dir);
  if (!templates) {
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    templates = {
      agent: eta.compile(read('agent.md.tmpl')),
      claudeMd: eta.compile(read('CLAUDE.md.tmpl')),
      memory: eta.compile(read('knowledge.md.tmpl')),
      lessons: read('lessons.md.tmpl'),
    };
    loaded.set(dir, templates);
  }
  return templates;
}

export function renderTemplate(template: TemplateFunction, data: object): string {
  return eta.render(template, data);
}

/** Trims trailing spaces, collapses runs of blank lines and ends with one newline. */
export function tidy(markdown: string): string {
  return `${markdown.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}
