import { usageError } from '../core/errors.js';

export interface AddTokens {
  positionals: string[];
  /** Variant flags in the order given; repeated flags and comma lists are merged. */
  variants: Record<string, string[]>;
  /** Majors given as `value@major`, e.g. `--meta-framework nextjs@13`. */
  versions: Record<string, number>;
}

/**
 * Splits `add` arguments into positionals and `--<variant> <value>[@major]` flags. Which flags
 * exist depends on the role, so they are checked later against the registry, not declared here.
 */
export function parseAddTokens(tokens: string[]): AddTokens {
  const positionals: string[] = [];
  const variants: Record<string, string[]> = Object.create(null);
  const versions: Record<string, number> = Object.create(null);
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    if (!token.startsWith('--') || token.length === 2) {
      throw usageError('unknown-option', `Unknown option "${token}".`, 'Variant flags are long options, e.g. --framework react. See `agent-team add --help`.');
    }
    let key = token.slice(2);
    let value: string | undefined;
    const eq = key.indexOf('=');
    if (eq >= 0) {
      value = key.slice(eq + 1);
      key = key.slice(0, eq);
    } else if (i + 1 < tokens.length && !tokens[i + 1]!.startsWith('--')) {
      value = tokens[(i += 1)];
    }
    const values = (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) {
      throw usageError('missing-value', `--${key} needs a value.`, `Pass it as --${key} <value> (several as --${key} a,b).`);
    }
    const names: string[] = [];
    for (const v of values) {
      const at = /^([^@]+)@(\d{1,6})(?:\.[\d.]*)?$/.exec(v);
      if (v.includes('@') && !at) throw usageError('invalid-version', `--${key} ${v}: a version is written value@major, e.g. nextjs@13.`, `Pass --${key} <value>@<major>.`);
      names.push(at ? at[1]! : v);
      if (at) versions[at[1]!] = Number(at[2]);
    }
    variants[key] = [...new Set([...(Object.hasOwn(variants, key) ? variants[key]! : []), ...names])];
  }
  return { positionals, variants: { ...variants }, versions: { ...versions } };
}
