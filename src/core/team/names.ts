import { usageError } from '../errors.js';

/** Agent, role and skill names: what Claude Code accepts everywhere and what is safe in a path. */
export const NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const AGENT_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const MAX_NAME_LENGTH = 64;

/** Says what is wrong with an agent name, or returns undefined when it is fine. */
export function agentNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_NAME_LENGTH) return `is ${name.length} characters long (at most ${MAX_NAME_LENGTH})`;
  if (name.includes('/') || name.includes('\\')) return 'contains a path separator';
  if (name.includes('..')) return 'contains ".."';
  if (/\s/.test(name)) return 'contains whitespace';
  if (/[A-Z]/.test(name)) return 'contains capital letters';
  if (name.startsWith('-')) return 'starts with a dash';
  if (/^[0-9]/.test(name)) return 'starts with a digit';
  if (name.endsWith('-')) return 'ends with a dash';
  if (name.includes('--')) return 'contains a double dash';
  if (!AGENT_NAME_PATTERN.test(name)) return 'may only contain lowercase letters, digits and single dashes';
  return undefined;
}

/** The rule for agent names, in the one sentence every front end shows. */
export const NAME_RULE = 'Use lowercase letters, digits and single dashes, starting with a letter, at most 64 characters (e.g. payment-fe).';

export function assertAgentName(name: string): string {
  const problem = agentNameProblem(name);
  if (problem) throw usageError('invalid-agent-name', `Invalid agent name "${name}": it ${problem}.`, NAME_RULE);
  return name;
}

/** Suggests a valid name for free text, e.g. "Payment FE" → "payment-fe". */
export function toAgentName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, MAX_NAME_LENGTH)
    .replace(/-+$/, '');
}
