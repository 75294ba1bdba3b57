// Stack detection measured against the corpus of real projects (test/fixtures/corpus): for every fixture the real
// reader runs on the fixture folder and its result is compared with expected.json, the truth written by reading the
// project. Where detection cannot get the truth, the difference is listed in KNOWN_GAPS with the reason; every listed
// gap must still be a gap (so fixing one forces the table to shrink) and no difference may be missing from it.
// DUMP_GAPS=1 prints the differences the table lacks, as entries to review (never to paste without a reason), and
// the listed gaps that are gone.
import { readdirSync, readFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectProject, type Detection } from '../src/core/detect/index.js';
import { loadCatalog } from '../src/core/library/catalog.js';
import { FULL_LIBRARY, ROOT } from './helpers/cli.js';

interface Expected {
  packages: string[];
  stack: Record<string, Record<string, number | null>>;
  team: Array<{ role: string; paths: string[]; variants: Record<string, string[]> }>;
}

const corpusRoot = join(ROOT, 'test/fixtures/corpus');
const fixtures = readdirSync(corpusRoot).filter((name) => lstatSync(join(corpusRoot, name)).isDirectory()).sort();
const catalog = loadCatalog({ libraryDir: FULL_LIBRARY });

/**
 * Where detection does not reach the truth: one line per difference, worded as the comparison below words it, and
 * why. `library:` is a gap the registry's detect hints or value shapes decide (not the engine); `fixture:` a fact the
 * trimmed fixture cannot show; `judgement:` a call expected.json makes from reading code or intent.
 */
const WHY = {
  goTest: 'fixture: go-test is known from *_test.go files, and fixtures keep no source code',
  goStdGrpc: 'judgement: these services serve gRPC only, which is read from the code; go.mod cannot tell them from a net/http service that speaks gRPC too (go-nethttp-k8s-helm)',
  restPlain: 'library: REST is hinted only by OpenAPI/Swagger packages; a plain web framework dependency does not say it serves JSON',
  restJudgement: 'judgement: the JSON API is read from the code (views, handlers); no manifest names it',
  srDjango: 'fixture: the Django templates are not kept, and a Django dependency alone does not say the app renders pages',
  srGo: 'fixture: the html/template files of the Go frontend are not kept',
  srJinja: 'judgement: jinja2 renders e-mails here, not pages; the hint cannot tell',
  k8sFolder: 'library: manifests in a folder named after the cluster (eks/*.yaml) match no folder hint; a contents hint on apiVersion/kind would have to read every YAML file (the reader reads 10 per glob) and would match Helm templates too',
  fastapiPydantic: "library: the registry versions FastAPI by pydantic (its conventions split on Pydantic 1/2); expected.json gives FastAPI's own 0.x",
  radixSingle: 'library: ui-lib takes one value, so shadcn (first) excludes Radix, which shadcn/ui is built on',
  unusedTailwind: 'judgement: tailwindcss is an unused dependency left by a CRA eject (no config, no directives)',
  grpcClient: 'judgement: the frontend only calls the services through gRPC clients; go.mod cannot tell a client from a server',
  alloydb: 'judgement: AlloyDB (PostgreSQL) through langchain-google-alloydb-pg, a library no hint names',
  sqliteDocs: "judgement: better-sqlite3 is Docus' (Nuxt Content) local index, not a database of the app",
  springRest: 'library: REST is hinted only by springdoc; spring-boot-starter-web or springfox do not count',
  mobileSingle: "library: dev-mobile's framework takes one value, so Expo excludes React Native",
  maestroQa: "judgement: expected.json follows the corpus convention that qa lists only vitest/jest/playwright/cypress/testing-library; the library's qa also takes maestro",
  zapier: "judgement: premium/, enterprise/ and integrations/zapier have no stack fact (an empty pyproject, jest alone); they are the backend's by reading the project",
  validators: 'judgement: packages/validators (zod) is used by the API, the web app and the mobile app alike; expected.json gives it to the backend',
  grpcSplit: 'judgement: emailservice and recommendationservice (Python, gRPC) join the Flask shoppingassistantservice, whose stack is compatible; expected.json keeps framework-less gRPC services apart from the Flask app',
  nuxtVue: 'judgement: Vue 2 comes with Nuxt 2 and is only in yarn.lock',
};

const KNOWN_GAPS: Array<{ fixture: string; what: string; why: string }> = [
  { fixture: 'django5-healthchecks', what: 'stack . rest: found absent, expected null', why: WHY.restJudgement },
  { fixture: 'django5-healthchecks', what: 'stack . server-rendered: found absent, expected null', why: WHY.srDjango },
  { fixture: 'django5-healthchecks', what: 'team dev-be [.] api: found [], expected [rest, server-rendered]', why: WHY.srDjango },
  { fixture: 'django5-nuxt2-gitlab-helm', what: 'stack web-frontend vue: found absent, expected 2', why: WHY.nuxtVue },
  { fixture: 'django5-nuxt2-gitlab-helm', what: 'team dev-be [backend, changelog, enterprise/backend, integrations/zapier, premium/backend] testing: found [pytest], expected [jest, pytest]', why: WHY.zapier },
  { fixture: 'django5-nuxt2-gitlab-helm', what: 'team dev-be [backend, changelog, enterprise/backend, integrations/zapier, premium/backend]: found paths [backend, changelog]', why: WHY.zapier },
  { fixture: 'django5-nuxt2-gitlab-helm', what: 'team dev-fe [web-frontend] framework: found [], expected [vue]', why: WHY.nuxtVue },
  { fixture: 'expo54-obytes', what: 'team dev-mobile [.] framework: found [expo], expected [expo, react-native]', why: WHY.mobileSingle },
  { fixture: 'expo54-obytes', what: 'team qa [.] testing: found [jest, maestro, testing-library], expected [jest, testing-library]', why: WHY.maestroQa },
  { fixture: 'fastapi-fullstack', what: 'stack backend fastapi: found 2, expected 0', why: WHY.fastapiPydantic },
  { fixture: 'fastapi-fullstack', what: 'stack backend server-rendered: found null, expected absent', why: WHY.srJinja },
  { fixture: 'fastapi-fullstack', what: 'team dev-be [backend] api: found [rest, server-rendered], expected [rest]', why: WHY.srJinja },
  { fixture: 'fastapi-fullstack', what: 'team dev-fe [frontend, packages/react-email] ui-lib: found [shadcn], expected [radix, shadcn]', why: WHY.radixSingle },
  { fixture: 'flask-microblog', what: 'stack . rest: found absent, expected null', why: WHY.restJudgement },
  { fixture: 'flask-microblog', what: 'team dev-be [.] api: found [server-rendered], expected [rest, server-rendered]', why: WHY.restJudgement },
  { fixture: 'flask-pipfile-httpbin', what: 'stack . rest: found absent, expected null', why: WHY.restJudgement },
  { fixture: 'flask-pipfile-httpbin', what: 'team dev-be [.] api: found [], expected [rest]', why: WHY.restJudgement },
  { fixture: 'go-chi-bun', what: 'stack . go-test: found absent, expected null', why: WHY.goTest },
  { fixture: 'go-chi-bun', what: 'stack . rest: found absent, expected null', why: WHY.restPlain },
  { fixture: 'go-chi-bun', what: 'team dev-be [.] api: found [], expected [rest]', why: WHY.restPlain },
  { fixture: 'go-chi-bun', what: 'team dev-be [.] testing: found [], expected [go-test]', why: WHY.goTest },
  { fixture: 'go-echo-ent-react', what: 'stack backend rest: found absent, expected null', why: WHY.restPlain },
  { fixture: 'go-echo-ent-react', what: 'stack frontend tailwind: found 3, expected absent', why: WHY.unusedTailwind },
  { fixture: 'go-echo-ent-react', what: 'team dev-be [backend] api: found [], expected [rest]', why: WHY.restPlain },
  { fixture: 'go-echo-ent-react', what: 'team dev-fe [frontend] styling: found [tailwind], expected []', why: WHY.unusedTailwind },
  { fixture: 'go-fiber-sqlx', what: 'stack . go-test: found absent, expected null', why: WHY.goTest },
  { fixture: 'go-fiber-sqlx', what: 'team dev-be [.] testing: found [], expected [go-test]', why: WHY.goTest },
  { fixture: 'go-gin-gorm-multidb', what: 'stack . go-test: found absent, expected null', why: WHY.goTest },
  { fixture: 'go-gin-gorm-multidb', what: 'team dev-be [.] testing: found [], expected [go-test]', why: WHY.goTest },
  { fixture: 'go-gin-gorm-v1', what: 'stack . go-test: found absent, expected null', why: WHY.goTest },
  { fixture: 'go-gin-gorm-v1', what: 'stack . rest: found absent, expected null', why: WHY.restPlain },
  { fixture: 'go-gin-gorm-v1', what: 'team dev-be [.] api: found [], expected [rest]', why: WHY.restPlain },
  { fixture: 'go-gin-gorm-v1', what: 'team dev-be [.] testing: found [], expected [go-test]', why: WHY.goTest },
  { fixture: 'go-gin-sqlc-libpq', what: 'stack . go-test: found absent, expected null', why: WHY.goTest },
  { fixture: 'go-gin-sqlc-libpq', what: 'stack . kubernetes: found absent, expected null', why: WHY.k8sFolder },
  { fixture: 'go-gin-sqlc-libpq', what: 'stack . rest: found absent, expected null', why: WHY.restPlain },
  { fixture: 'go-gin-sqlc-libpq', what: 'team dev-be [.] api: found [grpc], expected [grpc, rest]', why: WHY.restPlain },
  { fixture: 'go-gin-sqlc-libpq', what: 'team dev-be [.] testing: found [], expected [go-test]', why: WHY.goTest },
  { fixture: 'go-gin-sqlc-libpq', what: 'team devops [.] infra: found [], expected [kubernetes]', why: WHY.k8sFolder },
  { fixture: 'go-nethttp-k8s-helm', what: 'stack . go-test: found absent, expected null', why: WHY.goTest },
  { fixture: 'go-nethttp-k8s-helm', what: 'stack . rest: found absent, expected null', why: WHY.restJudgement },
  { fixture: 'go-nethttp-k8s-helm', what: 'team dev-be [.] api: found [grpc], expected [grpc, rest]', why: WHY.restJudgement },
  { fixture: 'go-nethttp-k8s-helm', what: 'team dev-be [.] testing: found [], expected [go-test]', why: WHY.goTest },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/checkoutservice go-std: found null, expected absent', why: WHY.goStdGrpc },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/checkoutservice go-test: found absent, expected null', why: WHY.goTest },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/emailservice server-rendered: found null, expected absent', why: WHY.srJinja },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/frontend go-test: found absent, expected null', why: WHY.goTest },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/frontend grpc: found null, expected absent', why: WHY.grpcClient },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/frontend server-rendered: found absent, expected null', why: WHY.srGo },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/productcatalogservice go-std: found null, expected absent', why: WHY.goStdGrpc },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/productcatalogservice go-test: found absent, expected null', why: WHY.goTest },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/shippingservice go-std: found null, expected absent', why: WHY.goStdGrpc },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/shippingservice go-test: found absent, expected null', why: WHY.goTest },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/shoppingassistantservice postgresql: found absent, expected null', why: WHY.alloydb },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'stack src/shoppingassistantservice rest: found absent, expected null', why: WHY.restJudgement },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'team dev-be [src/checkoutservice, src/frontend, src/productcatalogservice, src/shippingservice] api: found [grpc], expected [grpc, server-rendered]', why: WHY.srGo },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'team dev-be [src/checkoutservice, src/frontend, src/productcatalogservice, src/shippingservice] framework: found [go-std], expected []', why: WHY.goStdGrpc },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'team dev-be [src/checkoutservice, src/frontend, src/productcatalogservice, src/shippingservice] testing: found [], expected [go-test]', why: WHY.goTest },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'team dev-be [src/emailservice, src/recommendationservice] api: found [grpc, server-rendered], expected [grpc]', why: WHY.srJinja },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'team dev-be [src/emailservice, src/recommendationservice] framework: found [flask], expected []', why: WHY.grpcSplit },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'team dev-be [src/emailservice, src/recommendationservice]: found paths [src/emailservice, src/recommendationservice, src/shoppingassistantservice]', why: WHY.grpcSplit },
  { fixture: 'grpc-polyglot-k8s-helm-tf', what: 'team dev-be [src/shoppingassistantservice]: found absent', why: WHY.grpcSplit },
  { fixture: 'nextjs15-drizzle', what: 'team dev-fe [.] ui-lib: found [shadcn], expected [radix, shadcn]', why: WHY.radixSingle },
  { fixture: 'nextjs16-tailwind4', what: 'team dev-fe [.] ui-lib: found [shadcn], expected [radix, shadcn]', why: WHY.radixSingle },
  { fixture: 'nuxt4-elk', what: 'stack docs sqlite: found null, expected absent', why: WHY.sqliteDocs },
  { fixture: 'nuxt4-elk', what: 'team dev-be [docs]: found {"database":["sqlite"]}, expected absent', why: WHY.sqliteDocs },
  { fixture: 'react-router7-epic-stack', what: 'team dev-fe [.] ui-lib: found [shadcn], expected [radix, shadcn]', why: WHY.radixSingle },
  { fixture: 'spring-boot2-maven-multimodule', what: 'stack mall-admin rest: found absent, expected null', why: WHY.springRest },
  { fixture: 'spring-boot2-maven-multimodule', what: 'stack mall-portal rest: found absent, expected null', why: WHY.springRest },
  { fixture: 'spring-boot2-maven-multimodule', what: 'stack mall-search rest: found absent, expected null', why: WHY.springRest },
  { fixture: 'spring-boot2-maven-multimodule', what: 'team dev-be [.] api: found [server-rendered], expected [rest, server-rendered]', why: WHY.springRest },
  { fixture: 'spring-gradle-catalog', what: 'stack backend/core rest: found absent, expected null', why: WHY.springRest },
  { fixture: 'spring-gradle-catalog', what: 'team dev-be [backend] api: found [], expected [rest]', why: WHY.springRest },
  { fixture: 't3-turbo-next-expo-trpc', what: 'team dev-be [packages/api, packages/auth, packages/db, packages/validators]: found paths [packages/api, packages/auth, packages/db]', why: WHY.validators },
  { fixture: 't3-turbo-next-expo-trpc', what: 'team dev-fe [apps/nextjs, apps/tanstack-start, packages/ui, tooling/tailwind] ui-lib: found [shadcn], expected [radix, shadcn]', why: WHY.radixSingle },
  { fixture: 't3-turbo-next-expo-trpc', what: 'team dev-mobile [apps/expo] framework: found [expo], expected [expo, react-native]', why: WHY.mobileSingle },
];

type Stack = Record<string, Record<string, number | null>>;

function foundStack(d: Detection): Stack {
  const stack: Stack = {};
  for (const item of d.stack) for (const w of item.where) (stack[w.package] ??= {})[item.value] = w.version ?? null;
  return stack;
}

/** A list of owned folders as a set: `.` covers everything, a folder covers those below it. */
function normalisePaths(paths: string[]): string[] {
  if (paths.length === 0 || paths.includes('.')) return ['.'];
  return [...new Set(paths)].filter((p) => !paths.some((q) => q !== p && p.startsWith(`${q}/`))).sort();
}

function normaliseVariants(variants: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(variants).filter(([, v]) => v.length > 0).map(([k, v]) => [k, [...v].sort()]));
}

/** One line per variant whose values differ: `api: found [grpc], expected [grpc, rest]`. */
function variantDifferences(found: Record<string, string[]>, expected: Record<string, string[]>): string[] {
  const out: string[] = [];
  for (const variant of [...new Set([...Object.keys(found), ...Object.keys(expected)])].sort()) {
    const a = (found[variant] ?? []).join(', ');
    const e = (expected[variant] ?? []).join(', ');
    if (a !== e) out.push(`${variant}: found [${a}], expected [${e}]`);
  }
  return out;
}

const show = (v: number | null | undefined) => (v === undefined ? 'absent' : String(v));

interface Comparison {
  differences: string[];
  stack: { right: number; expected: number; found: number };
  team: { right: number; expected: number; found: number };
}

function compare(d: Detection, expected: Expected): Comparison {
  const differences: string[] = [];
  const packages = d.packages.filter((p) => p.manifests.length > 0).map((p) => p.dir);
  for (const p of expected.packages) if (!packages.includes(p)) differences.push(`package ${p}: found absent, expected present`);
  for (const p of packages) if (!expected.packages.includes(p)) differences.push(`package ${p}: found present, expected absent`);

  const found = foundStack(d);
  let right = 0;
  let expectedCount = 0;
  let foundCount = 0;
  for (const pkg of [...new Set([...Object.keys(found), ...Object.keys(expected.stack)])].sort()) {
    const a = found[pkg] ?? {};
    const e = expected.stack[pkg] ?? {};
    expectedCount += Object.keys(e).length;
    foundCount += Object.keys(a).length;
    for (const value of [...new Set([...Object.keys(a), ...Object.keys(e)])].sort()) {
      const fa = Object.hasOwn(a, value) ? a[value] : undefined;
      const ea = Object.hasOwn(e, value) ? e[value] : undefined;
      if (fa === ea) right += 1;
      else differences.push(`stack ${pkg} ${value}: found ${show(fa)}, expected ${show(ea)}`);
    }
  }

  const agents = d.proposal.map((a) => ({ role: a.role, paths: normalisePaths(a.paths), variants: normaliseVariants(a.variants) }));
  const wanted = expected.team.map((a) => ({ role: a.role, paths: normalisePaths(a.paths), variants: normaliseVariants(a.variants) }));
  let teamRight = 0;
  const unmatched = [...agents];
  for (const w of wanted) {
    const where = `${w.role} [${w.paths.join(', ')}]`;
    const same = unmatched.findIndex((a) => a.role === w.role && a.paths.join() === w.paths.join());
    const overlap = same >= 0 ? same : unmatched.findIndex((a) => a.role === w.role && a.paths.some((p) => w.paths.includes(p)));
    if (overlap < 0) {
      differences.push(`team ${where}: found absent`);
      continue;
    }
    const [a] = unmatched.splice(overlap, 1);
    const variants = variantDifferences(a!.variants, w.variants);
    if (a!.paths.join() !== w.paths.join()) differences.push(`team ${where}: found paths [${a!.paths.join(', ')}]`);
    for (const v of variants) differences.push(`team ${where} ${v}`);
    if (a!.paths.join() === w.paths.join() && variants.length === 0) teamRight += 1;
  }
  for (const a of unmatched) differences.push(`team ${a.role} [${a.paths.join(', ')}]: found ${JSON.stringify(a.variants)}, expected absent`);
  return { differences, stack: { right, expected: expectedCount, found: foundCount }, team: { right: teamRight, expected: wanted.length, found: agents.length } };
}

const rows: string[] = [];
const totals = { stackRight: 0, stackExpected: 0, stackFound: 0, teamRight: 0, teamExpected: 0, teamFound: 0 };

describe('stack detection on the corpus of real projects', () => {
  afterAll(() => {
    const width = Math.max(...fixtures.map((f) => f.length));
    console.log(
      [
        `${'fixture'.padEnd(width)}  stack right/expected (found)  team right/expected (found)`,
        ...rows,
        `${'all'.padEnd(width)}  ${`${totals.stackRight}/${totals.stackExpected} (${totals.stackFound})`.padEnd(28)}  ${totals.teamRight}/${totals.teamExpected} (${totals.teamFound})`,
        `known gaps: ${KNOWN_GAPS.length}`,
      ].join('\n'),
    );
  });

  it.each(fixtures)('%s', (fixture) => {
    const expected = JSON.parse(readFileSync(join(corpusRoot, fixture, 'expected.json'), 'utf8')) as Expected;
    const d = detectProject(join(corpusRoot, fixture), catalog);
    const result = compare(d, expected);
    const width = Math.max(...fixtures.map((f) => f.length));
    totals.stackRight += result.stack.right;
    totals.stackExpected += result.stack.expected;
    totals.stackFound += result.stack.found;
    totals.teamRight += result.team.right;
    totals.teamExpected += result.team.expected;
    totals.teamFound += result.team.found;
    rows.push(
      `${fixture.padEnd(width)}  ${`${result.stack.right}/${result.stack.expected} (${result.stack.found})`.padEnd(28)}  ${result.team.right}/${result.team.expected} (${result.team.found})`,
    );
    const gaps = KNOWN_GAPS.filter((g) => g.fixture === fixture).map((g) => g.what).sort();
    if (process.env.DUMP_GAPS) {
      for (const d of result.differences.sort()) if (!gaps.includes(d)) console.log(`GAP  { fixture: '${fixture}', what: '${d}', why: '' },`);
      for (const g of gaps) if (!result.differences.includes(g)) console.log(`GONE { fixture: '${fixture}', what: '${g}' },`);
    }
    expect(result.differences.sort()).toEqual(gaps);
  });

  it('lists each known gap once, for a fixture of the corpus, with a reason', () => {
    const keys = KNOWN_GAPS.map((g) => `${g.fixture} ${g.what}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const gap of KNOWN_GAPS) {
      expect(fixtures, gap.fixture).toContain(gap.fixture);
      expect(gap.why, gap.what).toMatch(/^(library|fixture|judgement): .{10,}/);
    }
  });
});
