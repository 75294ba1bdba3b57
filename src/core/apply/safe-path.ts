import { CLAUDE_MD } from '../paths.js';

/**
 * Paths agent-team may write or delete: CLAUDE.md and files under .claude/, relative, normalised,
 * with no `..`, empty or hidden-traversal segments.
 */
export function isManagedPath(path: string): boolean {
  if (path === CLAUDE_MD) return true;
  if (!path.startsWith('.claude/') || path.includes('\\') || path.includes('\0')) return false;
  const segments = path.split('/');
  return segments.every((s) => s !== '' && s !== '.' && s !== '..');
}
