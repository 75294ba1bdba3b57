import { useState } from 'preact/hooks';
import type { AgentDetailResponse, AgentsResponse, AgentSummary, RolesResponse, RoleSummary } from '../../server/types.js';
import { BackLink, Badge, ChangeButton, formatTokens, Load, Name, PageTitle } from '../components/common.js';
import { useApi, useProposal } from '../hooks.js';
import { href } from '../router.js';
import { agentNameProblem, NAME_RULE } from '../../core/team/names.js';

/** The visible words come first in each button's name, and the agent's name after them for screen readers. */
function AgentActions({ agent, onRemoved }: { agent: AgentSummary; onRemoved?: () => void }) {
  const propose = useProposal();
  return (
    <div class="actions">
      {agent.active ? (
        <ChangeButton onClick={() => propose({ action: 'switch', input: { agent: null } })}>
          Clear active<span class="visually-hidden"> for {agent.name}</span>
        </ChangeButton>
      ) : (
        <ChangeButton onClick={() => propose({ action: 'switch', input: { agent: agent.name } })}>
          Make active<span class="visually-hidden"> for {agent.name}</span>
        </ChangeButton>
      )}
      <ChangeButton class="danger" onClick={() => propose({ action: 'remove', input: { names: [agent.name] }, onApplied: onRemoved })}>
        Remove<span class="visually-hidden"> {agent.name}</span>
      </ChangeButton>
    </div>
  );
}

function VariantPicker({ role, value, onChange }: { role: RoleSummary; value: Record<string, string[]>; onChange: (v: Record<string, string[]>) => void }) {
  if (role.variants.length === 0) return <p class="muted">This role has no stack variants.</p>;
  return (
    <>
      {role.variants.map((variant) => {
        const chosen = value[variant.name] ?? [];
        const set = (values: string[]) => onChange({ ...value, [variant.name]: values });
        if (!variant.multiple) {
          return (
            <div class="field" key={variant.name}>
              <label for={`variant-${variant.name}`}>{variant.title}</label>
              <select id={`variant-${variant.name}`} value={chosen[0] ?? ''} onChange={(e) => set(e.currentTarget.value ? [e.currentTarget.value] : [])}>
                <option value="">(none)</option>
                {variant.values.map((v) => (
                  <option key={v.name} value={v.name}>
                    {v.title}
                  </option>
                ))}
              </select>
            </div>
          );
        }
        return (
          <fieldset class="field" key={variant.name}>
            <legend>{variant.title} (any number)</legend>
            {variant.values.map((v) => (
              <label class="check" key={v.name}>
                <input
                  type="checkbox"
                  name={`variant-${variant.name}`}
                  value={v.name}
                  checked={chosen.includes(v.name)}
                  onChange={(e) => set(e.currentTarget.checked ? [...chosen, v.name] : chosen.filter((x) => x !== v.name))}
                />{' '}
                {v.title}
              </label>
            ))}
          </fieldset>
        );
      })}
    </>
  );
}

function CreateAgent() {
  const roles = useApi<RolesResponse>('/api/roles');
  const propose = useProposal();
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [variants, setVariants] = useState<Record<string, string[]>>({});
  const [tried, setTried] = useState(false);
  const problem = name ? agentNameProblem(name) : tried ? 'is empty' : undefined;
  const nameProblem = problem ? `The name ${problem}. ${NAME_RULE}` : '';
  const roleProblem = tried && !role ? 'Choose the role the agent has.' : '';

  // The button is never off for a missing field (a disabled button cannot say why): the fields say it.
  const submit = (e: Event) => {
    e.preventDefault();
    if (!name || nameProblem || !role) {
      setTried(true);
      document.getElementById(!name || nameProblem ? 'agent-name' : 'agent-role')?.focus();
      return;
    }
    setTried(false);
    const chosen = Object.fromEntries(Object.entries(variants).filter(([, v]) => v.length > 0));
    propose({
      action: 'add',
      input: { name, role, variants: chosen },
      onApplied: () => {
        setName('');
        setVariants({});
      },
    });
  };

  return (
    <section class="card" aria-labelledby="create-title">
      <h2 id="create-title">New agent</h2>
      <Load state={roles}>
        {(r) => {
          const selected = r.roles.find((x) => x.name === role);
          return (
            <form onSubmit={submit} noValidate>
              <div class="field">
                <label for="agent-name">Agent name</label>
                <input
                  id="agent-name"
                  name="name"
                  value={name}
                  autoComplete="off"
                  spellcheck={false}
                  aria-invalid={nameProblem ? 'true' : undefined}
                  aria-describedby="agent-name-help"
                  onInput={(e) => setName(e.currentTarget.value)}
                />
                <small id="agent-name-help" class={nameProblem ? 'field-error' : 'muted'}>
                  {nameProblem || 'Lowercase letters, digits and dashes, e.g. payment-fe.'}
                </small>
              </div>
              <div class="field">
                <label for="agent-role">Role</label>
                <select
                  id="agent-role"
                  name="role"
                  value={role}
                  aria-invalid={roleProblem ? 'true' : undefined}
                  aria-describedby={roleProblem ? 'agent-role-help' : undefined}
                  onChange={(e) => {
                    setRole(e.currentTarget.value);
                    setVariants({});
                  }}
                >
                  <option value="">Choose a role…</option>
                  {r.roles.map((x) => (
                    <option key={x.name} value={x.name}>
                      {x.title} ({x.name})
                    </option>
                  ))}
                </select>
                {roleProblem && (
                  <small id="agent-role-help" class="field-error">
                    {roleProblem}
                  </small>
                )}
                {selected && <small class="muted">{selected.description}</small>}
              </div>
              {selected && <VariantPicker role={selected} value={variants} onChange={setVariants} />}
              <ChangeButton type="submit" class="primary">
                Preview changes…
              </ChangeButton>
            </form>
          );
        }}
      </Load>
    </section>
  );
}

export function AgentsPage() {
  const state = useApi<AgentsResponse>('/api/agents');
  return (
    <section aria-labelledby="page-title">
      <PageTitle>Agents</PageTitle>
      <Load state={state}>
        {(r) =>
          r.agents.length === 0 ? (
            <p>No agents yet: create the first one below.</p>
          ) : (
            <ul class="agent-list" aria-label="Agents">
              {r.agents.map((a) => (
                <li key={a.name} class="card agent" data-agent={a.name}>
                  <div>
                    <h2 class="agent-name">
                      <a href={href('agents', a.name)}>
                        <Name>{a.name}</Name>
                      </a>{' '}
                      {a.active && <Badge kind="active">active</Badge>}
                    </h2>
                    <p>
                      {a.title}
                      {a.stack.length > 0 && ` · ${a.stack.join(', ')}`} · {a.skills.length} skills · {formatTokens(a.cost.total)} tokens
                    </p>
                  </div>
                  <AgentActions agent={a} />
                </li>
              ))}
            </ul>
          )
        }
      </Load>
      <CreateAgent />
    </section>
  );
}

export function AgentPage({ name }: { name: string }) {
  const state = useApi<AgentDetailResponse>(`/api/agents/${encodeURIComponent(name)}`);
  return (
    <section aria-labelledby="page-title">
      <BackLink to="agents" label="All agents" />
      <PageTitle>
        <Name>{name}</Name>
      </PageTitle>
      <Load state={state}>
        {(r) => (
          <>
            <p>
              {r.agent.title} ({r.agent.role}){r.agent.stack.length > 0 && ` · ${r.agent.stack.join(', ')}`} · model {r.agent.model} ·{' '}
              {formatTokens(r.agent.cost.total)} tokens when it starts {r.agent.active && <Badge kind="active">active</Badge>}
            </p>
            <AgentActions agent={r.agent} onRemoved={() => (window.location.hash = href('agents'))} />
            <h2>Skills ({r.skills.length})</h2>
            <ul class="skill-chips">
              {r.skills.map((s) => (
                <li key={s.name}>
                  <a href={href('skills', s.name)} title={s.description}>
                    {s.name}
                  </a>
                </li>
              ))}
            </ul>
            <h2>
              Generated file <code>{r.agent.file}</code>
            </h2>
            {r.content === null ? (
              <p>Not written yet: sync the project from the overview.</p>
            ) : (
              <pre class="file" tabIndex={0} aria-label={`Content of ${r.agent.file}`} data-testid="agent-file">
                {r.content}
              </pre>
            )}
          </>
        )}
      </Load>
    </section>
  );
}
