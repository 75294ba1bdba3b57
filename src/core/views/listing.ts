import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FrontmatterError, parseFrontmatter } from '../claude/frontmatter.js';
import { measureListing, type Listing, type ListingSettings, type ProjectSkill } from '../claude/listing.js';
import { readSettings } from '../claude/settings.js';
import { isAgentTeamError } from '../errors.js';
import { own } from '../own.js';
import { cached } from '../cache.js';
import { sha256 } from '../hash.js';
import { SETTINGS_LOCAL, SETTINGS_SHARED } from '../paths.js';

const MAX_SKILLS = 2000;

function isDir(abs: string): boolean {
  try {
    return lstatSync(abs).isDirectory();
  } catch {
    return false;
  }
}

/** The settings that shape the listing; the local file wins over the shared one, key by key. */
function listingSettings(root: string): { settings: ListingSettings; overrides: Record<string, unknown> } {
  const settings: ListingSettings = {};
  const overrides: Record<string, unknown> = {};
  for (const path of [SETTINGS_SHARED, SETTINGS_LOCAL]) {
    let data: Record<string, unknown>;
    try {
      data = readSettings(root, path).data;
    } catch (err) {
      if (!isAgentTeamError(err)) throw err;
      continue; // doctor reports the file; Claude Code skips it
    }
    const fraction = own(data, 'skillListingBudgetFraction');
    if (typeof fraction === 'number' && fraction > 0 && fraction <= 1) settings.budgetFraction = fraction;
    const max = own(data, 'skillListingMaxDescChars');
    if (typeof max === 'number' && max > 0) settings.maxDescChars = max;
    if (own(data, 'disableBundledSkills') === true) settings.disableBundledSkills = true;
    const o = own(data, 'skillOverrides');
    if (o && typeof o === 'object' && !Array.isArray(o)) for (const [k, v] of Object.entries(o)) overrides[k] = v;
  }
  return { settings, overrides };
}

interface ListingFacts {
  text: string;
  hidden: boolean;
}

/** What the listing takes from a SKILL.md's frontmatter; undefined when Claude Code would skip the file. */
function listingFacts(text: string): ListingFacts | undefined {
  let data: Record<string, unknown>;
  try {
    data = parseFrontmatter(text).data;
  } catch (err) {
    if (err instanceof FrontmatterError) return undefined;
    throw err;
  }
  const description = typeof data.description === 'string' ? data.description : '';
  const when = typeof data.when_to_use === 'string' ? data.when_to_use : '';
  return { text: when ? `${description} - ${when}` : description, hidden: data['disable-model-invocation'] === true || data.paths !== undefined };
}

/**
 * The project's skills as the main session's listing sees them (.claude/skills/<name>/SKILL.md).
 * Their frontmatter is YAML, the slow part of `list` and `doctor`: read once per content of the
 * whole set (cache.ts), so an unchanged project parses none of it.
 */
export function projectSkills(root: string, overrides: Record<string, unknown> = {}): ProjectSkill[] {
  const dir = join(root, '.claude/skills');
  if (!isDir(dir)) return [];
  const found: Array<{ name: string; text: string }> = [];
  for (const name of readdirSync(dir).sort().slice(0, MAX_SKILLS)) {
    try {
      found.push({ name, text: readFileSync(join(dir, name, 'SKILL.md'), 'utf8') });
    } catch {
      // no SKILL.md: not a skill Claude Code lists
    }
  }
  const key = sha256(found.map((f) => `${f.name}\0${sha256(f.text)}`).join('\0'));
  const facts = cached('skill-listing', key, () => found.map((f) => listingFacts(f.text) ?? null));
  const skills: ProjectSkill[] = [];
  found.forEach(({ name }, i) => {
    const fact = facts[i];
    if (!fact) return;
    const override = own(overrides, name);
    skills.push({ name, text: fact.text, hidden: fact.hidden || override === 'off' || override === 'user-invocable-only', nameOnly: override === 'name-only' });
  });
  return skills;
}

/** The main session's skill listing of this project against the 200k and 1M budgets. */
export function listingView(root: string): Listing {
  const { settings, overrides } = listingSettings(root);
  return measureListing(projectSkills(root, overrides), settings);
}
