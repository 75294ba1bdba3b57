/**
 * Contradictions in a role override, found before anything is planned: the dashboard's editor
 * shows them as the user types and the role-override operation refuses them with the same words.
 * Pure and free of imports, so the browser bundle can carry it; the facts come from the catalog
 * (core/views/override-facts.ts).
 */

/** What an override of one role is checked against: plain data, as the API sends it. */
export interface OverrideFacts {
  role: string;
  /** Every skill of the catalog, with the skills it depends on. */
  skills: Record<string, string[]>;
  /** Every category, with the skills an include of the whole category picks. */
  categories: Record<string, string[]>;
  /** Every role, with its own selection of skills (no dependencies added) and the roles it inherits from. */
  roles: Record<string, { skills: string[]; inherits: string[] }>;
  /** The role without the project's override: its selection and what it leaves out (empty for a role only the project defines). */
  base: { skills: string[]; exclude: string[]; inherits: string[] };
}

export type OverrideProblemCode = 'unknown-skill' | 'unknown-category' | 'unknown-role' | 'inherit-cycle' | 'included-and-excluded' | 'excluded-dependency';

export interface OverrideProblem {
  code: OverrideProblemCode;
  /** The skill or role the problem is about. */
  subject: string;
  message: string;
}

type SkillRef = string | { category: string };

export interface OverrideSkillLists {
  include?: SkillRef[];
  exclude?: string[];
  inherit?: string[];
}

const has = <T>(record: Record<string, T>, key: string): boolean => Object.hasOwn(record, key);

function listOf<T>(value: unknown, keep: (v: unknown) => v is T): T[] {
  return Array.isArray(value) ? value.filter(keep) : [];
}

const isName = (v: unknown): v is string => typeof v === 'string';
const isRef = (v: unknown): v is SkillRef => typeof v === 'string' || (typeof v === 'object' && v !== null && typeof (v as { category?: unknown }).category === 'string');

/** The skill lists of an override as written (anything else in it is the schema's business). */
export function overrideSkillLists(override: unknown): Required<OverrideSkillLists> {
  const skills = typeof override === 'object' && override !== null ? (override as { skills?: unknown }).skills : undefined;
  const lists = typeof skills === 'object' && skills !== null ? (skills as Record<string, unknown>) : {};
  return { include: listOf(lists.include, isRef), exclude: listOf(lists.exclude, isName), inherit: listOf(lists.inherit, isName) };
}

export function overrideProblems(override: unknown, facts: OverrideFacts): OverrideProblem[] {
  const { include, exclude, inherit } = overrideSkillLists(override);
  const problems: OverrideProblem[] = [];
  const seen = new Set<string>();
  const add = (code: OverrideProblemCode, subject: string, message: string) => {
    if (seen.has(message)) return;
    seen.add(message);
    problems.push({ code, subject, message });
  };

  const named = include.filter(isName);
  for (const s of named) if (!has(facts.skills, s)) add('unknown-skill', s, `skills.include: unknown skill "${s}"`);
  for (const s of exclude) if (!has(facts.skills, s)) add('unknown-skill', s, `skills.exclude: unknown skill "${s}"`);
  for (const ref of include) if (typeof ref !== 'string' && !has(facts.categories, ref.category)) add('unknown-category', ref.category, `skills.include: unknown category "${ref.category}"`);

  const parents = [...new Set([...facts.base.inherits, ...inherit])];
  for (const r of inherit) {
    if (r === facts.role) add('inherit-cycle', r, `skills.inherit: role ${facts.role} cannot inherit from itself`);
    else if (!has(facts.roles, r)) add('unknown-role', r, `skills.inherit: unknown role "${r}"`);
    else if (reaches(facts, r, facts.role)) add('inherit-cycle', r, `skills.inherit: role "${r}" already inherits from ${facts.role}, so the roles would inherit in a cycle`);
  }

  const dropped = new Set(exclude);
  for (const s of named) {
    if (dropped.has(s)) add('included-and-excluded', s, `"${s}" is both added and left out; keep it in one of the two lists`);
    else if (facts.base.exclude.includes(s)) add('included-and-excluded', s, `"${s}" is left out by the role itself, so adding it has no effect`);
  }

  // What the role keeps after the override, as the resolver would pick it.
  const excluded = new Set([...facts.base.exclude, ...exclude]);
  const picked = new Set(facts.base.skills);
  for (const ref of include) {
    if (typeof ref === 'string') picked.add(ref);
    else for (const s of has(facts.categories, ref.category) ? facts.categories[ref.category]! : []) picked.add(s);
  }
  for (const r of parents) if (r !== facts.role && has(facts.roles, r)) for (const s of facts.roles[r]!.skills) picked.add(s);
  const kept = [...picked].filter((s) => !excluded.has(s) && has(facts.skills, s));

  const visited = new Set<string>();
  const walk = (skill: string) => {
    if (visited.has(skill)) return;
    visited.add(skill);
    for (const dep of has(facts.skills, skill) ? facts.skills[skill]! : []) {
      if (excluded.has(dep)) {
        add('excluded-dependency', dep, `"${skill}" depends on "${dep}", which is left out: keep "${dep}", or leave out "${skill}" too`);
        continue;
      }
      walk(dep);
    }
  };
  for (const s of kept) walk(s);
  return problems;
}

/** True when `from` inherits, directly or through others, from `target`. */
function reaches(facts: OverrideFacts, from: string, target: string): boolean {
  const stack = [from];
  const seen = new Set<string>();
  while (stack.length) {
    const r = stack.pop()!;
    if (r === target) return true;
    if (seen.has(r) || !has(facts.roles, r)) continue;
    seen.add(r);
    stack.push(...facts.roles[r]!.inherits);
  }
  return false;
}
