import { existsSync, lstatSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isInside, safeTarget, toPosix } from '../apply/safe-path.js';
import { failure, isAgentTeamError, isNodeError } from '../errors.js';
import { CLAUDE_DIR } from '../paths.js';

/**
 * Writing an export: into a folder the user names, never inside the project's .claude/ (whose
 * files agent-team manages through its plan), never over an existing file unless asked, and
 * never through a link that leads out of that folder.
 */
export interface ExportFile {
  /** Relative to the export folder, POSIX. */
  path: string;
  content: Buffer;
  executable?: boolean;
}

/** The real path of `abs`, or of its nearest existing parent with the rest appended. */
function realish(abs: string): string {
  let dir = abs;
  const rest: string[] = [];
  while (!existsSync(dir)) {
    rest.unshift(dir.slice(dirname(dir).length + 1));
    if (dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  return join(realpathSync(dir), ...rest);
}

export function assertOutsideClaude(root: string, target: string): void {
  const claude = join(root, CLAUDE_DIR);
  const real = realish(resolve(target));
  const realClaude = existsSync(claude) ? realpathSync(claude) : claude;
  if (isInside(realClaude, real)) {
    throw failure('export-inside-claude', `${target} is inside the project's ${CLAUDE_DIR}/, whose files agent-team manages.`, `Export to a folder outside ${CLAUDE_DIR}/ (for a plugin, a folder of its own).`, undefined, { path: target });
  }
}

/** The files that would be overwritten. */
export function existingFiles(dir: string, files: readonly ExportFile[]): string[] {
  return files.filter((f) => {
    try {
      lstatSync(join(dir, f.path));
      return true;
    } catch {
      return false;
    }
  }).map((f) => f.path);
}

export function writeExport(root: string, dir: string, files: readonly ExportFile[], force: boolean): { written: string[]; overwritten: string[] } {
  const abs = resolve(dir);
  assertOutsideClaude(root, abs);
  const existing = existingFiles(abs, files);
  if (existing.length > 0 && !force) {
    throw failure('export-exists', `${existing.length === 1 ? 'A file' : 'Files'} of the export already exist in ${abs}:`, 'Nothing was written. Choose another folder, or pass --force to overwrite them.', existing.slice(0, 20), { files: existing });
  }
  mkdirSync(abs, { recursive: true });
  const realDir = realpathSync(abs);
  for (const file of files) {
    let target: string;
    try {
      target = safeTarget(abs, file.path, 'file', realDir);
    } catch (err) {
      if (isAgentTeamError(err)) throw failure('export-unsafe', `Cannot write ${toPosix(join(dir, file.path))}: ${err.message}`, 'Nothing more was written. Remove the link or folder in the way, then export again.');
      throw err;
    }
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.agent-team-tmp`;
    try {
      writeFileSync(tmp, file.content, { mode: file.executable ? 0o755 : 0o644 });
      renameSync(tmp, target);
    } catch (err) {
      rmSync(tmp, { force: true });
      if (isNodeError(err)) throw failure('write-failed', `Cannot write ${toPosix(join(dir, file.path))}: ${err.message}.`, 'Check that the folder is writable.');
      throw err;
    }
  }
  return { written: files.map((f) => f.path), overwritten: existing };
}
