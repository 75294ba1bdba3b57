/**
 * The main session's skill listing as Claude Code 2.1.330 builds it (docs/claude-code-findings.md
 * §2): one `- name: description` line per model-invocable skill, project skills first (sorted by
 * name, case-insensitively), then the client's own, within a budget of 1 % of the context window
 * in characters. Over budget, the client's own bundled skills keep their descriptions and the rest
 * are shortened to `- name`, greedily in listing order. Numbers of another client version may differ.
 */

/** The client's own skills and the length of each one's description, as 2.1.330 listed them. */
export const BUILT_IN_SKILLS: ReadonlyArray<{ name: string; chars: number; bundled: boolean }> = [
  { name: 'dataviz', chars: 1436, bundled: true },
  { name: 'update-config', chars: 690, bundled: true },
  { name: 'keybindings-help', chars: 228, bundled: true },
  { name: 'code-review', chars: 835, bundled: true },
  { name: 'simplify', chars: 176, bundled: true },
  { name: 'fewer-permission-prompts', chars: 163, bundled: true },
  { name: 'loop', chars: 336, bundled: true },
  { name: 'claude-api', chars: 1157, bundled: true },
  { name: 'workflow-authoring', chars: 230, bundled: true },
  { name: 'run', chars: 361, bundled: true },
  // From a built-in plugin: it stays with disableBundledSkills.
  { name: 'plugin-authoring', chars: 255, bundled: true },
  { name: 'init', chars: 59, bundled: false },
  { name: 'security-review', chars: 71, bundled: false },
];

/** The two budgets that matter: 200k-window models (4 chars per token) and 1M-window ones (3). */
export const LISTING_BUDGETS = [
  { window: '200k', tokens: 200_000, charsPerToken: 4 },
  { window: '1M', tokens: 1_000_000, charsPerToken: 3 },
] as const;

export const DEFAULT_BUDGET_FRACTION = 0.01;
export const DEFAULT_MAX_DESC_CHARS = 1536;
/** From this share of a budget on, `list` and `doctor` warn: a few more skills and the client cuts. */
export const LISTING_WARN_SHARE = 0.9;

export interface ProjectSkill {
  /** The folder name: what the client lists and invokes. */
  name: string;
  /** `description`, then ` - ` and `when_to_use` when there is one. */
  text: string;
  /** Not listed: `disable-model-invocation`, a `paths:` glob (until activated), or an override off. */
  hidden?: boolean;
  /** `skillOverrides: name-only`. */
  nameOnly?: boolean;
}

export interface ListingSettings {
  budgetFraction?: number;
  maxDescChars?: number;
  disableBundledSkills?: boolean;
}

export interface ListingFit {
  window: '200k' | '1M';
  budget: number;
  /** The listing with every description the settings allow. */
  chars: number;
  /** chars / budget. */
  share: number;
  withDescription: number;
  nameOnly: number;
  /** Project skills whose description the budget cuts (they become name-only). */
  cut: string[];
}

export interface Listing {
  entries: number;
  /** Project skills listed with a description, by name only, and not listed. */
  project: { withDescription: number; nameOnly: number; hidden: number };
  fits: ListingFit[];
}

interface Entry {
  name: string;
  full: number;
  short: number;
  bundled: boolean;
  project: boolean;
}

const lineFull = (name: string, desc: number, max: number) => 4 + name.length + Math.min(desc, max);
const lineShort = (name: string) => 2 + name.length;

/** The listing's entries in the client's order: project skills by name, then built-ins a project skill does not shadow. */
function entries(skills: readonly ProjectSkill[], settings: ListingSettings): Entry[] {
  const max = settings.maxDescChars ?? DEFAULT_MAX_DESC_CHARS;
  const listed = skills.filter((s) => !s.hidden).sort((a, b) => {
    const x = a.name.toLowerCase();
    const y = b.name.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const names = new Set(listed.map((s) => s.name));
  const out: Entry[] = listed.map((s) => ({
    name: s.name,
    full: s.nameOnly ? lineShort(s.name) : lineFull(s.name, s.text.length, max),
    short: lineShort(s.name),
    bundled: false,
    project: true,
  }));
  for (const b of BUILT_IN_SKILLS) {
    if (names.has(b.name)) continue;
    if (settings.disableBundledSkills && b.name !== 'plugin-authoring') continue;
    out.push({ name: b.name, full: lineFull(b.name, b.chars, max), short: lineShort(b.name), bundled: b.bundled, project: false });
  }
  return out;
}

const total = (lines: number[]) => lines.reduce((a, b) => a + b, 0) + Math.max(0, lines.length - 1);

function fit(list: Entry[], window: ListingFit['window'], budget: number): ListingFit {
  const chars = total(list.map((e) => e.full));
  const cut: string[] = [];
  let kept = list.filter((e) => e.full > e.short).length;
  if (chars > budget) {
    // The client's own bundled skills first, then every other entry greedily, in listing order.
    let left = budget - total(list.map((e) => (e.bundled ? e.full : e.short)));
    for (const e of list) {
      if (e.bundled || e.full === e.short) continue;
      if (e.full - e.short <= left) left -= e.full - e.short;
      else {
        kept -= 1;
        if (e.project) cut.push(e.name);
      }
    }
  }
  return { window, budget, chars, share: chars / budget, withDescription: kept, nameOnly: list.length - kept, cut };
}

/** How the main session's listing of these project skills fits each budget. */
export function measureListing(skills: readonly ProjectSkill[], settings: ListingSettings = {}): Listing {
  const list = entries(skills, settings);
  const fraction = settings.budgetFraction ?? DEFAULT_BUDGET_FRACTION;
  const project = skills.filter((s) => !s.hidden);
  return {
    entries: list.length,
    project: { withDescription: project.filter((s) => !s.nameOnly).length, nameOnly: project.filter((s) => s.nameOnly).length, hidden: skills.length - project.length },
    fits: LISTING_BUDGETS.map((b) => fit(list, b.window, Math.floor(b.tokens * b.charsPerToken * fraction))),
  };
}
