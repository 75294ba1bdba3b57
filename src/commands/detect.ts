import type { Context } from '../cli/context.js';
import { detectFolder } from '../core/detect/index.js';
import { detectionLines } from '../present/detect.js';

export async function run(ctx: Context): Promise<void> {
  const { root, initialised, catalog, detection } = await ctx.out.during('Looking at the project...', () => detectFolder(ctx.cwd));
  ctx.out.result(
    { command: 'detect', root, packages: detection.packages, stack: detection.stack, proposal: detection.proposal, unowned: detection.unowned, truncated: detection.truncated },
    () => detectionLines(ctx.out.style, root, initialised, catalog, detection),
  );
}
