// The scanner's public surface. Self-contained: imports only node:* so it can move freely.
export { RULES, RULE_IDS, isRuleId, ruleById, type Rule, type RuleId } from './rules.js';
export { scanSkill, scanTree, parseAllow, isAllowed } from './scan.js';
export { blocks, blockingFindings, TRUST_LEVELS } from './policy.js';
export { toSarif, type SarifOptions } from './sarif.js';
export { scanText, WINDOW, type TextKind, type TextFinding } from './text.js';
export { DEFAULT_LIMITS, type Finding, type ScanLimits, type ScanOptions, type ScanReport, type Severity, type Trust } from './types.js';
