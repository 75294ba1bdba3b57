import type { Context } from '../cli/context.js';
import { write } from '../cli/stdio.js';
import { renderSkillsIndex } from '../present/skills-index.js';
import { catalogAt, roleViews, skillViews, takeSnapshot, teamView } from '../core/views/index.js';
import { teamLines } from '../present/agents.js';
import { presetLines, roleLines, skillLines } from '../present/catalog.js';

interface ListOptions {
  roles?: boolean;
  skills?: boolean;
  presets?: boolean;
  markdown?: boolean;
}

export async function run(ctx: Context, opts: Record<string, unknown>): Promise<void> {
  const options = opts as ListOptions;
  const s = ctx.out.style;
  if (!options.roles && !options.skills && !options.presets) {
    const view = teamView(takeSnapshot(ctx.cwd));
    ctx.out.result({ ...view, activeFile: view.active?.file ?? null, active: view.active?.agent ?? null }, () => teamLines(s, view));
    return;
  }
  const { catalog, root } = catalogAt(ctx.cwd);
  if (options.roles) {
    const roles = roleViews(catalog);
    ctx.out.result({ roles }, () => roleLines(s, roles));
  } else if (options.skills) {
    if (options.markdown) {
      write(1, renderSkillsIndex(catalog));
      return;
    }
    const skills = skillViews(catalog, root ? teamView(takeSnapshot(root)).agents : []);
    ctx.out.result({ skills }, () => skillLines(s, catalog, skills));
  } else {
    const presets = Object.entries(catalog.presets).map(([name, p]) => ({ name, description: p.description, agents: p.agents }));
    ctx.out.result({ presets }, () => presetLines(s, presets));
  }
}
