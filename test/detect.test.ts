import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/core/library/catalog.js';
import { analyse, detectProject, type Detection } from '../src/core/detect/index.js';
import type { PackageEvidence, ProjectEvidence } from '../src/core/detect/evidence.js';
import { matchesGlob } from '../src/core/detect/glob.js';
import { matchHints } from '../src/core/detect/match.js';
import { readEvidence } from '../src/core/detect/read.js';
import { AgentTeamError } from '../src/core/errors.js';
import { FULL_LIBRARY, MINI_LIBRARY, ROOT, tempDir } from './helpers/cli.js';
import { writeLibrary } from './helpers/library.js';

const catalog = loadCatalog({ libraryDir: FULL_LIBRARY });
const STACKS = join(ROOT, 'test/fixtures/stacks');

function detect(fixture: string): Detection {
  return detectProject(join(STACKS, fixture), catalog);
}

/** The proposal as `name: role {variants}`, the shape a reviewer reads. */
function team(d: Detection): Record<string, { role: string; variants: Record<string, string[]>; packages: string[] }> {
  return Object.fromEntries(d.proposal.map((a) => [a.name, { role: a.role, variants: a.variants, packages: a.packages }]));
}

function stack(d: Detection): string[] {
  return d.stack.map((s) => s.value);
}

describe('detection on fixture projects', () => {
  it('React + Vite: a frontend agent with its state and test tools, and QA; no backend', () => {
    const d = detect('react-vite');
    expect(team(d)).toEqual({
      frontend: {
        role: 'dev-fe',
        variants: { framework: ['react'], styling: ['tailwind'], state: ['zustand', 'tanstack-query'], testing: ['vitest', 'testing-library'] },
        packages: ['.'],
      },
      qa: { role: 'qa', variants: { testing: ['vitest', 'testing-library'] }, packages: ['.'] },
    });
    // CSS Modules is detected from a file, even though styling takes one value and Tailwind comes first.
    expect(d.stack.find((s) => s.value === 'css-modules')?.where).toEqual([{ package: '.', because: ['file src/App.module.css'] }]);
  });

  it('Next.js + Prisma: frontend with react/nextjs/tailwind, backend with prisma/postgresql, QA', () => {
    const d = detect('nextjs-prisma');
    expect(team(d)).toEqual({
      frontend: {
        role: 'dev-fe',
        // Playwright brings end-to-end testing, a quality skill: QA's tool, not the frontend's.
        variants: { framework: ['react'], 'meta-framework': ['nextjs'], styling: ['tailwind'] },
        packages: ['.'],
      },
      backend: { role: 'dev-be', variants: { database: ['postgresql'], orm: ['prisma'] }, packages: ['.'] },
      qa: { role: 'qa', variants: { testing: ['playwright'] }, packages: ['.'] },
    });
    const postgres = d.stack.find((s) => s.value === 'postgresql')!;
    expect(postgres.where[0]!.because).toEqual(['prisma/schema.prisma: provider = "postgresql"']);
    expect(d.stack.find((s) => s.value === 'nextjs')!.where[0]!.because).toEqual(['npm next', 'file next.config.mjs']);
  });

  it('Vue + Nuxt', () => {
    const d = detect('vue-nuxt');
    expect(team(d).frontend).toEqual({
      role: 'dev-fe',
      variants: { framework: ['vue'], 'meta-framework': ['nuxt'], state: ['pinia'], testing: ['vitest', 'testing-library'] },
      packages: ['.'],
    });
    expect(Object.keys(team(d))).toEqual(['frontend', 'qa']);
  });

  it('NestJS + Prisma with Docker and GitHub Actions: backend, devops and QA', () => {
    const d = detect('nestjs-prisma');
    expect(team(d)).toEqual({
      backend: { role: 'dev-be', variants: { framework: ['nestjs'], database: ['mysql', 'redis'], orm: ['prisma'], testing: ['jest'] }, packages: ['.'] },
      devops: { role: 'devops', variants: { ci: ['github-actions'] }, packages: ['.'] },
      qa: { role: 'qa', variants: { testing: ['jest'] }, packages: ['.'] },
    });
    expect(d.proposal.find((a) => a.name === 'devops')!.because).toEqual(['GitHub Actions', 'file Dockerfile']);
    // @nestjs/platform-express is not express itself.
    expect(stack(d)).not.toContain('express');
  });

  it('Express with MongoDB and Redis', () => {
    const d = detect('express');
    expect(team(d)).toEqual({
      backend: { role: 'dev-be', variants: { framework: ['express'], database: ['mongodb', 'redis'], testing: ['jest'] }, packages: ['.'] },
      qa: { role: 'qa', variants: { testing: ['jest'] }, packages: ['.'] },
    });
  });

  it('Django from requirements files, with docker compose', () => {
    const d = detect('django');
    expect(team(d)).toEqual({
      backend: { role: 'dev-be', variants: { framework: ['django'], database: ['postgresql', 'redis'], testing: ['pytest'] }, packages: ['.'] },
      devops: { role: 'devops', variants: {}, packages: ['.'] },
      qa: { role: 'qa', variants: {}, packages: ['.'] },
    });
    expect(d.stack.find((s) => s.value === 'django')!.where[0]!.because).toEqual(['pypi django', 'file manage.py']);
    expect(d.packages).toEqual([{ dir: '.', manifests: ['pyproject.toml', 'requirements-dev.txt', 'requirements.txt'] }]);
  });

  it('Go module with Docker and GitLab CI', () => {
    const d = detect('go');
    expect(team(d)).toEqual({
      // pgx is PostgreSQL's Go driver, go-redis Redis's.
      backend: { role: 'dev-be', variants: { framework: ['go-std'], database: ['postgresql', 'redis'] }, packages: ['.'] },
      devops: { role: 'devops', variants: { ci: ['gitlab-ci'] }, packages: ['.'] },
      qa: { role: 'qa', variants: {}, packages: ['.'] },
    });
    expect(d.packages[0]!.name).toBe('github.com/acme/orders');
  });

  it('FastAPI with Poetry, SQLAlchemy and asyncpg', () => {
    const d = detect('fastapi-poetry');
    expect(team(d).backend).toEqual({
      role: 'dev-be',
      variants: { framework: ['fastapi'], api: ['rest'], database: ['postgresql'], orm: ['sqlalchemy'], testing: ['pytest'] },
      packages: ['.'],
    });
  });

  it('Spring Boot from a Gradle Kotlin build', () => {
    const d = detect('spring-gradle');
    expect(team(d).backend).toEqual({ role: 'dev-be', variants: { framework: ['spring'], database: ['postgresql'], testing: ['junit'] }, packages: ['.'] });
    expect(d.stack.find((s) => s.value === 'spring')!.where[0]!.because).toEqual(['maven org.springframework.boot:spring-boot-starter-web']);
  });

  it('npm workspaces + turbo: one agent per incompatible frontend, packages named, root tools shared', () => {
    const d = detect('monorepo');
    expect(d.packages.map((p) => [p.dir, p.name])).toEqual([
      ['.', 'acme'],
      ['apps/admin', '@acme/admin'],
      ['apps/api', '@acme/api'],
      ['apps/web', '@acme/web'],
      ['packages/ui', '@acme/ui'],
    ]);
    expect(team(d)).toEqual({
      // The root's Vitest serves every package; its Playwright is QA's alone.
      'admin-frontend': { role: 'dev-fe', variants: { framework: ['vue'], state: ['pinia'], testing: ['vitest'] }, packages: ['apps/admin'] },
      'web-frontend': {
        role: 'dev-fe',
        variants: { framework: ['react'], 'meta-framework': ['nextjs'], styling: ['tailwind'], testing: ['vitest'], 'ui-lib': ['radix'] },
        packages: ['apps/web', 'packages/ui'],
      },
      backend: { role: 'dev-be', variants: { framework: ['nestjs'], database: ['postgresql'], orm: ['typeorm'], testing: ['vitest', 'jest'] }, packages: ['apps/api'] },
      // DevOps and QA serve the whole project, wherever their evidence is.
      devops: { role: 'devops', variants: {}, packages: ['.'] },
      qa: { role: 'qa', variants: { testing: ['vitest', 'jest', 'playwright'] }, packages: ['.'] },
    });
    expect(d.stack.find((s) => s.value === 'nextjs')!.where).toEqual([{ package: 'apps/web', because: ['npm next', 'file next.config.mjs'], version: 15 }]);
    expect(d.proposal.find((a) => a.name === 'web-frontend')!.versions).toEqual({ react: 19, nextjs: 15, tailwind: 4, vitest: 3 });
    expect(d.unowned).toEqual([]);
    expect(d.proposal.find((a) => a.name === 'backend')!.because).toEqual(['NestJS in apps/api', 'PostgreSQL in apps/api', 'TypeORM in apps/api']);
  });

  it('pnpm workspace patterns, with a negated package left out', () => {
    const d = detect('pnpm-monorepo');
    expect(d.packages.map((p) => p.dir)).toEqual(['.', 'apps/site']);
    // The React of apps/legacy is not seen: that folder is excluded from the workspace.
    expect(stack(d)).toEqual(['astro']);
    expect(team(d).frontend).toEqual({ role: 'dev-fe', variants: { 'meta-framework': ['astro'] }, packages: ['apps/site'] });
  });

  it('an empty folder: nothing detected, nothing proposed', () => {
    const d = detectProject(tempDir(), catalog);
    expect(d).toMatchObject({ stack: [], proposal: [], truncated: false });
  });
});

describe('reading the project', () => {
  it('skips dependency and test-data folders and never follows symbolic links, inside or out', () => {
    const dir = tempDir();
    cpSync(join(STACKS, 'express'), dir, { recursive: true });
    mkdirSync(join(dir, 'node_modules/react'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/react/package.json'), '{"name":"react","dependencies":{"vue":"1"}}');
    mkdirSync(join(dir, 'test/fixtures/app'), { recursive: true });
    writeFileSync(join(dir, 'test/fixtures/app/Dockerfile'), 'FROM scratch\n');
    const outside = tempDir();
    writeFileSync(join(outside, 'package.json'), '{"dependencies":{"@angular/core":"20"}}');
    writeFileSync(join(outside, 'secret.txt'), 'do not read');
    symlinkSync(outside, join(dir, 'linked'));
    symlinkSync(join(outside, 'package.json'), join(dir, 'client-package.json'));
    const evidence = readEvidence(dir);
    expect(evidence.packages.map((p) => p.dir)).toEqual(['.']);
    expect(evidence.packages[0]!.files.sort()).toEqual(['package.json', 'server.js']);
    const d = detectProject(dir, catalog);
    expect(stack(d)).not.toContain('angular');
    expect(stack(d)).not.toContain('vue');
    expect(d.proposal.map((a) => a.role)).not.toContain('devops');
  });

  it('a symlinked manifest is not read even where a manifest is expected', () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFileSync(join(outside, 'package.json'), '{"dependencies":{"react":"19"}}');
    symlinkSync(join(outside, 'package.json'), join(dir, 'package.json'));
    expect(readEvidence(dir).packages[0]).toMatchObject({ manifests: [], deps: { npm: [] } });
  });

  it('first-level folders with a manifest are packages even without workspaces', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'client'));
    mkdirSync(join(dir, 'server'));
    writeFileSync(join(dir, 'client/package.json'), '{"dependencies":{"react":"19"}}');
    writeFileSync(join(dir, 'server/requirements.txt'), 'fastapi\n');
    const d = detectProject(dir, catalog);
    expect(d.packages.map((p) => p.dir)).toEqual(['.', 'client', 'server']);
    expect(team(d).frontend?.packages).toEqual(['client']);
    expect(team(d).backend).toEqual({ role: 'dev-be', variants: { framework: ['fastapi'], api: ['rest'] }, packages: ['server'] });
  });

  it('DevOps and QA serve the whole project, unless their work is only in packages of their own', () => {
    const dir = tempDir();
    const write = (path: string, text: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write('web/package.json', '{"dependencies":{"react":"^19.0.0","jest":"^30.0.0"}}');
    write('e2e/package.json', '{"dependencies":{"@playwright/test":"^1.50.0"}}');
    write('infra/package.json', '{"dependencies":{"aws-cdk-lib":"^2.150.0"}}');
    let d = detectProject(dir, catalog);
    // Playwright is QA's alone, in a package no developer owns; a package.json elsewhere is only code.
    expect(d.proposal.find((a) => a.role === 'qa')).toMatchObject({ paths: ['e2e'], variants: { testing: ['jest', 'playwright'] } });
    expect(d.proposal.find((a) => a.role === 'devops')).toMatchObject({ paths: ['infra'], variants: { infra: ['aws'] } });
    // A Dockerfile in the web app is DevOps work there too: then DevOps serves the whole project.
    write('web/Dockerfile', 'FROM node:24\n');
    d = detectProject(dir, catalog);
    expect(d.proposal.find((a) => a.role === 'devops')).toMatchObject({ paths: [], packages: ['.'] });
    expect(d.proposal.find((a) => a.role === 'qa')!.paths).toEqual(['e2e']);
    expect(d.unowned).toEqual([]);
  });

  it('a Flutter app in a subfolder is a package of its own; its android/ project is part of it', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'mobile/android/app'), { recursive: true });
    writeFileSync(join(dir, 'mobile/pubspec.yaml'), 'name: shop\nenvironment:\n  sdk: ^3.4.0\n  flutter: ">=3.22.0"\ndependencies:\n  flutter:\n    sdk: flutter\n');
    writeFileSync(join(dir, 'mobile/android/app/build.gradle'), "plugins { id 'com.android.application' }\n");
    mkdirSync(join(dir, 'api'));
    writeFileSync(join(dir, 'api/go.mod'), 'module example.com/api\n\ngo 1.23\n');
    const d = detectProject(dir, catalog);
    expect(d.packages.map((p) => p.dir)).toEqual(['.', 'api', 'mobile']);
    expect(d.packages.find((p) => p.dir === 'mobile')!.manifests).toEqual(['pubspec.yaml']);
    expect(team(d).mobile).toEqual({ role: 'dev-mobile', variants: { framework: ['flutter'] }, packages: ['mobile'] });
    expect(d.stack.find((s) => s.value === 'flutter')!.where).toEqual([{ package: 'mobile', because: ['pub flutter', 'pubspec.yaml: sdk: flutter'], version: 3 }]);
  });

  it('stops listing a huge project and says so', () => {
    const dir = tempDir();
    for (let i = 0; i < 30; i += 1) writeFileSync(join(dir, `f${i}.txt`), '');
    expect(readEvidence(dir, { maxEntries: 10 }).truncated).toBe(true);
    expect(readEvidence(dir).truncated).toBe(false);
  });

  it('only reads the files that contents hints name', () => {
    const evidence = readEvidence(join(STACKS, 'nextjs-prisma'), { contentGlobs: ['prisma/schema.prisma', '*.md'] });
    expect(Object.keys(evidence.packages[0]!.texts)).toEqual(['prisma/schema.prisma']);
  });
});

describe('matching hints (no disk)', () => {
  const pkg = (over: Partial<PackageEvidence>): PackageEvidence => ({
    dir: '.',
    manifests: [],
    deps: { npm: [], pypi: [], go: [], maven: [], ...(over.deps ?? {}) },
    files: [],
    texts: {},
    ...over,
  });

  it('npm names match exactly, or as a glob', () => {
    const p = pkg({ deps: { npm: ['@radix-ui/react-dialog', 'preact'], pypi: [], go: [], maven: [] } });
    expect(matchHints({ npm: ['react'] }, p)).toEqual([]);
    expect(matchHints({ npm: ['@radix-ui/react-*'] }, p)).toEqual(['npm @radix-ui/react-dialog']);
  });

  it('Python names compare normalised, Go modules by path prefix, Maven by group or coordinate', () => {
    const p = pkg({ deps: { npm: [], pypi: ['psycopg2-binary'], go: ['github.com/jackc/pgx/v5'], maven: ['org.springframework.boot:spring-boot-starter-web', 'io.spring.dependency-management'] } });
    expect(matchHints({ pypi: ['Psycopg2_Binary'] }, p)).toEqual(['pypi psycopg2-binary']);
    expect(matchHints({ go: ['github.com/jackc/pgx'] }, p)).toEqual(['go github.com/jackc/pgx/v5']);
    expect(matchHints({ go: ['github.com/jackc/pg'] }, p)).toEqual([]);
    expect(matchHints({ maven: ['org.springframework'] }, p)).toEqual(['maven org.springframework.boot:spring-boot-starter-web']);
    expect(matchHints({ maven: ['org.springframework.boot:spring-boot-starter-test'] }, p)).toEqual([]);
    expect(matchHints({ maven: ['io.spring.dependency-management'] }, p)).toEqual(['maven io.spring.dependency-management']);
  });

  it('files are globs anchored at the package; contents are regular expressions', () => {
    const p = pkg({ files: ['Dockerfile', 'deploy/api.Dockerfile', 'k8s/base/app.yaml'], texts: { 'db/schema.prisma': 'provider = "sqlite"' } });
    expect(matchHints({ files: ['**/*.Dockerfile'] }, p)).toEqual(['file deploy/api.Dockerfile']);
    expect(matchHints({ files: ['*.Dockerfile'] }, p)).toEqual([]);
    expect(matchHints({ files: ['k8s/**/*.yaml'] }, p)).toEqual(['file k8s/base/app.yaml']);
    expect(matchHints({ contents: [{ file: '**/schema.prisma', pattern: 'provider\\s*=\\s*"sqlite"' }] }, p)).toEqual(['db/schema.prisma: provider = "sqlite"']);
  });

  it('a vetoed value stays in the stack only where its own package is declared', () => {
    const where = (d: Detection, value: string) => d.stack.find((s) => s.value === value)?.where;
    const go = analyse('/p', catalog, { packages: [pkg({ manifests: ['go.mod'], files: ['go.mod'], deps: { npm: [], pypi: [], go: ['github.com/gin-gonic/gin'], maven: [] } })], truncated: false });
    // go.mod says Go, not net/http: beside a router it was only a clue.
    expect(stack(go)).toContain('gin');
    expect(stack(go)).not.toContain('go-std');
    const expo = analyse('/p', catalog, { packages: [pkg({ manifests: ['package.json'], deps: { npm: ['expo', 'react', 'react-native'], pypi: [], go: [], maven: [] } })], truncated: false });
    expect(where(expo, 'react')).toEqual([{ package: '.', because: ['npm react', 'ruled out here by npm react-native, npm expo'] }]);
    // SQLAlchemy's own package decides, not alembic, which SQLModel projects use as well.
    const py = (deps: string[]) => analyse('/p', catalog, { packages: [pkg({ manifests: ['pyproject.toml'], deps: { npm: [], pypi: deps, go: [], maven: [] } })], truncated: false });
    expect(where(py(['sqlmodel', 'alembic']), 'sqlalchemy')).toBeUndefined();
    expect(where(py(['sqlmodel', 'alembic', 'sqlalchemy']), 'sqlalchemy')).toEqual([{ package: '.', because: ['pypi sqlalchemy', 'pypi alembic', 'ruled out here by pypi sqlmodel'] }]);
    expect(where(py(['alembic']), 'sqlalchemy')).toEqual([{ package: '.', because: ['pypi alembic'] }]);
  });

  it("the library's hints: drivers behind ORMs, cloud providers in Terraform, CI and compose files anywhere", () => {
    const found = (over: Partial<PackageEvidence>) => analyse('/p', catalog, { packages: [pkg({ manifests: ['go.mod'], ...over })], truncated: false });
    const go = (modules: string[]) => stack(found({ deps: { npm: [], pypi: [], go: modules, maven: [] } }));
    expect(go(['gorm.io/gorm', 'gorm.io/driver/postgres', 'gorm.io/driver/sqlite'])).toEqual(expect.arrayContaining(['gorm', 'postgresql', 'sqlite']));
    expect(go(['github.com/jinzhu/gorm'])).toContain('gorm');
    expect(go(['github.com/uptrace/bun/dialect/pgdialect', 'github.com/redis/go-redis/v9'])).toEqual(expect.arrayContaining(['postgresql', 'redis']));
    const tf = (text: string) => stack(found({ files: ['infra/main.tf'], texts: { 'infra/main.tf': text } }));
    expect(tf('provider "google" {\n  project = var.project\n}\n')).toContain('gcp');
    expect(tf('terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n')).toContain('aws');
    expect(tf('resource "google_thing" "x" {}\n')).not.toContain('gcp');
    const devops = (files: string[]) => analyse('/p', catalog, { packages: [pkg({ files })], truncated: false }).proposal.some((a) => a.role === 'devops');
    expect(devops(['.travis.yml'])).toBe(true);
    expect(devops(['infrastructure/docker/docker-compose.core.yaml'])).toBe(true);
    expect(devops(['README.md'])).toBe(false);
  });

  it('analyse works on evidence alone, with a registry that proposes nothing', () => {
    const mini = loadCatalog({ libraryDir: MINI_LIBRARY });
    const evidence: ProjectEvidence = { packages: [pkg({ deps: { npm: ['react'], pypi: [], go: [], maven: [] } })], truncated: false };
    const d = analyse('/p', mini, evidence);
    expect(d.stack).toEqual([{ value: 'react', title: 'React', kind: 'Framework', where: [{ package: '.', because: ['npm react'] }] }]);
    expect(d.proposal).toEqual([]);
  });
});

describe('glob dialect', () => {
  it.each([
    ['next.config.mjs', 'next.config.*', true],
    ['src/next.config.mjs', 'next.config.*', false],
    ['a/b/c.module.css', '**/*.module.css', true],
    ['c.module.css', '**/*.module.css', true],
    ['k8s/x.yaml', 'k8s/**/*.yaml', true],
    ['build.gradle.kts', 'build.gradle{,.kts}', true],
    ['build.gradle', 'build.gradle{,.kts}', true],
    ['apps/web', 'apps/*', true],
    ['apps/web/inner', 'apps/*', false],
    ['apps/web/inner', 'apps/**', true],
    ['compose.yaml', 'compose.y*ml', true],
    ['a+b(1).txt', 'a+b(1).txt', true],
  ])('%s ~ %s → %s', (path, pattern, expected) => {
    expect(matchesGlob(path, pattern)).toBe(expected);
  });
});

describe('the registry fields for detection and proposals', () => {
  const base = {
    version: 1,
    categories: { core: { title: 'Core' } },
    skills: { review: { category: 'core' } },
  };

  function problems(roles: Record<string, unknown>): string[] {
    try {
      loadCatalog({ libraryDir: writeLibrary(tempDir(), { ...base, roles }) });
    } catch (err) {
      if (err instanceof AgentTeamError) return err.details;
      throw err;
    }
    return [];
  }

  it('propose must name variants the role has, and must be able to apply', () => {
    expect(problems({
      fe: { title: 'FE', description: 'd', propose: { variants: ['framework'] }, variants: { stack: { values: { react: {} } } } },
      be: { title: 'BE', description: 'd', propose: { name: 'api' } },
    })).toEqual([
      expect.stringMatching(/roles\.fe: propose\.variants: the role has no variant "framework"/),
      expect.stringMatching(/roles\.be: propose needs variants or detect, or it never applies/),
    ]);
  });

  it('a proposed name must be a valid agent name; a contents pattern must be a valid regular expression', () => {
    const found = problems({
      fe: { title: 'FE', description: 'd', propose: { name: '9lives', detect: { contents: [{ file: 'a', pattern: '(unclosed' }] } } },
    });
    expect(found).toEqual([
      expect.stringMatching(/roles\.fe\.propose\.name must be a valid agent name/),
      expect.stringMatching(/roles\.fe\.propose\.detect\.contents\[0\]\.pattern must be a valid regular expression/),
    ]);
  });

  it('a project can make a role proposable in its team file', () => {
    const team = { version: 1 as const, roles: { writer: { propose: { name: 'docs', detect: { files: ['docs/**/*.md'] } } } } };
    const withOverride = loadCatalog({ libraryDir: MINI_LIBRARY, team });
    const evidence: ProjectEvidence = {
      packages: [{ dir: '.', manifests: [], deps: { npm: [], pypi: [], go: [], maven: [] }, files: ['docs/guide/intro.md'], texts: {} }],
      truncated: false,
    };
    expect(analyse('/p', withOverride, evidence).proposal).toEqual([
      { name: 'docs', role: 'writer', variants: {}, packages: ['.'], paths: [], versions: {}, because: ['file docs/guide/intro.md'] },
    ]);
  });
});
