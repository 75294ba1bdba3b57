import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A git repository in a temporary folder, standing in for a source's remote: commits, tags,
 * branches and rewritten history, all local (tests never touch the network).
 */
const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

export class GitRepo {
  constructor(readonly dir: string) {}

  git(...args: string[]): string {
    return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd: this.dir, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  }

  write(files: Record<string, string | null>): this {
    for (const [path, content] of Object.entries(files)) {
      const abs = join(this.dir, path);
      if (content === null) rmSync(abs, { recursive: true, force: true });
      else {
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
    }
    return this;
  }

  /** Commits everything in the work tree; returns the commit id. */
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(ref = 'HEAD'): string {
    return this.git('rev-parse', `${ref}^{commit}`);
  }

  tag(name: string, annotated = false): this {
    if (annotated) this.git('tag', '-a', name, '-m', name);
    else this.git('tag', name);
    return this;
  }

  checkout(branch: string, create = false): this {
    this.git('checkout', '-q', ...(create ? ['-b'] : []), branch);
    return this;
  }

  /** What a force-push does to the remote: the branch now names another history. */
  rewrite(branch: string, files: Record<string, string | null>, message: string): string {
    this.checkout(branch);
    this.git('reset', '-q', '--hard', this.git('rev-list', '--max-parents=0', 'HEAD').split('\n')[0]!);
    this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '--amend', '-m', message);
    return this.head();
  }

  /** Deletes every commit no ref reaches, as a host does some time after a force-push. */
  prune(): this {
    this.git('reflog', 'expire', '--expire=now', '--all');
    this.git('gc', '-q', '--prune=now');
    return this;
  }
}

export function gitRepo(dir: string, files: Record<string, string> = {}): GitRepo {
  mkdirSync(dir, { recursive: true });
  const repo = new GitRepo(dir);
  repo.git('init', '-q');
  repo.write(files);
  return repo;
}

export function skillMd(name: string, description: string, body = `# ${name}\n`, extra = ''): string {
  return `---\nname: ${name}\ndescription: "${description}"\n${extra}---\n${body}`;
}
