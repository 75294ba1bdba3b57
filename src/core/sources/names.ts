/**
 * How a git source's names meet the project's. In the team file a source's skill is named
 * `<source>:<skill>`; Claude Code's skill folders allow only `[a-z0-9-]`, so it is installed, and
 * known to the catalog, as `<source>-<skill>`. The same prefix goes on the source's roles,
 * categories and tool profiles, so nothing of a source can take the place of a library name.
 */
export const QUALIFIER = ':';

export function flatName(source: string, name: string): string {
  return `${source}-${name}`;
}

/** `acme:review` → { source: 'acme', name: 'review' }; undefined for a plain name. */
export function splitQualified(text: string): { source: string; name: string } | undefined {
  const at = text.indexOf(QUALIFIER);
  if (at <= 0 || at === text.length - 1 || text.indexOf(QUALIFIER, at + 1) >= 0) return undefined;
  return { source: text.slice(0, at), name: text.slice(at + 1) };
}
