import { fstatSync } from 'node:fs';
import { isatty } from 'node:tty';

export { write } from './fd-write.js';

/**
 * A terminal on that descriptor, asked without creating its stream. Only a character device can
 * be one, so a pipe or a file is answered by one stat, without loading the tty module (which
 * brings net with it; the build loads it on first use).
 */
export function isTerminal(fd: 0 | 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return isatty(fd);
}
