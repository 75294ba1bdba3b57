import type { Catalog } from '../library/model.js';
import { loadCatalog } from '../library/catalog.js';
import { libraryDir } from '../library/package.js';
import { findProjectRoot } from '../project.js';
import type { TeamData } from '../team/schema.js';
import { parseTeam, readTeamText } from '../team/team-file.js';

export interface CatalogAt {
  catalog: Catalog;
  /** The project and its team, when `cwd` is inside one. */
  root?: string;
  team?: TeamData;
}

/** The catalog as seen from `cwd`: shaped by the team file around it, or the plain library outside a project. */
export function catalogAt(cwd: string): CatalogAt {
  const root = findProjectRoot(cwd);
  const text = root ? readTeamText(root) : undefined;
  const team = text !== undefined ? parseTeam(text) : undefined;
  return { catalog: loadCatalog({ libraryDir: libraryDir(), projectRoot: root, team }), root: team ? root : undefined, team };
}
