import type { RoleDetailResponse, RolesResponse } from '../../server/types.js';
import { BackLink, Badge, Load, Markdown, Name, PageTitle } from '../components/common.js';
import { useApi } from '../hooks.js';
import { href } from '../router.js';

function via(v: string) {
  const [kind, what] = v.split(':');
  if (kind === 'inherit') return <>inherited from <a href={href('roles', what!)}>{what}</a></>;
  if (kind === 'category') return <>category {what}</>;
  if (kind === 'depends_on') return <>needed by <a href={href('skills', what!)}>{what}</a></>;
  return <>included</>;
}

export function RolesPage() {
  const state = useApi<RolesResponse>('/api/roles');
  return (
    <section aria-labelledby="page-title">
      <PageTitle>Roles</PageTitle>
      <Load state={state}>
        {(r) => (
          <ul class="role-grid" aria-label="Roles">
            {r.roles.map((role) => (
              <li key={role.name} class="card">
                <h2>
                  <a href={href('roles', role.name)}>{role.title}</a> <code>{role.name}</code> {role.origin !== 'library' && <Badge kind="project">{role.origin === 'project' ? 'project role' : 'overridden'}</Badge>}
                </h2>
                <p>{role.description}</p>
                <p class="muted">
                  {role.skills.length} skills · tools: {role.toolProfile ?? role.tools.join(', ')} · model {role.model}
                  {role.variants.length > 0 && ` · variants: ${role.variants.map((v) => v.name).join(', ')}`}
                  {role.agents.length > 0 && <> · agents: {role.agents.map((a, i) => <span key={a}>{i > 0 && ', '}<Name>{a}</Name></span>)}</>}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Load>
    </section>
  );
}

export function RolePage({ name }: { name: string }) {
  const state = useApi<RoleDetailResponse>(`/api/roles/${encodeURIComponent(name)}`);
  return (
    <section aria-labelledby="page-title">
      <BackLink to="roles" label="All roles" />
      <Load state={state}>
        {(r) => (
          <>
            <PageTitle>{r.role.title} <code>{r.role.name}</code></PageTitle>
            <p>{r.role.description}</p>
            <dl class="facts">
              <dt>Tool profile</dt>
              <dd>
                {r.role.toolProfile ?? '(own list)'}: {r.role.tools.join(', ')}
              </dd>
              <dt>Model</dt>
              <dd>{r.role.model}</dd>
              <dt>Colour</dt>
              <dd>{r.role.color ?? '—'}</dd>
              <dt>Defined by</dt>
              <dd>{r.role.origin === 'library' ? 'the library' : r.role.origin === 'project' ? 'this project' : 'the library, with a project override'}</dd>
              <dt>Agents</dt>
              <dd>{r.role.agents.length ? r.role.agents.map((a, i) => <span key={a}>{i > 0 && ', '}<a href={href('agents', a)}><Name>{a}</Name></a></span>) : '—'}</dd>
              <dt>Project override</dt>
              <dd>{r.override ? 'yes, in the team file' : 'none'}</dd>
            </dl>
            <p>
              <a class="button-link" href={`${href('roles', r.role.name)}/override`}>
                {r.override ? 'Edit the project override' : 'Override this role for the project'}
              </a>
            </p>
            <h2>Skills ({r.resolved.length})</h2>
            <table class="table">
              <caption class="visually-hidden">Skills of the role without variants, and why it has each</caption>
              <thead>
                <tr>
                  <th scope="col">Skill</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {r.resolved.map((s) => (
                  <tr key={s.name}>
                    <th scope="row">
                      <a href={href('skills', s.name)}>{s.name}</a>
                    </th>
                    <td>{via(s.via)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {r.excluded.length > 0 && <p>Left out: {r.excluded.join(', ')}</p>}
            {r.role.variants.length > 0 && (
              <>
                <h2>Variants</h2>
                {r.role.variants.map((v) => (
                  <div key={v.name}>
                    <h3>
                      {v.title} <code>--{v.name}</code> {v.multiple && <span class="muted">(several allowed)</span>}
                    </h3>
                    <ul>
                      {v.values.map((x) => (
                        <li key={x.name}>
                          <strong>{x.title}</strong> <code>{x.name}</code>
                          {x.skills.length > 0 && <> — adds {x.skills.join(', ')}</>}
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </>
            )}
            <h2>Rules</h2>
            {r.rules.length === 0 ? <p>No role rules.</p> : r.rules.map((rule) => <Markdown key={rule.file} html={rule.html} label={`Rules from ${rule.file}`} />)}
          </>
        )}
      </Load>
    </section>
  );
}
