import { writeSync } from 'node:fs';

/**
 * The CLI's own output, written straight to the file descriptor. Node builds `process.stdout`
 * on first use, and for a pipe that loads its whole net and stream stack: about a tenth of a
 * Node start-up, paid by every command whose output is read by a script or CI. A synchronous
 * write also keeps output in order with an exit code set right after it.
 *
 * A descriptor left non-blocking by the parent can refuse a write (EAGAIN); from then on the
 * stream takes that output, which waits as a stream does. A reader that has gone away
 * (`agent-team list | head -1`) is not an error: the command stops quietly.
 */
type Fd = 1 | 2;

const streamed = new Set<Fd>();

function stream(fd: Fd): NodeJS.WriteStream {
  const s = fd === 1 ? process.stdout : process.stderr;
  if (!streamed.has(fd)) {
    streamed.add(fd);
    s.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  return s;
}

export function write(fd: Fd, text: string | Uint8Array): void {
  if (streamed.has(fd)) {
    stream(fd).write(text);
    return;
  }
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(fd, bytes, done);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (code !== 'EAGAIN') throw err;
    stream(fd).write(bytes.subarray(done));
  }
}
