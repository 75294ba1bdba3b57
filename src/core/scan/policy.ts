// What blocks an install at each trust level. Allowed findings never block; nothing blocks for
// official sources, whose findings are still reported.
import type { Finding, ScanReport, Severity, Trust } from './types.js';

export const TRUST_LEVELS: readonly Trust[] = ['official', 'community', 'untrusted'];

const BLOCKING: Record<Trust, readonly Severity[]> = {
  official: [],
  community: ['high'],
  untrusted: ['high', 'medium'],
};

export function blockingFindings(report: ScanReport, trust: Trust): Finding[] {
  const levels = BLOCKING[trust];
  return report.findings.filter((f) => !f.allowed && levels.includes(f.severity));
}

export function blocks(report: ScanReport, trust: Trust): boolean {
  return blockingFindings(report, trust).length > 0;
}
