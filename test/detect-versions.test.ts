// The version readers one by one: majors from version texts and ranges, every lockfile format on the corpus' real
// files (and a hand-written snippet where the corpus has none), manifests' declared versions, and what happens when a
// lockfile is broken, too large or hostile.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DependencyVersion, PackageEvidence } from '../src/core/detect/evidence.js';
import { readGradle, readPom, stripCodeComments } from '../src/core/detect/jvm.js';
import {
  readBunLock,
  readNpmLock,
  readPackageTablesLock,
  readPipfileLock,
  readPnpmLock,
  readPubspecLock,
  readYarnLock,
} from '../src/core/detect/lockfiles.js';
import { parsePubspec, parseRequirements, requirementSpec } from '../src/core/detect/manifests.js';
import { valueVersion, versionSources } from '../src/core/detect/match.js';
import { goMajor, majorOfSpec } from '../src/core/detect/package-deps.js';
import { readEvidence } from '../src/core/detect/read.js';
import { lowestMajor, majorOfVersion } from '../src/core/detect/semver.js';
import { scanYamlScalars } from '../src/core/detect/yaml-lines.js';
import type { CatalogVariantValue } from '../src/core/library/model.js';
import { ROOT, tempDir } from './helpers/cli.js';

const CORPUS = join(ROOT, 'test/fixtures/corpus');
const corpusFile = (path: string) => readFileSync(join(CORPUS, path), 'utf8');

/** The version detection read for one dependency of one package of a corpus project. */
function versionIn(fixture: string, pkg: string, ecosystem: 'npm' | 'pypi' | 'go' | 'maven' | 'pub', name: string): DependencyVersion | undefined {
  const found = readEvidence(join(CORPUS, fixture)).packages.find((p) => p.dir === pkg);
  return found?.versions?.[ecosystem]?.[name];
}

describe('majors from version texts and ranges', () => {
  it.each([
    ['13.3.2-canary.13', 13],
    ['v5.0.12', 5],
    ['==1.0.2', 1],
    ['0.81.5', 0],
    ['3.0.0-next.23', 3],
    ['4.38.61.ALL', 4],
    ['latest', undefined],
    ['', undefined],
  ])('version %j → %j', (text, major) => {
    expect(majorOfVersion(text)).toBe(major);
  });

  it.each([
    ['^13.3.0', 'npm', 13],
    ['~4.1', 'npm', 4],
    ['>=2 <3', 'npm', 2],
    ['>= 2.0.0', 'npm', 2],
    ['1.x', 'npm', 1],
    ['^2.20.0 || ^3.0.0-next.10 || ^3.0.0', 'npm', 2],
    ['13 - 14', 'npm', 13],
    ['>2', 'npm', 3],
    ['<3', 'npm', 0],
    ['npm:react@^18.2.0', 'npm', 18],
    ['*', 'npm', undefined],
    ['latest', 'npm', undefined],
    ['workspace:*', 'npm', undefined],
    ['catalog:', 'npm', undefined],
    ['file:../ui', 'npm', undefined],
    ['link:../ui', 'npm', undefined],
    ['git+https://github.com/acme/kit.git#v2.0.0', 'npm', undefined],
    ['acme/kit#v2', 'npm', undefined],
    ['>=4.2,<4.3', 'pep440', 4],
    ['==5.0.2', 'pep440', 5],
    ['~=3.1', 'pep440', 3],
    ['<3.0', 'pep440', 0],
    ['^5.2', 'pep440', 5],
    ['>=3.2; python_version >= "3.10"', 'pep440', 3],
    ['!=2.1,>=2', 'pep440', 2],
    ['[1.0,2.0)', 'maven', 1],
    ['(,1.0]', 'maven', 0],
    ['2.7.5', 'maven', 2],
    ['${spring.version}', 'maven', undefined],
    ['^3.13.0', 'pub', 3],
    ['>=3.1.0 <4.0.0', 'pub', 3],
    ['any', 'pub', undefined],
  ] as const)('range %j (%s) → %j', (spec, dialect, major) => {
    expect(majorOfSpec(spec, dialect)).toBe(major);
  });

  it('Go: the /vN suffix from 2 on, else the version', () => {
    expect(goMajor('github.com/labstack/echo/v4', 'v4.9.0')).toBe(4);
    expect(goMajor('github.com/gin-gonic/gin', 'v1.9.1')).toBe(1);
    expect(goMajor('entgo.io/ent', 'v0.11.2')).toBe(0);
    expect(goMajor('github.com/x/y', 'v0.0.0-20240101000000-abcdef123456')).toBe(0);
    expect(goMajor('github.com/old/thing', 'v2.1.0+incompatible')).toBe(2);
  });

  it('long or hostile specs are refused quickly', () => {
    expect(lowestMajor('1'.repeat(300), 'npm')).toBeUndefined();
    expect(majorOfVersion('9'.repeat(20))).toBeUndefined();
    const started = Date.now();
    for (let i = 0; i < 2000; i += 1) lowestMajor(`${'>= '.repeat(80)}1`, 'npm');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('npm lockfiles', () => {
  it('package-lock v3 (packages map): the root importer', () => {
    const lock = readNpmLock(corpusFile('angular20-realworld/package-lock.json'));
    expect(lock.hasImporter('.')).toBe(true);
    expect(lock.version('.', '@angular/core')).toBe('20.3.9');
    expect(lock.version('.', 'not-there')).toBeUndefined();
  });

  it('package-lock v2 with the legacy map; v1 by its dependencies map', () => {
    expect(readNpmLock(corpusFile('go-echo-ent-react/frontend/package-lock.json')).version('.', 'react')).toBe('18.2.0');
    const v1 = readNpmLock(JSON.stringify({ lockfileVersion: 1, dependencies: { express: { version: '4.18.2' } } }));
    expect(v1.version('.', 'express')).toBe('4.18.2');
  });

  it('a workspace takes its own copy first, then the hoisted one; an unknown workspace is not known', () => {
    const lock = readNpmLock(
      JSON.stringify({
        lockfileVersion: 3,
        packages: { '': {}, 'apps/web': {}, 'node_modules/react': { version: '18.3.1' }, 'apps/web/node_modules/react': { version: '19.1.0' }, 'node_modules/next': { version: '15.0.0' } },
      }),
    );
    expect(lock.version('apps/web', 'react')).toBe('19.1.0');
    expect(lock.version('apps/web', 'next')).toBe('15.0.0');
    expect(lock.version('.', 'react')).toBe('18.3.1');
    expect(lock.hasImporter('apps/other')).toBe(false);
  });

  it('an empty root lockfile (packages: {}) knows no package', () => {
    const lock = readNpmLock(corpusFile('graphql-apollo3-fullstack/package-lock.json'));
    expect(lock.hasImporter('start/client')).toBe(false);
    // So start/client, which has no lockfile of its own, falls back to its range.
    expect(versionIn('graphql-apollo3-fullstack', 'start/client', 'npm', 'react')).toMatchObject({ major: 18, file: 'start/client/package.json' });
  });
});

describe('pnpm-lock.yaml', () => {
  it('v6, a single project: top-level maps with specifier and version (peer suffixes dropped)', () => {
    const lock = readPnpmLock(corpusFile('nextjs13-prisma4/pnpm-lock.yaml'));
    expect(lock.version('.', 'next')).toBe('13.3.2-canary.13');
    expect(lock.version('.', '@prisma/client')).toBe('4.13.0');
  });

  it('v9 importers, with catalogs resolved per workspace package', () => {
    const lock = readPnpmLock(corpusFile('t3-turbo-next-expo-trpc/pnpm-lock.yaml'));
    expect(lock.version('apps/expo', '@tanstack/react-query')).toBe('5.90.8');
    expect(lock.version('apps/expo', 'react-native')).toMatch(/^0\.81\./);
    expect(lock.version('packages/db', 'drizzle-orm')).toBe('0.44.7');
    expect(lock.hasImporter('tooling/unknown')).toBe(false);
    const svelte = readPnpmLock(corpusFile('sveltekit3-svelte5-monorepo/pnpm-lock.yaml'));
    expect(svelte.version('packages/docs-types', '@sveltejs/kit')).toBe('2.70.2');
    expect(majorOfVersion(svelte.version('apps/svelte.dev', '@sveltejs/kit'))).toBe(3);
  });

  it('v5: name: version lines, with _peer suffixes and link: workspaces', () => {
    const text = ['lockfileVersion: 5.4', '', 'importers:', '  .:', '    specifiers:', '      next: ^13.0.0', '    dependencies:', '      next: 13.0.6_biqbaboplfbrettd7655fr4n2y', '      ui: link:../ui', '', 'packages:', '  /next/13.0.6:', '    resolution: {integrity: sha512-x}', ''].join('\n');
    const lock = readPnpmLock(text);
    expect(lock.version('.', 'next')).toBe('13.0.6');
    expect(lock.version('.', 'ui')).toBeUndefined();
  });
});

describe('yarn.lock', () => {
  it('v1: the entry whose descriptor is the range', () => {
    const lock = readYarnLock(corpusFile('express4-mongoose/yarn.lock'));
    expect(lock.version('.', 'express', '^4.17.1')).toBe('4.17.1');
    expect(lock.version('.', 'mongoose', '^5.7.7')).toBe('5.13.20');
  });

  it('v1 with several ranges per entry and several entries per name', () => {
    const text = '# yarn lockfile v1\n\n"@babel/core@^7.0.0", "@babel/core@^7.12.3":\n  version "7.24.0"\n\n"@babel/core@^6.0.0":\n  version "6.26.3"\n';
    const lock = readYarnLock(text);
    expect(lock.version('.', '@babel/core', '^7.12.3')).toBe('7.24.0');
    expect(lock.version('.', '@babel/core', '^6.0.0')).toBe('6.26.3');
  });

  it('Berry (YAML, npm: protocol)', () => {
    const text = '__metadata:\n  version: 8\n  cacheKey: 10c0\n\n"express@npm:^4.17.1, express@npm:^4.18.0":\n  version: 4.18.2\n  resolution: "express@npm:4.18.2"\n\n"web@workspace:apps/web":\n  version: 0.0.0-use.local\n';
    expect(readYarnLock(text).version('.', 'express', '^4.18.0')).toBe('4.18.2');
  });
});

describe('bun.lock', () => {
  it('the corpus file, and the real format with trailing commas', () => {
    expect(readBunLock(corpusFile('fastapi-fullstack/bun.lock')).version('frontend', 'react')).toBe('19.2.8');
    const jsonc = '{\n  "lockfileVersion": 1,\n  "workspaces": { "": { "name": "x", }, },\n  "packages": {\n    "vite": ["vite@7.1.3", "", {}, "sha512-x"],\n  },\n}\n';
    const lock = readBunLock(jsonc);
    expect(lock.hasImporter('.')).toBe(true);
    expect(lock.version('.', 'vite')).toBe('7.1.3');
  });
});

describe('Python lockfiles', () => {
  it('poetry.lock and uv.lock: [[package]] name and version, names normalised', () => {
    const poetry = readPackageTablesLock(corpusFile('django5-graphql-poetry/poetry.lock'));
    expect(poetry.version('.', 'Django')).toBe('5.2.1');
    expect(poetry.version('.', 'pytest')).toBe('8.3.5');
    const uv = readPackageTablesLock(corpusFile('fastapi-fullstack/uv.lock'));
    expect(majorOfVersion(uv.version('backend', 'pydantic'))).toBe(2);
    expect(majorOfVersion(uv.version('backend', 'fastapi'))).toBe(0);
  });

  it('pdm.lock, whose sub-tables are not the package', () => {
    const text = '[metadata]\nlock_version = "4.5.0"\n\n[[package]]\nname = "Flask"\nversion = "3.1.0"\n\n[package.dependencies]\nname = "not-a-package"\n\n[[package]]\nname = "werkzeug"\nversion = "3.1.3"\n';
    const lock = readPackageTablesLock(text);
    expect(lock.version('.', 'flask')).toBe('3.1.0');
    expect(lock.version('.', 'not-a-package')).toBeUndefined();
  });

  it('Pipfile.lock: lower-case names and == versions', () => {
    expect(readPipfileLock(corpusFile('flask-pipfile-httpbin/Pipfile.lock')).version('.', 'Flask')).toBe('1.0.2');
  });
});

describe('Dart', () => {
  it('pubspec.lock: hosted versions, SDK packages skipped, the Flutter SDK constraint', () => {
    const lock = readPubspecLock(corpusFile('flutter3-gallery/pubspec.lock'));
    expect(lock.version('.', 'flutter_lints')).toBe('3.0.1');
    expect(lock.version('.', 'flutter')).toBe('>=3.16.0');
    expect(majorOfSpec(lock.version('.', 'flutter'), 'pub')).toBe(3);
  });

  it('pubspec.yaml: dependencies, the Flutter SDK with environment.flutter', () => {
    const info = parsePubspec(corpusFile('flutter3-gallery/pubspec.yaml'));
    expect(info.pub).toContain('flutter');
    expect(info.specs?.pub?.flutter).toBe('^3.13.0');
    expect(versionIn('flutter3-gallery', '.', 'pub', 'flutter')).toEqual({ major: 3, text: '>=3.16.0', file: 'pubspec.lock' });
  });
});

describe('declared versions in manifests', () => {
  it('requirements: specifiers, and -r includes followed relative to the file', () => {
    expect(requirementSpec('Django[bcrypt]>=4.2,<4.3 ; python_version > "3"')).toBe('>=4.2,<4.3');
    expect(requirementSpec('pkg @ https://example.test/pkg.whl')).toBeUndefined();
    expect(parseRequirements('-r requirements/production.txt\n').includes).toEqual(['requirements/production.txt']);
    // requirements.txt → production.txt → base.txt, where Django is.
    expect(versionIn('django4-wagtail', '.', 'pypi', 'django')).toMatchObject({ major: 4, text: '>=4.2,<4.3' });
  });

  it('pip-compile: x.in names the direct requirements, x.txt only gives their pins', () => {
    const evidence = readEvidence(join(CORPUS, 'grpc-polyglot-k8s-helm-tf'));
    const loadgen = evidence.packages.find((p) => p.dir === 'src/loadgenerator')!;
    expect(loadgen.deps.pypi).not.toContain('flask');
    const assistant = evidence.packages.find((p) => p.dir === 'src/shoppingassistantservice')!;
    expect(assistant.versions?.pypi?.flask).toMatchObject({ major: 3 });
  });

  it('Poetry inline tables and upper-bound-only ranges, the lockfile first', () => {
    // django = {extras = ["bcrypt"], version = "^5.2"}; graphene = "<3.0" but 2.x locked.
    expect(versionIn('django5-graphql-poetry', '.', 'pypi', 'django')).toMatchObject({ major: 5, file: 'poetry.lock' });
    expect(versionIn('django5-graphql-poetry', '.', 'pypi', 'graphene')).toMatchObject({ major: 2, file: 'poetry.lock' });
  });

  it('go.mod: majors from the module path', () => {
    expect(versionIn('go-echo-ent-react', 'backend', 'go', 'github.com/labstack/echo/v4')).toMatchObject({ major: 4 });
    expect(versionIn('go-echo-ent-react', 'backend', 'go', 'entgo.io/ent')).toMatchObject({ major: 0 });
  });

  it('pom.xml: the parent written after the coordinates; properties; managed versions are not uses', () => {
    expect(versionIn('spring-boot2-jpa-rest', '.', 'maven', 'org.springframework.boot:spring-boot-starter-parent')).toMatchObject({ major: 2 });
    const pom = readPom(corpusFile('spring-boot2-maven-multimodule/pom.xml'));
    expect(pom.modules).toContain('mall-admin');
    expect(pom.properties['mysql-connector.version']).toBe('8.0.29');
    expect(pom.managed.some((m) => m.artifact === 'mysql-connector-java')).toBe(true);
    expect(pom.dependencies.some((m) => m.artifact === 'mysql-connector-java')).toBe(false);
  });

  it('a Maven module inherits its versions through the parent POM inside the project', () => {
    // mall-mbg: mysql-connector-java has no <version>; the root manages it through ${mysql-connector.version}.
    expect(versionIn('spring-boot2-maven-multimodule', 'mall-mbg', 'maven', 'mysql:mysql-connector-java')).toMatchObject({ major: 8, text: '8.0.29' });
    // mall-common: its starters carry no version; the Boot parent of the root is inherited as one.
    expect(versionIn('spring-boot2-maven-multimodule', 'mall-common', 'maven', 'org.springframework.boot:spring-boot-starter-parent')).toMatchObject({ major: 2, text: '2.7.5' });
    expect(versionIn('spring-boot2-maven-multimodule', 'mall-common', 'maven', 'org.springframework.boot:spring-boot-starter-web')).toMatchObject({ major: undefined });
  });

  it('an imported BOM versions its group: Spring Boot without the starter parent', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'pom.xml'),
      `<project><artifactId>svc</artifactId>
  <properties><spring-boot.version>3.3.4</spring-boot.version></properties>
  <dependencyManagement><dependencies><dependency>
    <groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId>
    <version>\${spring-boot.version}</version><type>pom</type><scope>import</scope>
  </dependency></dependencies></dependencyManagement>
  <dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>
</project>`,
    );
    const pkg = readEvidence(dir).packages[0]!;
    expect(pkg.deps.maven).toEqual(['org.springframework.boot:spring-boot-starter-web']);
    expect(pkg.versions?.maven?.['org.springframework.boot:spring-boot-dependencies']).toMatchObject({ major: 3, text: '3.3.4' });
    const spring = { name: 'spring', title: 'Spring Boot', skills: [], conventions: [], detect: { maven: ['org.springframework.boot'] } };
    expect(valueVersion(spring, pkg)).toEqual({ major: 3, file: 'pom.xml' });
  });

  it('Gradle: plugin versions (literal and through a val), string coordinates with $variables', () => {
    const kts = readGradle(corpusFile('spring-kotlin-boot4/build.gradle.kts'));
    expect(kts.plugins['org.springframework.boot']).toBe('"4.1.0"');
    expect(kts.plugins['org.jetbrains.kotlin.jvm']).toBe('kotlinVersion');
    expect(kts.variables.kotlinVersion).toBe('2.4.10');
    expect(versionIn('spring-kotlin-boot4', '.', 'maven', 'org.jetbrains.kotlin.jvm')).toMatchObject({ major: 2 });
    expect(versionIn('grpc-polyglot-k8s-helm-tf', 'src/adservice', 'maven', 'io.grpc:grpc-stub')).toMatchObject({ major: 1, text: '1.83.1' });
  });

  it('Gradle version catalog: accessors of a subproject, plugin versions by version.ref, the settings include', () => {
    const evidence = readEvidence(join(CORPUS, 'spring-gradle-catalog'));
    expect(evidence.packages.map((p) => p.dir)).toEqual(['.', 'backend', 'backend/core']);
    const core = evidence.packages.find((p) => p.dir === 'backend/core')!;
    expect(core.deps.maven).toEqual(expect.arrayContaining(['org.springframework.boot:spring-boot-starter-data-jpa', 'org.springframework.boot']));
    // The catalog defines the JDBC driver, but core never uses it.
    expect(core.deps.maven).not.toContain('org.postgresql:postgresql');
    expect(core.versions?.maven?.['org.springframework.boot']).toMatchObject({ major: 4, text: '4.0.3' });
  });

  it('comments are stripped without rescanning the text', () => {
    expect(stripCodeComments('a /* b */ c // d\ne')).toBe('a  c \ne');
    const started = Date.now();
    stripCodeComments('/*'.repeat(200_000));
    readGradle(`${'/* '.repeat(100_000)}\nid("x") version "1"`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a POM of unclosed tags costs linear time', () => {
    const started = Date.now();
    readPom(`<project>${'<dependency><artifactId>x'.repeat(50_000)}`);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('whose version is the value version', () => {
  const value = (over: Partial<CatalogVariantValue>): CatalogVariantValue => ({ name: 'v', title: 'V', skills: [], conventions: [], ...over });
  const pkg = (over: Partial<PackageEvidence>): PackageEvidence => ({ dir: '.', manifests: [], deps: { npm: [], pypi: [], go: [], maven: [] }, files: [], texts: {}, ...over });

  it('the first detect package present decides; several ecosystems, or version: {}, mean no version of its own', () => {
    expect(versionSources(value({ detect: { npm: ['@remix-run/react', '@react-router/dev'] } }))).toEqual([['npm', '@remix-run/react'], ['npm', '@react-router/dev']]);
    expect(versionSources(value({ detect: { npm: ['pg'], pypi: ['psycopg'] } }))).toEqual([]);
    expect(versionSources(value({ version: {}, detect: { npm: ['@trpc/server'] } }))).toEqual([]);
    expect(versionSources(value({ version: { pypi: 'pydantic' }, detect: { pypi: ['fastapi'] } }))).toEqual([['pypi', 'pydantic']]);
    const remix = value({ detect: { npm: ['@remix-run/react', '@react-router/dev'] } });
    const p = pkg({ deps: { npm: ['@react-router/dev'], pypi: [], go: [], maven: [] }, versions: { npm: { '@react-router/dev': { major: 7, file: 'package-lock.json' } } } });
    expect(valueVersion(remix, p)).toEqual({ major: 7, file: 'package-lock.json' });
  });

  it('a present source without a version stops the search; an explicit source may be installed undeclared', () => {
    const jpa = value({ detect: { maven: ['org.springframework.boot:spring-boot-starter-data-jpa', 'org.hibernate'] } });
    const p = pkg({
      deps: { npm: [], pypi: [], go: [], maven: ['org.springframework.boot:spring-boot-starter-data-jpa', 'org.hibernate:hibernate-core'] },
      versions: { maven: { 'org.springframework.boot:spring-boot-starter-data-jpa': { file: 'pom.xml' }, 'org.hibernate:hibernate-core': { major: 6, file: 'pom.xml' } } },
    });
    expect(valueVersion(jpa, p)).toEqual({});
    const fastapi = value({ version: { pypi: 'pydantic' }, detect: { pypi: ['fastapi'] } });
    const q = pkg({ deps: { npm: [], pypi: ['fastapi'], go: [], maven: [] }, versions: { pypi: { pydantic: { major: 2, file: 'uv.lock' } } } });
    expect(valueVersion(fastapi, q)).toEqual({ major: 2, file: 'uv.lock' });
  });
});

describe('a broken, huge or hostile lockfile falls back to the manifest', () => {
  function project(lockName: string, lockText: string): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: { next: '^13.3.0' } }));
    writeFileSync(join(dir, lockName), lockText);
    return dir;
  }
  const next = (dir: string) => readEvidence(dir).packages[0]!.versions?.npm?.next;

  it.each([
    ['package-lock.json', '{ "lockfileVersion": 3, "packages": { "node_modules/next": '],
    ['pnpm-lock.yaml', 'lockfileVersion: "9.0"\nimporters:\n  .:\n    dependencies: [unclosed\n'],
    ['yarn.lock', '\u0000\u0001 not a lockfile at all'],
    ['bun.lock', '{"lockfileVersion": 1, "workspaces": {'],
  ])('%s that does not parse', (name, text) => {
    expect(next(project(name, text))).toEqual({ major: 13, text: '^13.3.0', file: 'package.json' });
  });

  it('a lockfile over the size bound is not read at all', () => {
    const dir = project('package-lock.json', '');
    writeFileSync(join(dir, 'package-lock.json'), `{"lockfileVersion":3,"packages":{"":{},"node_modules/next":{"version":"14.0.0"}},"x":"${'a'.repeat(17 * 1024 * 1024)}"}`);
    expect(next(dir)).toMatchObject({ major: 13, file: 'package.json' });
  });

  it('lines of megabytes and deep nesting in a YAML lockfile stay bounded', () => {
    const deep = Array.from({ length: 200 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n');
    const text = `lockfileVersion: "9.0"\nimporters:\n  .:\n    dependencies:\n      next:\n        version: 13.4.0\n${'x'.repeat(2_000_000)}\n${deep}\n`;
    const started = Date.now();
    let count = 0;
    scanYamlScalars(text, () => (count += 1));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(readPnpmLock(text).version('.', 'next')).toBe('13.4.0');
    expect(count).toBeGreaterThan(0);
  });

  it('a workspace package the root lockfile does not list uses its own range', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ workspaces: ['apps/*'] }));
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/next': { version: '15.0.0' } } }));
    mkdirSync(join(dir, 'apps/web'), { recursive: true });
    writeFileSync(join(dir, 'apps/web/package.json'), JSON.stringify({ dependencies: { next: '~14.2.0' } }));
    expect(readEvidence(dir).packages.find((p) => p.dir === 'apps/web')!.versions?.npm?.next).toEqual({ major: 14, text: '~14.2.0', file: 'apps/web/package.json' });
  });
});

describe('version drift reads only what an agent owns', () => {
  it('compares recorded majors with the folders of its paths (and the lockfiles above them), nothing else', async () => {
    const { foundVersions, versionDrift } = await import('../src/core/detect/drift.js');
    const { ProjectFiles } = await import('../src/core/detect/package-deps.js');
    const { readProjectFile } = await import('../src/core/detect/read.js');
    const { loadCatalog } = await import('../src/core/library/catalog.js');
    const { FULL_LIBRARY } = await import('./helpers/cli.js');
    const catalog = loadCatalog({ libraryDir: FULL_LIBRARY });
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'root', workspaces: ['apps/*'] }));
    writeFileSync(
      join(dir, 'package-lock.json'),
      JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'apps/web': {}, 'apps/admin': {}, 'node_modules/next': { version: '14.2.3' }, 'apps/admin/node_modules/next': { version: '13.5.1' } } }),
    );
    for (const app of ['web', 'admin']) {
      mkdirSync(join(dir, 'apps', app), { recursive: true });
      writeFileSync(join(dir, 'apps', app, 'package.json'), JSON.stringify({ name: app, dependencies: { next: '^13.0.0', react: '^18.2.0' } }));
    }
    mkdirSync(join(dir, 'apps/other'), { recursive: true });
    writeFileSync(join(dir, 'apps/other/package.json'), JSON.stringify({ dependencies: { next: '^16.0.0' } }));

    const web = { name: 'web', role: 'dev-fe', variants: { framework: ['react'], 'meta-framework': ['nextjs'] }, versions: { nextjs: 13, react: 18 }, paths: ['apps/web'] };
    const admin = { ...web, name: 'admin', paths: ['apps/admin'] };
    const read: string[] = [];
    const files = new ProjectFiles({
      text: (path) => {
        read.push(path);
        return readProjectFile(dir, path);
      },
      has: (path) => {
        try {
          return readFileSync(join(dir, path)) !== undefined;
        } catch {
          return false;
        }
      },
    });
    expect(foundVersions(dir, catalog, web, files)).toEqual({ nextjs: { major: 14, file: 'package-lock.json' }, react: { major: 18, file: 'apps/web/package.json' } });
    expect(read.sort()).toEqual(['apps/web/package.json', 'package-lock.json']);
    expect(versionDrift(dir, catalog, [web, admin])).toEqual([{ agent: 'web', value: 'nextjs', title: 'Next.js', recorded: 13, found: 14, file: 'package-lock.json' }]);
    // A path that leads out of the project, or to nothing, finds nothing.
    expect(foundVersions(dir, catalog, { ...web, paths: ['../elsewhere', 'apps/missing'] })).toEqual({});
  });
});
