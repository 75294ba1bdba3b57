import type { OverviewResponse, TeamResponse } from '../../server/types.js';
import { Badge, ChangeButton, formatTokens, Load, Name, PageTitle } from '../components/common.js';
import { BudgetBars } from '../components/pictures.js';
import { useApi, useProposal } from '../hooks.js';
import { href } from '../router.js';

const STATUS_TEXT: Record<string, string> = { synced: 'in sync', missing: 'not written yet', outdated: 'out of date', edited: 'edited by hand', unknown: 'unknown' };

export function OverviewPage() {
  const state = useApi<OverviewResponse>('/api/overview');
  const map = useApi<TeamResponse>('/api/team');
  const propose = useProposal();
  return (
    <section aria-labelledby="page-title">
      <PageTitle>Overview</PageTitle>
      <Load state={state}>
        {(o) => (
          <>
            <p class="muted">
              Project <code>{o.root}</code> · agent-team {o.version}
            </p>
            <dl class="stats">
              <div>
                <dt>Agents</dt>
                <dd data-testid="stat-agents">{o.totals.agents}</dd>
              </div>
              <div>
                <dt>Active agent</dt>
                <dd data-testid="stat-active">{o.active ? <Name>{o.active.agent}</Name> : 'none'}</dd>
              </div>
              <div>
                <dt>Skills installed</dt>
                <dd>{o.totals.skills}</dd>
              </div>
              <div>
                <dt>Tokens at start, all agents</dt>
                <dd>{formatTokens(o.totals.tokens)}</dd>
              </div>
            </dl>

            <h2>Team</h2>
            {o.agents.length === 0 ? (
              <p>
                No agents yet. <a href={href('agents')}>Add one</a>.
              </p>
            ) : (
              <>
                <table class="table stack" role="table">
                  <caption class="visually-hidden">Agents, their skills and approximate token cost</caption>
                  <thead>
                    <tr role="row">
                      <th scope="col" role="columnheader">Agent</th>
                      <th scope="col" role="columnheader">Role</th>
                      <th scope="col" role="columnheader">Stack</th>
                      <th scope="col" role="columnheader">Skills</th>
                      <th scope="col" role="columnheader">Tokens at start</th>
                      <th scope="col" role="columnheader">File</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.agents.map((a) => (
                      <tr key={a.name} role="row" data-agent-row={a.name}>
                        <th scope="row" role="rowheader" class="name-cell">
                          <a href={href('agents', a.name)}>
                            <Name>{a.name}</Name>
                          </a>{' '}
                          {a.active && <Badge kind="active">active</Badge>}
                        </th>
                        <td role="cell" data-label="Role">{a.title}</td>
                        <td role="cell" data-label="Stack">{a.stack.join(', ') || '—'}</td>
                        <td role="cell" data-label="Skills">{a.skills.length}</td>
                        <td role="cell" data-label="Tokens at start" title={`prompt ${a.cost.prompt}, preloaded skills ${a.cost.skills}`}>
                          {formatTokens(a.cost.total)}
                        </td>
                        <td role="cell" data-label="File">
                          <Badge kind={a.status}>{STATUS_TEXT[a.status]}</Badge>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Load state={map}>{(m) => <BudgetBars map={m} />}</Load>
                <p>
                  <a href={href('team')}>The team map: who has which skill, and how the roles inherit</a>
                </p>
              </>
            )}

            <h2>Problems</h2>
            {o.problems.length === 0 ? (
              <p data-testid="no-problems">No problems found: everything agent-team manages is valid and in sync.</p>
            ) : (
              <>
                <ul class="problems">
                  {o.problems.map((p, i) => (
                    <li key={i}>
                      <Badge kind={p.level}>{p.level}</Badge> <code>{p.file}</code>: {p.message}
                    </li>
                  ))}
                </ul>
                <ChangeButton onClick={() => propose({ action: 'sync', input: {} })}>Sync the project with the team file…</ChangeButton>
              </>
            )}
          </>
        )}
      </Load>
    </section>
  );
}
