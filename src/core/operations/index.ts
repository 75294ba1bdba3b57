// The write side: every operation that changes a project, shared by the CLI and the dashboard.
export { addAgent, type AddOutcome, type TeamOutcome } from './add.js';
export { assertRole, assertVariants } from './checks.js';
export { editRoleOverride, type RoleOverrideOutcome } from './role-override.js';
export { initTeam, type InitOutcome } from './init.js';
export { removeAgents } from './remove.js';
export { planDigest, runOperation, type Decision, type OperationOptions, type Outcome } from './run.js';
export { switchAgent, type SwitchOutcome } from './switch.js';
export { setTeams, type TeamsOutcome } from './teams.js';
export { syncTeam, type SyncOutcome } from './sync.js';
export { uninstallTeam, type UninstallOutcome } from './uninstall.js';
export { undoLast, type UndoOutcome } from './undo.js';
export { addSource, removeSource, updateSources, type SourceAddOutcome, type SourceOutcome, type SourceRemoveOutcome } from './source.js';
export { resolveConflicts, type ResolvedFile, type ResolveOutcome } from './resolve.js';
