// Checks that the stack-detection corpus (test/fixtures/corpus) is well-formed: every fixture names its source,
// states its truth in the agreed shape with known value names, and holds only small manifest files.
import { describe, expect, it } from 'vitest';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { parseAllDocuments } from 'yaml';

const corpusRoot = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'corpus');

// Value names from the library shape (existing and new); a typo in expected.json must fail here.
const variantValues: Record<string, Record<string, readonly string[]>> = {
  'dev-fe': {
    framework: ['react', 'vue', 'angular', 'svelte', 'solid'],
    'meta-framework': ['nextjs', 'nuxt', 'remix', 'astro', 'sveltekit'],
    styling: ['tailwind', 'css-modules', 'styled-components', 'scss'],
    state: ['zustand', 'redux', 'pinia', 'jotai', 'tanstack-query'],
    testing: ['vitest', 'jest', 'playwright', 'cypress', 'testing-library'],
    'ui-lib': ['shadcn', 'mui', 'radix'],
  },
  'dev-be': {
    framework: ['express', 'fastify', 'nestjs', 'hono', 'django', 'fastapi', 'spring', 'go-std', 'gin', 'echo', 'chi', 'fiber', 'flask'],
    database: ['postgresql', 'mysql', 'sqlite', 'mongodb', 'redis', 'h2'],
    orm: ['prisma', 'drizzle', 'typeorm', 'sqlalchemy', 'gorm', 'sqlc', 'ent', 'jpa', 'sqlmodel'],
    api: ['rest', 'graphql', 'grpc', 'trpc', 'server-rendered'],
    testing: ['pytest', 'junit', 'go-test', 'vitest', 'jest'],
  },
  'dev-mobile': {
    framework: ['expo', 'react-native', 'flutter'],
    testing: ['jest', 'detox', 'maestro'],
  },
  devops: {
    infra: ['aws', 'gcp', 'azure', 'kubernetes', 'terraform', 'helm'],
    ci: ['github-actions', 'gitlab-ci'],
  },
  qa: {
    testing: ['vitest', 'jest', 'playwright', 'cypress', 'testing-library'],
  },
};
const knownValues = new Set(Object.values(variantValues).flatMap((variants) => Object.values(variants).flat()));

// Files whose presence makes a folder a package.
const manifestNames = [/^package\.json$/, /^pyproject\.toml$/, /^requirements[^/]*\.txt$/, /^Pipfile$/, /^go\.mod$/, /^pom\.xml$/, /^build\.gradle(\.kts)?$/, /^pubspec\.yaml$/];

// Source-like files allowed only as tiny stubs: config files detection looks for, and Django's manage.py marker.
const sourceExtension = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|py|go|java|kt|kts|dart|rb|cs|php|rs|swift|scala|vue|svelte)$/;
const allowedStub = /^((next|nuxt|vite|vitest|tailwind|playwright|jest|astro|svelte|drizzle|app|react-router|apollo|postcss)\.config\.(js|mjs|cjs|ts)|manage\.py)$/;
const gradleScript = /^(build|settings)\.gradle\.kts$/;

const maxFileBytes = 64 * 1024;
const maxCorpusBytes = 2 * 1024 * 1024;
const maxStubBytes = 512;

interface Expected {
  source: { repo: string; commit: string; date: string };
  packages: string[];
  stack: Record<string, Record<string, number | null>>;
  team: { role: string; paths: string[]; variants: Record<string, string[]> }[];
  not_detectable: string[];
}

interface FileEntry { path: string; rel: string; size: number; symlink: boolean }

function walk(root: string): FileEntry[] {
  const out: FileEntry[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = lstatSync(path);
      // symlinks are recorded, never followed: some fixtures keep a project's dangling links on purpose
      if (st.isSymbolicLink()) out.push({ path, rel: relative(root, path), size: st.size, symlink: true });
      else if (st.isDirectory()) visit(path);
      else out.push({ path, rel: relative(root, path), size: st.size, symlink: false });
    }
  };
  visit(root);
  return out;
}

const fixtures = readdirSync(corpusRoot).filter((name) => lstatSync(join(corpusRoot, name)).isDirectory()).sort();

// Templates of another tool (cookiecutter paths, Helm chart templates) are not valid YAML/TOML until rendered.
function isTemplate(root: string, rel: string): boolean {
  if (rel.includes('{{')) return true;
  const parts = rel.split(sep);
  return parts.some((part, i) => part === 'templates' && existsSync(join(root, ...parts.slice(0, i), 'Chart.yaml')));
}

function parseStructured(file: FileEntry): void {
  const name = basename(file.rel);
  const text = readFileSync(file.path, 'utf8');
  if (name.endsWith('.json') || name === 'bun.lock' || name === 'Pipfile.lock') {
    JSON.parse(text);
  } else if (name.endsWith('.toml') || name === 'Pipfile' || name === 'poetry.lock' || name === 'uv.lock') {
    parseToml(text);
  } else if (name === 'yarn.lock') {
    if (text.includes('# yarn lockfile v1')) {
      // v1 is not YAML: every entry is a `spec:` header followed by an indented `version "x"` line
      const entries = text.split(/\n\n+/).filter((block) => block.trim() && !block.trimStart().startsWith('#'));
      for (const entry of entries) expect(entry, `${file.rel} entry`).toMatch(/^[^\s].*:\n(  .*\n?)*  version "[^"]+"/m);
    } else {
      for (const doc of parseAllDocuments(text)) expect(doc.errors, file.rel).toEqual([]);
    }
  } else if (/\.ya?ml$/.test(name)) {
    const docs = parseAllDocuments(text);
    for (const doc of Array.isArray(docs) ? docs : [docs]) expect(doc.errors, file.rel).toEqual([]);
  }
}

describe('stack-detection corpus', () => {
  it('has at least 28 fixtures and stays under 2 MB', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(28);
    const total = walk(corpusRoot).reduce((sum, f) => sum + f.size, 0);
    expect(total).toBeLessThan(maxCorpusBytes);
  });

  it('lists every fixture in the corpus README', () => {
    const index = readFileSync(join(corpusRoot, 'README.md'), 'utf8');
    for (const slug of fixtures) expect(index, slug).toContain(`| \`${slug}\``);
  });

  describe.each(fixtures)('%s', (slug) => {
    const root = join(corpusRoot, slug);
    const files = walk(root);
    const expectedPath = join(root, 'expected.json');
    const expected = (existsSync(expectedPath) ? JSON.parse(readFileSync(expectedPath, 'utf8')) : {}) as Expected;

    it('has a README naming the repository and the 40-hex commit of expected.json', () => {
      const readme = readFileSync(join(root, 'README.md'), 'utf8');
      expect(expected.source?.repo).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/);
      expect(expected.source?.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(expected.source?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(readme).toContain(`\`${expected.source.repo}\``);
      expect(readme).toContain(expected.source.commit);
      expect(readme).toContain(expected.source.date);
    });

    it('states its truth in the agreed shape with known value names', () => {
      expect(Object.keys(expected).sort()).toEqual(['not_detectable', 'packages', 'source', 'stack', 'team']);
      expect(new Set(expected.packages).size).toBe(expected.packages.length);
      for (const [pkg, values] of Object.entries(expected.stack)) {
        expect(pkg === '.' || expected.packages.includes(pkg), `stack key ${pkg} is a listed package`).toBe(true);
        for (const [value, major] of Object.entries(values)) {
          expect(knownValues.has(value), `${pkg}: ${value} is a known value name`).toBe(true);
          if (major !== null) expect(Number.isInteger(major) && major >= 0, `${pkg}: ${value} major`).toBe(true);
        }
      }
      const stackValues = new Set(Object.values(expected.stack).flatMap((values) => Object.keys(values)));
      expect(expected.team.length).toBeGreaterThan(0);
      for (const agent of expected.team) {
        expect(Object.hasOwn(variantValues, agent.role), `role ${agent.role}`).toBe(true);
        expect(agent.paths.length).toBeGreaterThan(0);
        for (const path of agent.paths) {
          expect(path === '.' || lstatSync(join(root, path)).isDirectory(), `${agent.role} path ${path}`).toBe(true);
        }
        const allowed = variantValues[agent.role];
        for (const [variant, values] of Object.entries(agent.variants)) {
          expect(Object.hasOwn(allowed, variant), `${agent.role} has variant ${variant}`).toBe(true);
          expect(values.length).toBeGreaterThan(0);
          for (const value of values) {
            expect(allowed[variant], `${agent.role}.${variant}`).toContain(value);
            expect(stackValues.has(value), `${agent.role}.${variant}=${value} appears in the stack`).toBe(true);
          }
        }
      }
      expect(expected.team.some((agent) => agent.role === 'qa'), 'qa is proposed when there is code').toBe(true);
      for (const note of expected.not_detectable) expect(typeof note === 'string' && note.length > 0).toBe(true);
    });

    it('has a manifest in every package folder it lists', () => {
      for (const pkg of expected.packages) {
        const dir = join(root, pkg);
        expect(lstatSync(dir).isDirectory(), pkg).toBe(true);
        const names = readdirSync(dir);
        expect(names.some((name) => manifestNames.some((m) => m.test(name))), `${pkg} has a manifest`).toBe(true);
      }
    });

    it('holds only small files that parse, and no source code', () => {
      for (const file of files) {
        expect(file.size, file.rel).toBeLessThanOrEqual(maxFileBytes);
        if (file.symlink) {
          // kept as the project has them; they must stay relative so they cannot point at this machine
          const target = readlinkSync(file.path);
          expect(isAbsolute(target), `${file.rel} -> ${target}`).toBe(false);
          expect(resolve(dirname(file.path), target).startsWith(root + sep), `${file.rel} stays inside its fixture`).toBe(true);
          continue;
        }
        const name = basename(file.rel);
        if (sourceExtension.test(name) && !gradleScript.test(name)) {
          expect(allowedStub.test(name), `${file.rel} is a known config stub`).toBe(true);
          expect(file.size, `${file.rel} stays a stub`).toBeLessThanOrEqual(maxStubBytes);
        }
        if (!isTemplate(root, file.rel)) parseStructured(file);
      }
    });
  });
});
