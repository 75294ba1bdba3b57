import { failure } from '../errors.js';
import { CLAUDE_MD } from '../paths.js';

/**
 * The team section of CLAUDE.md lives between these markers; text outside them is the user's and
 * is never changed. Claude Code strips HTML comments, so the markers cost no context.
 */
export const BLOCK_BEGIN = '<!-- agent-team:begin (generated; change the team with agent-team, not here) -->';
export const BLOCK_END = '<!-- agent-team:end -->';
const BEGIN_PREFIX = '<!-- agent-team:begin';
const END_PREFIX = '<!-- agent-team:end';

export interface FoundBlock {
  before: string;
  inner: string;
  after: string;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function markerEnd(text: string, start: number): number {
  const close = text.indexOf('-->', start);
  if (close < 0) {
    throw failure('claude-md-markers', `${CLAUDE_MD}:${lineOf(text, start)}: an agent-team marker is not closed with -->.`, 'Repair or delete that marker line, then run again.');
  }
  let end = close + 3;
  if (text[end] === '\r') end += 1;
  if (text[end] === '\n') end += 1;
  return end;
}

/** The marked block, undefined when there is none; an unmatched or repeated marker is an error. */
export function findBlock(text: string): FoundBlock | undefined {
  const begin = text.indexOf(BEGIN_PREFIX);
  const end = text.indexOf(END_PREFIX);
  if (begin < 0 && end < 0) return undefined;
  const hint = `Make ${CLAUDE_MD} contain exactly one "${BEGIN_PREFIX} ... -->" line followed by one "${BLOCK_END}" line (or delete both), then run again.`;
  if (begin < 0 || end < 0 || end < begin) {
    const at = begin < 0 ? end : begin;
    throw failure('claude-md-markers', `${CLAUDE_MD}:${lineOf(text, at)}: agent-team marker without its partner.`, hint);
  }
  if (text.indexOf(BEGIN_PREFIX, begin + 1) >= 0 || text.indexOf(END_PREFIX, end + 1) >= 0) {
    throw failure('claude-md-markers', `${CLAUDE_MD} contains more than one agent-team block.`, hint);
  }
  const innerStart = markerEnd(text, begin);
  return { before: text.slice(0, begin), inner: text.slice(innerStart, end), after: text.slice(markerEnd(text, end)) };
}

/** The file with the block replaced, or appended after the user's text when there is none. */
export function spliceBlock(text: string | undefined, inner: string): string {
  const block = `${BLOCK_BEGIN}\n${inner}${BLOCK_END}\n`;
  if (text === undefined || text.trim() === '') return block;
  const found = findBlock(text);
  if (found) return `${found.before}${block}${found.after}`;
  return `${text.replace(/\s*$/, '')}\n\n${block}`;
}

/** The file without the block; an empty string when nothing else was in it. */
export function removeBlock(text: string): string {
  const found = findBlock(text);
  if (!found) return text;
  const rest = `${found.before.replace(/\s*$/, '')}${found.before.trim() && found.after.trim() ? '\n\n' : ''}${found.after.replace(/^\s*/, '')}`;
  return rest.trim() === '' ? '' : `${rest.replace(/\s*$/, '')}\n`;
}
