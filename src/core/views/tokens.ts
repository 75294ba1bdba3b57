import type { Catalog } from '../library/model.js';

/** About four characters per token for English Markdown: an estimate, shown as "~". */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

export interface TokenCost {
  /** The agent file: its system prompt whenever it runs. */
  prompt: number;
  /** SKILL.md files preloaded into it by the `skills:` frontmatter (none in the agents agent-team writes). */
  skills: number;
  total: number;
}

export function agentTokenCost(agentFileChars: number, skills: string[], catalog: Catalog): TokenCost {
  const prompt = estimateTokens(agentFileChars);
  const skillTokens = skills.reduce((sum, s) => sum + estimateTokens(catalog.skills[s]?.chars ?? 0), 0);
  return { prompt, skills: skillTokens, total: prompt + skillTokens };
}

export function formatTokens(n: number): string {
  return n >= 1000 ? `~${(n / 1000).toFixed(1)}k` : `~${n}`;
}
