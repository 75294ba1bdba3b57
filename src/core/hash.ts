import { createHash } from 'node:crypto';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The hash recorded for a file. Text is hashed with CRLF read as LF, so a checkout that converts
 * line endings (git autocrlf) does not look like an edit; binary files are hashed as they are.
 */
export function contentHash(data: Buffer): string {
  if (data.includes(0) || !data.includes(13)) return sha256(data);
  return createHash('sha256').update(data.toString('latin1').replace(/\r\n/g, '\n'), 'latin1').digest('hex');
}

/** The id git gives this content as a blob: how a file's past version is found in a checkout's history. */
export function gitBlobId(data: Buffer): string {
  return createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
}
