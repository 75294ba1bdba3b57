// Versions through the real CLI: an old major gets only its own advice, an unknown major gets only the advice every
// major shares (and says so), a native app gets no web rules, and a major upgrade in the project is noticed by sync
// and doctor and recorded by `sync --versions` without touching the rest of the team file.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FULL_LIBRARY, ROOT, run, tempDir } from './helpers/cli.js';

const full = { library: FULL_LIBRARY };
const CORPUS = join(ROOT, 'test/fixtures/corpus');

/** A corpus project in a folder of its own, without the corpus' own notes. */
function project(fixture: string): string {
  const dir = tempDir();
  cpSync(join(CORPUS, fixture), dir, { recursive: true });
  rmSync(join(dir, 'README.md'));
  rmSync(join(dir, 'expected.json'));
  return dir;
}

const agentText = (dir: string, name: string) => readFileSync(join(dir, '.claude/agents', `${name}.md`), 'utf8');
const team = (dir: string) => parse(readFileSync(join(dir, '.claude/agent-team.yaml'), 'utf8')) as { agents: Record<string, { role: string; versions?: Record<string, number>; paths?: string[] }> };

/** Advice that holds only for a newer major than Next 13, React 18, Tailwind 3, Prisma 4. */
const NEWER_ONLY = [
  'proxy.ts',
  '`next lint` is removed',
  'do not write new `forwardRef` wrappers',
  'track its result with `useActionState',
  'Configuration is CSS-first',
  'do not add `postcss-import` or `autoprefixer`',
  'The generator is `prisma-client` with a required `output` path',
  '`prisma migrate dev` no longer runs `prisma generate`',
];

describe('conventions follow the major in use', () => {
  it('Next 13 + React 18 + Tailwind 3 + Prisma 4: init --yes records the majors and the agents get no advice of newer majors', () => {
    const dir = project('nextjs13-prisma4');
    const init = run(['init', '--yes'], { cwd: dir, ...full });
    expect(init.code, init.stderr).toBe(0);
    expect(team(dir).agents.frontend!.versions).toEqual({ react: 18, nextjs: 13, tailwind: 3 });
    expect(team(dir).agents.backend!.versions).toEqual({ prisma: 4 });

    const frontend = agentText(dir, 'frontend');
    const backend = agentText(dir, 'backend');
    for (const advice of NEWER_ONLY) {
      expect(frontend, advice).not.toContain(advice);
      expect(backend, advice).not.toContain(advice);
    }
    // The advice of the majors in use is there.
    expect(frontend).toContain('`next lint` runs ESLint with `eslint-config-next`; keep using it here.');
    expect(frontend).toContain('Refs to function components need `forwardRef`');
    expect(frontend).toContain('Configuration is JavaScript: `tailwind.config.js`');
    expect(backend).toContain('Covers Prisma 4 and 5.');
    expect(frontend).toMatch(/^description: .*Stack: React 18, Next\.js 13, Tailwind CSS 3/m);
    expect(frontend).not.toContain('is not recorded');
  });

  it('the same agent with its majors unknown gets only the shared advice and is told the version is not recorded', () => {
    const dir = project('nextjs13-prisma4');
    expect(run(['init'], { cwd: dir, ...full }).code).toBe(0);
    const add = run(['add', 'web', 'dev-fe', '--framework', 'react', '--meta-framework', 'nextjs', '--styling', 'tailwind'], { cwd: dir, ...full });
    expect(add.code, add.stderr).toBe(0);
    const web = agentText(dir, 'web');
    for (const title of ['React', 'Next.js', 'Tailwind CSS']) {
      expect(web).toContain(`The version of ${title} in use is not recorded, so only advice that holds for every supported major is given; \`npx --no-install agent-team sync --versions\` records it.`);
    }
    for (const advice of [...NEWER_ONLY, '`next lint` runs ESLint', 'Refs to function components need `forwardRef`', 'Configuration is JavaScript']) {
      expect(web, advice).not.toContain(advice);
    }
    // Recording the majors brings the advice of exactly those majors.
    const record = run(['sync', '--versions'], { cwd: dir, ...full });
    expect(record.code, record.stderr).toBe(0);
    expect(record.stdout).toContain('Recorded the majors in use:');
    expect(team(dir).agents.web!.versions).toEqual({ react: 18, nextjs: 13, tailwind: 3 });
    const after = agentText(dir, 'web');
    expect(after).not.toContain('is not recorded');
    expect(after).toContain('`next lint` runs ESLint');
  });
});

describe('a native app', () => {
  it('an Expo app gets a mobile developer (plus DevOps and QA), no frontend, and no web rules', () => {
    const dir = project('expo54-obytes');
    // Only the app: the fixture's docs site and CLI generator are other packages.
    rmSync(join(dir, 'docs'), { recursive: true });
    rmSync(join(dir, 'cli'), { recursive: true });
    const r = run(['init', '--yes', '--json'], { cwd: dir, ...full });
    expect(r.code, r.stderr).toBe(0);
    expect(Object.fromEntries(Object.entries(team(dir).agents).map(([name, a]) => [name, a.role]))).toEqual({ mobile: 'dev-mobile', devops: 'devops', qa: 'qa' });
    expect(team(dir).agents.mobile!.versions).toEqual({ expo: 54, jest: 29 });
    // React is seen, and said to be ruled out by the native app.
    const react = r.json().detected.stack.find((s: { value: string }) => s.value === 'react');
    expect(react.where[0].because).toEqual(['npm react', 'ruled out here by npm react-native, npm expo']);
    const body = agentText(dir, 'mobile');
    expect(body).toMatch(/Expo/);
    for (const web of [/browser/i, /\bSSR\b/, /server[- ]side render/i, /Next\.js/, /App Router/, /hydrat/i, /Core Web Vitals/]) expect(body).not.toMatch(web);
  });
});

describe('a major upgrade in the project', () => {
  it('plain sync notes it, doctor warns, sync --versions records it and keeps the team file as written', () => {
    const dir = project('nextjs13-prisma4');
    expect(run(['init', '--yes'], { cwd: dir, ...full }).code).toBe(0);
    const teamFile = join(dir, '.claude/agent-team.yaml');
    writeFileSync(teamFile, readFileSync(teamFile, 'utf8').replace('  frontend:\n', '  # the web app\n  frontend:\n'));
    expect(run(['sync'], { cwd: dir, ...full }).code).toBe(0);
    // The project moves to Next 14: the lockfile says so before anyone edits the team.
    const lock = join(dir, 'pnpm-lock.yaml');
    writeFileSync(lock, readFileSync(lock, 'utf8').replace(/^( {4}version: )13\.3\.2-canary\.13/m, '$114.2.3'));

    const sync = run(['sync'], { cwd: dir, ...full });
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toContain('frontend: Next.js 13 recorded, 14 in pnpm-lock.yaml');
    expect(sync.stdout).toContain('`npx --no-install agent-team sync --versions` records the new one');
    expect(team(dir).agents.frontend!.versions!.nextjs).toBe(13);

    const doctor = run(['doctor', '--json'], { cwd: dir, ...full });
    const drift = doctor.json().findings.filter((p: { code: string }) => p.code === 'version-drift');
    expect(drift).toEqual([
      expect.objectContaining({ level: 'warning', file: 'pnpm-lock.yaml', message: expect.stringContaining('frontend records Next.js (nextjs) 13, but pnpm-lock.yaml says 14') }),
    ]);

    for (const refused of [['--check'], ['--frozen']]) {
      const r = run(['sync', '--versions', ...refused], { cwd: dir, ...full });
      expect(r.code).toBe(2);
    }

    const record = run(['sync', '--versions', '--json'], { cwd: dir, ...full });
    expect(record.code, record.stderr).toBe(0);
    expect(record.json().versionsRecorded).toEqual([{ agent: 'frontend', value: 'nextjs', from: 13, to: 14, file: 'pnpm-lock.yaml' }]);
    const text = readFileSync(teamFile, 'utf8');
    expect(text).toContain('  # the web app\n  frontend:\n');
    expect(text).toContain('versions: { react: 18, nextjs: 14, tailwind: 3 }');
    expect(agentText(dir, 'frontend')).toContain('Stack: React 18, Next.js 14');
    expect(run(['doctor', '--json'], { cwd: dir, ...full }).json().findings.filter((p: { code: string }) => p.code === 'version-drift')).toEqual([]);
  });
});

describe('agents Claude cannot tell apart', () => {
  it('doctor warns about two agents of one role with the same paths and stack, not when their paths differ', () => {
    const dir = project('nextjs13-prisma4');
    expect(run(['init'], { cwd: dir, ...full }).code).toBe(0);
    for (const name of ['web', 'site']) expect(run(['add', name, 'dev-fe', '--framework', 'react'], { cwd: dir, ...full }).code).toBe(0);
    const alike = () => run(['doctor', '--json'], { cwd: dir, ...full }).json().findings.filter((p: { code: string }) => p.code === 'agents-alike');
    expect(alike()).toEqual([
      expect.objectContaining({ level: 'warning', file: '.claude/agent-team.yaml', message: expect.stringMatching(/^web and site are each a Frontend Developer owning the whole project with React: Claude's delegation cannot tell them apart/) }),
    ]);
    expect(run(['remove', 'site', '--yes'], { cwd: dir, ...full }).code).toBe(0);
    expect(run(['add', 'site', 'dev-fe', '--framework', 'react', '--paths', 'app'], { cwd: dir, ...full }).code).toBe(0);
    expect(alike()).toEqual([]);
  });
});
