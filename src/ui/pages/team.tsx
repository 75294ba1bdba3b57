import type { TeamResponse } from '../../server/types.js';
import { Load, PageTitle } from '../components/common.js';
import { BudgetBars, RoleTree, SkillGraph } from '../components/pictures.js';
import { useApi } from '../hooks.js';
import { href } from '../router.js';

/** The team at a glance: who has which skill, how the roles build on each other, what each agent costs. */
export function TeamPage() {
  const state = useApi<TeamResponse>('/api/team');
  return (
    <section aria-labelledby="page-title">
      <PageTitle>Team map</PageTitle>
      <Load state={state}>
        {(map) =>
          map.agents.length === 0 ? (
            <p>
              No agents yet. <a href={href('agents')}>Add one</a> to see the team here.
            </p>
          ) : (
            <>
              <BudgetBars map={map} />
              <SkillGraph map={map} />
              <RoleTree map={map} />
            </>
          )
        }
      </Load>
    </section>
  );
}
