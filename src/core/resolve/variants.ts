import type { CatalogRole } from '../library/model.js';
import { own } from '../own.js';

/** Problems with a variant selection for a role; each names the valid choices. */
export function variantProblems(role: CatalogRole, selection: Record<string, string | string[]>): string[] {
  const problems: string[] = [];
  const names = Object.keys(role.variants);
  for (const [category, raw] of Object.entries(selection)) {
    const values = Array.isArray(raw) ? raw : [raw];
    const variant = own(role.variants, category);
    if (!variant) {
      problems.push(
        names.length
          ? `role ${role.name} has no variant "${category}" (its variants: ${names.join(', ')})`
          : `role ${role.name} has no variants, so "${category}" cannot be set`,
      );
      continue;
    }
    const valid = Object.keys(variant.values);
    for (const value of values) {
      if (!own(variant.values, value)) problems.push(`unknown ${category} "${value}" for role ${role.name} (valid: ${valid.join(', ')})`);
    }
    if (!variant.multiple && values.length > 1) {
      problems.push(`${category} of role ${role.name} takes one value, got ${values.join(', ')}`);
    }
  }
  return problems;
}

/** The variant value a version belongs to, when the value is selected in some variant of the role. */
export function selectedValueNames(variants: Record<string, string[]>): Set<string> {
  return new Set(Object.values(variants).flat());
}
