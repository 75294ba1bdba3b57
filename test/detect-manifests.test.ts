import { describe, expect, it } from 'vitest';
import {
  parseGoMod,
  parseGradle,
  parsePackageJson,
  parsePipfile,
  parsePnpmWorkspace,
  parsePom,
  parsePyproject,
  parseRequirements,
  parseVersionCatalog,
} from '../src/core/detect/manifests.js';

describe('package.json', () => {
  it('lists every kind of dependency and the workspaces, in either shape', () => {
    const info = parsePackageJson(JSON.stringify({
      name: 'x',
      dependencies: { react: '1' },
      devDependencies: { vitest: '1' },
      peerDependencies: { 'react-dom': '1' },
      optionalDependencies: { fsevents: '1' },
      workspaces: { packages: ['apps/*'] },
    }));
    expect(info).toEqual({
      name: 'x',
      npm: ['react', 'vitest', 'react-dom', 'fsevents'],
      workspaces: ['apps/*'],
      specs: { npm: { react: '1', vitest: '1', fsevents: '1', 'react-dom': '1' } },
      devOnly: ['vitest'],
    });
    expect(parsePackageJson('{"workspaces":["a/*", 3]}').workspaces).toEqual(['a/*']);
  });

  it('broken JSON yields nothing instead of an error', () => {
    expect(parsePackageJson('{ "dependencies": ')).toEqual({});
    expect(parsePackageJson('[1]')).toEqual({});
  });

  it('pnpm-workspace.yaml, block and flow lists, with comments', () => {
    expect(parsePnpmWorkspace('packages:\n  - "apps/*"  # apps\n  - packages/*\ncatalog:\n  - not-this\n').workspaces).toEqual(['apps/*', 'packages/*']);
    expect(parsePnpmWorkspace("packages: ['a/*', \"b/*\"]\n").workspaces).toEqual(['a/*', 'b/*']);
  });
});

describe('Python', () => {
  it('requirements: versions, extras, markers, comments, continuations, options and eggs', () => {
    const text = [
      '# comment',
      'Django>=5.2,<6  # inline comment',
      'psycopg[binary]>=3.2',
      'redis==6.2.0 ; python_version >= "3.10"',
      'celery \\',
      '  ~=5.5',
      '-r other.txt',
      '--index-url https://example.test/simple',
      '-e git+https://github.com/acme/kit.git#egg=acme_kit',
      'https://example.test/pkg.whl',
      './local/pkg',
      'Zope.Interface',
    ].join('\n');
    expect(parseRequirements(text).pypi).toEqual(['django', 'psycopg', 'redis', 'celery', 'acme-kit', 'zope-interface']);
  });

  it('pyproject: PEP 621 dependencies, optional dependencies and dependency groups', () => {
    const text = `
[project]
name = "svc"
description = "uses # and = in a string"
dependencies = [
  "fastapi[standard]>=0.115",   # web
  'SQLAlchemy>=2',
]

[project.optional-dependencies]
pg = ["asyncpg"]

[dependency-groups]
dev = ["pytest>=8", { include-group = "lint" }]
lint = ["ruff"]

[tool.uv]
dev-dependencies = ["mypy"]
`;
    expect(parsePyproject(text)).toEqual({
      name: 'svc',
      pypi: ['fastapi', 'sqlalchemy', 'asyncpg', 'pytest', 'ruff', 'mypy'],
      specs: { pypi: { fastapi: '>=0.115', sqlalchemy: '>=2', pytest: '>=8' } },
    });
  });

  it('pyproject: Poetry tables, without python itself', () => {
    const text = `
[tool.poetry]
name = "inv"
[tool.poetry.dependencies]
python = "^3.12"
Django = { version = "^5", extras = ["argon2"] }
"django-ninja" = "^1"
[tool.poetry.group.test.dependencies]
pytest = "*"
[tool.black]
line-length = 100
`;
    expect(parsePyproject(text)).toEqual({ name: 'inv', pypi: ['django', 'django-ninja', 'pytest'], specs: { pypi: { django: '^5', 'django-ninja': '^1', pytest: '*' } } });
  });

  it('multi-line strings do not confuse the TOML reader, and a broken file names nothing', () => {
    const text = 'readme = """\n[not.a.table]\nx = 1\n"""\n[project]\ndependencies = ["flask"]\n';
    expect(parsePyproject(text).pypi).toEqual(['flask']);
    expect(parsePyproject('[project\ndependencies = ["flask"').pypi).toEqual([]);
  });

  it('Pipfile packages and dev-packages', () => {
    expect(parsePipfile('[[source]]\nurl = "x"\n[packages]\nFlask = "*"\n[dev-packages]\npytest = "*"\n').pypi).toEqual(['flask', 'pytest']);
  });
});

describe('Go', () => {
  it('go.mod: module name and direct requirements, single and in blocks, not indirect ones', () => {
    const text = `module example.com/shop // the module

go 1.24

require github.com/go-chi/chi/v5 v5.2.1

require (
\tgithub.com/jackc/pgx/v5 v5.7.5
\tgolang.org/x/sync v0.15.0 // indirect
)

replace (
\texample.com/old => ../old
)
`;
    expect(parseGoMod(text)).toEqual({
      name: 'example.com/shop',
      go: ['github.com/go-chi/chi/v5', 'github.com/jackc/pgx/v5'],
      specs: { go: { 'github.com/go-chi/chi/v5': 'v5.2.1', 'github.com/jackc/pgx/v5': 'v5.7.5' } },
    });
  });
});

describe('JVM', () => {
  it('pom.xml: dependencies, the parent and plugins; comments ignored', () => {
    const text = `<project>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId></parent>
  <artifactId>billing</artifactId>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <!-- <dependency><groupId>com.old</groupId><artifactId>gone</artifactId></dependency> -->
  </dependencies>
  <build><plugins><plugin><artifactId>maven-surefire-plugin</artifactId></plugin></plugins></build>
</project>`;
    const info = parsePom(text);
    expect(info.name).toBe('billing');
    expect(info.maven).toEqual(['org.springframework.boot:spring-boot-starter-web', 'org.springframework.boot:spring-boot-starter-parent', 'org.apache.maven.plugins:maven-surefire-plugin']);
  });

  it('build.gradle (Groovy): string and map notations, plugin ids, comments ignored', () => {
    const text = `plugins { id 'org.springframework.boot' version '3.5.0' }
repositories { maven { url "https://repo.example.test/maven" } }
dependencies {
  implementation 'org.springframework.boot:spring-boot-starter-data-jpa'
  testImplementation group: 'org.junit.jupiter', name: 'junit-jupiter', version: '5.12.0'
  // implementation 'com.old:gone:1.0'
  /* runtimeOnly 'com.old:block:1.0' */
}`;
    expect(parseGradle(text).maven).toEqual(['org.springframework.boot:spring-boot-starter-data-jpa', 'org.junit.jupiter:junit-jupiter', 'org.springframework.boot']);
  });

  it('the Gradle version catalog', () => {
    const text = `[versions]
boot = "3.5.0"
[libraries]
web = { module = "org.springframework.boot:spring-boot-starter-web", version.ref = "boot" }
pg = { group = "org.postgresql", name = "postgresql", version = "42.7.5" }
short = "com.squareup.okhttp3:okhttp:4.12.0"
[plugins]
boot = { id = "org.springframework.boot", version.ref = "boot" }
`;
    expect(parseVersionCatalog(text).maven).toEqual([
      'org.springframework.boot:spring-boot-starter-web',
      'org.postgresql:postgresql',
      'com.squareup.okhttp3:okhttp',
      'org.springframework.boot',
    ]);
  });
});
