// SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE viewers). Plain objects: the
// caller serialises them.
import { isAbsolute, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from './rules.js';
import type { Finding, ScanReport, Severity } from './types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
/** GitHub ranks security results by this 0–10 score. */
const SCORE: Record<Severity, string> = { high: '8.0', medium: '5.0', low: '2.0' };

export interface SarifOptions {
  /** Paths are written relative to this folder (e.g. the repository root); otherwise as file:// URIs. */
  baseDir?: string;
  toolName?: string;
  informationUri?: string;
}

const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

function uriOf(report: ScanReport, f: Finding, baseDir: string | undefined): string {
  const abs = join(report.dir, f.file === '.' ? '' : f.file);
  if (baseDir !== undefined) {
    const rel = relative(baseDir, abs).split('\\').join('/');
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return encodePath(rel);
  }
  return pathToFileURL(abs).href;
}

export function toSarif(reports: readonly ScanReport[], toolVersion: string, options: SarifOptions = {}) {
  const index = new Map<string, number>(RULES.map((r, i) => [r.id, i]));
  const results = reports.flatMap((report) =>
    report.findings.map((f) => ({
      ruleId: f.rule,
      ruleIndex: index.get(f.rule)!,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(report, f, options.baseDir) },
            region: {
              startLine: Math.max(1, f.line),
              ...(f.column === undefined ? {} : { startColumn: f.column }),
              snippet: { text: f.excerpt },
            },
          },
        },
      ],
      properties: { severity: f.severity, skill: report.skill, 'security-severity': SCORE[f.severity] },
      ...(f.allowed ? { suppressions: [{ kind: 'external', justification: 'accepted with --allow' }] } : {}),
    })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: options.toolName ?? 'agent-team scan',
            version: toolVersion,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: `${r.looksFor}. ${r.why}.` },
              help: { text: `${r.why}. Fix: ${r.fix}.` },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: ['security'], 'security-severity': SCORE[r.severity] },
            })),
          },
        },
        results,
      },
    ],
  };
}
