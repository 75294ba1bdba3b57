import { agentNameProblem, NAME_PATTERN } from '../../core/team/names.js';
import { HttpError } from '../errors.js';

/**
 * Names taken from the URL are checked before anything is looked up or any path is built, so
 * `..`, slashes (also percent-encoded) and other odd names never reach the file system.
 */
export function agentParam(value: string): string {
  const problem = agentNameProblem(value);
  if (problem) throw new HttpError(400, 'invalid-name', `"${value}" is not a valid agent name: it ${problem}.`);
  return value;
}

export function nameParam(value: string, what: 'role' | 'skill'): string {
  if (!NAME_PATTERN.test(value) || value.length > 64) {
    throw new HttpError(400, 'invalid-name', `"${value}" is not a valid ${what} name.`, 'Names are lowercase letters, digits and single dashes.');
  }
  return value;
}

/** A file inside a skill folder: relative, forward slashes, no empty, `.` or `..` segments. */
export function filePathParam(value: string): string {
  const segments = value.split('/');
  if (value.includes('\\') || value.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new HttpError(400, 'invalid-path', `"${value}" is not a file path inside the skill.`);
  }
  return value;
}
