/**
 * How many tokens an agent may cost when it starts (its file plus the skills it preloads) before
 * the dashboard calls it over budget. One number for every agent until the lead sets per-role
 * budgets; change it here and every picture and table follows.
 */
export const AGENT_TOKEN_BUDGET = 20_000;
