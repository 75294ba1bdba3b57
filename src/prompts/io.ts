// The four prompts this CLI uses, imported one by one: @inquirer/prompts would also bundle the
// editor prompt and its character-set tables.
import checkbox from '@inquirer/checkbox';
import confirm from '@inquirer/confirm';
import input from '@inquirer/input';
import select from '@inquirer/select';
import { cancelled } from '../core/errors.js';

/**
 * The only door to inquirer. Every question can be left with Ctrl-C or Esc: both end in
 * `cancelled()` (exit 130), and since flows write nothing before their last confirmation,
 * leaving never changes the project.
 */
const LEAVE = new Set(['ExitPromptError', 'AbortPromptError', 'CancelPromptError']);

interface Keypress {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
}

async function ask<T>(show: (context: { signal: AbortSignal }) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  // inquirer has no Esc binding; readline reports a lone Esc as a keypress named `escape`.
  const onKey = (_: unknown, key?: Keypress) => {
    if (key?.name === 'escape') controller.abort();
  };
  process.stdin.on('keypress', onKey);
  try {
    return await show({ signal: controller.signal });
  } catch (err) {
    if (err instanceof Error && LEAVE.has(err.name)) throw cancelled();
    throw err;
  } finally {
    process.stdin.off('keypress', onKey);
  }
}

type SelectConfig<T> = Parameters<typeof select<T>>[0];
type CheckboxConfig<T> = Parameters<typeof checkbox<T>>[0];
type InputConfig = Parameters<typeof input>[0];
type ConfirmConfig = Parameters<typeof confirm>[0];

export function choose<T>(config: SelectConfig<T>): Promise<T> {
  return ask((context) => select<T>({ pageSize: 12, ...config }, context));
}

export function checklist<T>(config: CheckboxConfig<T>): Promise<T[]> {
  return ask((context) => checkbox<T>({ pageSize: 14, ...config }, context));
}

export function text(config: InputConfig): Promise<string> {
  return ask((context) => input(config, context));
}

export function yesNo(config: ConfirmConfig): Promise<boolean> {
  return ask((context) => confirm(config, context));
}

/** Asks for the final go-ahead; no is a cancellation like Esc, so nothing is written. */
export async function confirmOrCancel(message: string, defaultYes = true): Promise<void> {
  if (!(await yesNo({ message, default: defaultYes }))) throw cancelled();
}
