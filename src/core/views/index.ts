// The read side: plain-data views of a project, computed from one snapshot. The CLI's list,
// doctor and detect, and every dashboard read, show these and nothing else.
export { agentViews, agentViewsOf, teamView } from './agents.js';
export { overview } from './overview.js';
export { listingView, projectSkills } from './listing.js';
export { DRIFT, problems } from './problems.js';
export { explainSkills, roleChoices, roleDetail, roleViews, summariseRole, baseSkills, type RoleSummary, type VariantInfo } from './roles.js';
export { skillFiles, skillViews } from './skills.js';
export { takeSnapshot, type Snapshot } from './snapshot.js';
export { agentTokenCost, estimateTokens, formatTokens, type TokenCost } from './tokens.js';
export type * from './types.js';
export { catalogAt, type CatalogAt } from './catalog.js';
export { AGENT_TOKEN_BUDGET } from './budget.js';
export { alreadyPending, destructiveSteps, planEffects, type AgentEffect, type DestructiveStep } from './plan-effects.js';
export { teamMap, type TeamMap } from './team-map.js';
export { catalogWithoutOverride, overrideFacts, withoutOverride } from './override-facts.js';
