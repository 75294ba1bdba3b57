import { spawn } from 'node:child_process';

/** A browser can be shown: always on macOS and Windows; on Linux and the BSDs only with X11 or Wayland. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** Opens the URL with the platform's opener, detached: the dashboard never waits for the browser. */
export function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args as string[], { detached: true, stdio: 'ignore', windowsHide: true });
    child.on('error', () => undefined); // no opener installed: the URL is printed anyway
    child.unref();
  } catch {
    // same as above
  }
}
