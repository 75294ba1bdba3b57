import type { Listing } from '../core/claude/listing.js';
import type { Finding } from '../core/views/index.js';
import { listingLines } from './listing.js';
import { CLI, type Style } from './style.js';
import { count } from './words.js';

/** How a terminal user fixes each kind of finding, appended to the engine's words. */
const CLI_FIX: Record<string, string> = {
  'drift:create': `: run ${CLI} sync`,
  'drift:update': `: run ${CLI} sync`,
  'drift:delete': `: run ${CLI} sync`,
  'drift:conflict:edited': ` (kept; ${CLI} sync --force replaces it)`,
  'active-agent-missing': `; run ${CLI} switch`,
  'version-drift': `; ${CLI} sync --versions records the new major`,
  'listing-budget': '; fewer skills, or `skillOverrides: {"<skill>": "name-only"}` in .claude/settings.json for the ones the main session does not need',
  'agents-alike': `; give each its own folders (\`paths:\` in the team file) or stack, or remove one with ${CLI} remove`,
};

/** Findings as the CLI reports them, in JSON and on screen. */
export function cliFindings(findings: Finding[]): Finding[] {
  return findings.map((f) => ({ ...f, message: `${f.message}${(f.code && Object.hasOwn(CLI_FIX, f.code) ? CLI_FIX[f.code] : '') ?? ''}` }));
}

export function doctorLines(s: Style, findings: Finding[], listing?: Listing): string[] {
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.length - errors;
  return [
    ...(listing ? listingLines(s, listing) : []),
    ...findings.map((f) => `${f.level === 'error' ? s.red('error  ') : s.yellow('warning')} ${f.file}: ${f.message}`),
    findings.length === 0 ? s.green('Everything agent-team manages is valid and in sync.') : `${count(errors, 'error')}, ${count(warnings, 'warning')}.`,
  ];
}
