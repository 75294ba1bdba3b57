import type { OverviewResponse } from '../../server/types.js';
import { Badge, formatTokens, Load, PageTitle } from '../components/common.js';
import { useApi, useProposal } from '../hooks.js';
import { href } from '../router.js';

const STATUS_TEXT: Record<string, string> = { synced: 'in sync', missing: 'not written yet', outdated: 'out of date', edited: 'edited by hand', unknown: 'unknown' };

export function OverviewPage() {
  const state = useApi<OverviewResponse>('/api/overview');
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
                <dd data-testid="stat-active">{o.active ? o.active.agent : 'none'}</dd>
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
              <table class="table">
                <caption class="visually-hidden">Agents, their skills and approximate token cost</caption>
                <thead>
                  <tr>
                    <th scope="col">Agent</th>
                    <th scope="col">Role</th>
                    <th scope="col">Stack</th>
                    <th scope="col">Skills</th>
                    <th scope="col">Tokens at start</th>
                    <th scope="col">File</th>
                  </tr>
                </thead>
                <tbody>
                  {o.agents.map((a) => (
                    <tr key={a.name}>
                      <th scope="row">
                        <a href={href('agents', a.name)}>{a.name}</a> {a.active && <Badge kind="active">active</Badge>}
                      </th>
                      <td>{a.title}</td>
                      <td>{a.stack.join(', ') || '—'}</td>
                      <td>{a.skills.length}</td>
                      <td title={`prompt ${a.cost.prompt}, preloaded skills ${a.cost.skills}`}>{formatTokens(a.cost.total)}</td>
                      <td>
                        <Badge kind={a.status}>{STATUS_TEXT[a.status]}</Badge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
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
                <button type="button" onClick={() => propose({ action: 'sync', input: {} })}>
                  Sync the project with the team file…
                </button>
              </>
            )}
          </>
        )}
      </Load>
    </section>
  );
}
