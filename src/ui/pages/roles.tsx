import { useEffect, useState } from 'preact/hooks';
import type { RoleDetailResponse, RolesResponse } from '../../server/types.js';
import { BackLink, Badge, ChoiceSelect, Load, Markdown, PageTitle, plain } from '../components/common.js';
import { useApi, useProposal } from '../hooks.js';
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
                  {role.agents.length > 0 && ` · agents: ${role.agents.join(', ')}`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Load>
    </section>
  );
}

type Override = Record<string, unknown>;
interface OverrideSkills {
  include?: Array<string | { category: string }>;
  inherit?: string[];
  exclude?: string[];
}

function MultiSelect(props: { id: string; label: string; options: string[]; selected: string[]; onChange: (values: string[]) => void }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        multiple
        size={8}
        onChange={(e) => props.onChange(Array.from(e.currentTarget.selectedOptions, (o) => o.value))}
      >
        {props.options.map((o) => (
          <option key={o} value={o} selected={props.selected.includes(o)}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The form's fields for an override as written in the team file. */
function formFields(override: Override) {
  const skills = (override.skills ?? {}) as OverrideSkills;
  return {
    title: String(override.title ?? ''),
    description: String(override.description ?? ''),
    model: String(override.model ?? ''),
    color: String(override.color ?? ''),
    tools: typeof override.tools === 'string' ? override.tools : '',
    include: (skills.include ?? []).filter((s): s is string => typeof s === 'string'),
    exclude: skills.exclude ?? [],
    inherit: skills.inherit ?? [],
  };
}

/**
 * Edits the project's override of the role (the team file's `roles:` entry). Keys the form does
 * not show (rules, variants) are kept as written.
 */
function OverrideEditor({ role, detail, choices }: { role: string; detail: RoleDetailResponse; choices: RolesResponse['choices'] & { roles: string[] } }) {
  const propose = useProposal();
  const initial = detail.override ?? {};
  const [fields, setFields] = useState(() => formFields(initial));
  useEffect(() => {
    // The override changed on disk (another tab, the CLI, an editor): start again from it.
    setFields(formFields(initial));
  }, [JSON.stringify(detail.override)]);
  const set = (key: keyof typeof fields) => (value: string | string[]) => setFields((f) => ({ ...f, [key]: value }));

  const build = (): Override => {
    const next: Override = { ...initial };
    for (const key of ['title', 'description', 'model', 'color', 'tools'] as const) {
      const value = fields[key].trim();
      if (value) next[key] = value;
      else if (key !== 'tools' || typeof initial.tools === 'string') delete next[key];
    }
    const skills: OverrideSkills = {};
    const categories = (((initial.skills ?? {}) as OverrideSkills).include ?? []).filter((s) => typeof s !== 'string');
    if (fields.include.length || categories.length) skills.include = [...fields.include, ...categories];
    if (fields.exclude.length) skills.exclude = fields.exclude;
    if (fields.inherit.length) skills.inherit = fields.inherit;
    if (Object.keys(skills).length) next.skills = skills;
    else delete next.skills;
    return next;
  };

  return (
    <section class="card" aria-labelledby="override-title">
      <h2 id="override-title">Project override</h2>
      <p class="muted">
        Saved in the team file under <code>roles.{role}</code>. Empty fields keep the library's value; skill lists are added to the library's.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          propose({ action: 'role', input: { role, override: build() } });
        }}
      >
        <div class="grid2">
          <div class="field">
            <label for="ov-title">Title</label>
            <input id="ov-title" value={fields.title} onInput={(e) => set('title')(e.currentTarget.value)} />
          </div>
          <ChoiceSelect id="ov-model" label="Model" empty={`(library: ${detail.role.model})`} options={plain(choices.models)} value={fields.model} onChange={set('model')} />
          <ChoiceSelect id="ov-color" label="Colour" empty={`(library: ${detail.role.color ?? 'none'})`} options={plain(choices.colors)} value={fields.color} onChange={set('color')} />
          <ChoiceSelect id="ov-tools" label="Tool profile" empty={`(library: ${detail.role.toolProfile ?? detail.role.tools.join(', ')})`} options={plain(choices.toolProfiles)} value={fields.tools} onChange={set('tools')} />
        </div>
        <div class="field">
          <label for="ov-description">Description (when Claude should delegate to this agent)</label>
          <textarea id="ov-description" rows={2} value={fields.description} onInput={(e) => set('description')(e.currentTarget.value)} />
        </div>
        <div class="grid3">
          <MultiSelect id="ov-include" label="Add skills" options={choices.skills} selected={fields.include} onChange={set('include')} />
          <MultiSelect id="ov-exclude" label="Leave out skills" options={choices.skills} selected={fields.exclude} onChange={set('exclude')} />
          <MultiSelect id="ov-inherit" label="Also inherit from roles" options={choices.roles.filter((r) => r !== role)} selected={fields.inherit} onChange={set('inherit')} />
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Preview changes…
          </button>
          {detail.override && (
            <button type="button" class="danger" onClick={() => propose({ action: 'role', input: { role, override: null } })}>
              Remove override…
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

export function RolePage({ name }: { name: string }) {
  const state = useApi<RoleDetailResponse>(`/api/roles/${encodeURIComponent(name)}`);
  const list = useApi<RolesResponse>('/api/roles');
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
              <dd>{r.role.agents.join(', ') || '—'}</dd>
            </dl>
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
            <Load state={list}>{(l) => <OverrideEditor role={name} detail={r} choices={{ ...l.choices, roles: l.roles.map((x) => x.name) }} />}</Load>
          </>
        )}
      </Load>
    </section>
  );
}
