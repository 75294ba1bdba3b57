import type { Catalog } from '../library/model.js';
import { own } from '../own.js';
import { usageError } from '../errors.js';
import { variantProblems } from '../resolve/variants.js';

export function assertRole(catalog: Catalog, role: string, where = ''): void {
  if (!own(catalog.roles, role)) {
    const roles = Object.keys(catalog.roles);
    throw usageError('unknown-role', `Unknown role "${role}"${where}.`, `Use one of: ${roles.join(', ')}.`, undefined, { role, roles });
  }
}

export function assertVariants(catalog: Catalog, role: string, variants: Record<string, string[]>): void {
  const problems = variantProblems(catalog.roles[role]!, variants);
  if (problems.length > 0) {
    throw usageError('invalid-variant', `Invalid variant for role ${role}: ${problems[0]}.`, "Each role's variants and their values are listed with the roles.", problems.slice(1), { role });
  }
}
