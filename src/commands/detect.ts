import type { Context } from '../context.js';
import { failure } from '../core/errors.js';

export async function run(_ctx: Context): Promise<void> {
  throw failure('not-built', '`agent-team detect` is not built yet.', 'Use the other commands meanwhile.');
}
