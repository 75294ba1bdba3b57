/** The few colours the terminal presenter uses; plain strings elsewhere. */
export type Style = Record<'red' | 'yellow' | 'green' | 'cyan' | 'magenta' | 'dim' | 'bold', (text: string) => string>;

const same = (text: string) => text;
export const PLAIN: Style = { red: same, yellow: same, green: same, cyan: same, magenta: same, dim: same, bold: same };

/** The command a user types; the installed copy only, so nothing is ever downloaded. */
export const CLI = 'npx --no-install agent-team';

export function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length);
}
