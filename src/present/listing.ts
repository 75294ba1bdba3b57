import { LISTING_WARN_SHARE, type Listing } from '../core/claude/listing.js';
import type { Style } from './style.js';
import { count } from './words.js';

const n = (x: number) => x.toLocaleString('en-US');

/** The main session's skill listing against each budget, one line each, in yellow from 90 % on. */
export function listingLines(s: Style, listing: Listing): string[] {
  const { project } = listing;
  const head = `Skill listing of the main session: ${count(project.withDescription, 'project skill')} with description, ${n(project.nameOnly)} by name only${project.hidden ? `, ${n(project.hidden)} not listed` : ''}.`;
  return [
    s.dim(head),
    ...listing.fits.map((f) => {
      const line = `  ${f.window}-window models: ${n(f.chars)} of ${n(f.budget)} chars (${Math.round(f.share * 100)} %)${f.cut.length ? `; ${count(f.cut.length, 'skill')} lose their description` : ''}`;
      return f.share >= LISTING_WARN_SHARE ? s.yellow(line) : s.dim(line);
    }),
  ];
}
