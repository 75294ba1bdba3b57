import { useEffect, useRef, useState } from 'preact/hooks';
import { overrideProblems, type OverrideProblem } from '../../core/team/override-problems.js';
import type { RoleDetailResponse, RolesResponse } from '../../server/types.js';
import { ChipPicker } from '../components/chip-picker.js';
import { BackLink, ChangeButton, ChoiceSelect, Load, PageTitle, plain } from '../components/common.js';
import { useApi, useProposal } from '../hooks.js';
import { href } from '../router.js';

type Override = Record<string, unknown>;
interface OverrideSkills {
  include?: Array<string | { category: string }>;
  inherit?: string[];
  exclude?: string[];
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

type Fields = ReturnType<typeof formFields>;

/** The whole new override: keys the form does not show (rules, variants, categories) stay as written. */
function buildOverride(initial: Override, fields: Fields): Override {
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
}

function Editor({ role, detail, choices }: { role: string; detail: RoleDetailResponse; choices: RolesResponse['choices'] & { roles: string[] } }) {
  const propose = useProposal();
  const initial = detail.override ?? {};
  const [fields, setFields] = useState(() => formFields(initial));
  const [refused, setRefused] = useState(false);
  const [said, setSaid] = useState('');
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The override changed on disk (another tab, the CLI, an editor): start again from it.
    setFields(formFields(initial));
  }, [JSON.stringify(detail.override)]);
  const set = (key: keyof Fields) => (value: string | string[]) => {
    setFields((f) => ({ ...f, [key]: value }));
    setRefused(false);
  };

  const override = buildOverride(initial, fields);
  const problems: OverrideProblem[] = detail.facts ? overrideProblems(override, detail.facts) : [];
  const flagged = new Set(problems.map((p) => p.subject));

  const submit = (e: Event) => {
    e.preventDefault();
    if (problems.length > 0) {
      // Refused before any plan: the same check the engine makes, with the same words.
      setRefused(true);
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    propose({ action: 'role', input: { role, override } });
  };

  return (
    <form onSubmit={submit} noValidate aria-describedby="override-help">
      <p id="override-help" class="muted">
        Saved in the team file under <code>roles.{role}</code>. Empty fields keep the library’s value; skills you add or leave out, and roles to inherit from, come on top of the library’s.
      </p>
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
        <textarea id="ov-description" rows={3} value={fields.description} onInput={(e) => set('description')(e.currentTarget.value)} />
      </div>
      <p class="muted" data-testid="role-has">
        The role has now ({detail.resolved.length}): {detail.resolved.map((x) => x.name).join(', ') || 'no skills'}
        {detail.excluded.length > 0 && `; it leaves out ${detail.excluded.join(', ')}`}.
      </p>
      <ChipPicker id="ov-include" label="Add skills" options={choices.skills} value={fields.include} onChange={set('include')} announce={setSaid} invalid={flagged} />
      <ChipPicker id="ov-exclude" label="Leave out skills" options={choices.skills} value={fields.exclude} onChange={set('exclude')} announce={setSaid} invalid={flagged} />
      <ChipPicker id="ov-inherit" label="Also inherit from roles" options={choices.roles.filter((r) => r !== role)} value={fields.inherit} onChange={set('inherit')} announce={setSaid} invalid={flagged} />
      <p class="visually-hidden" role="status" aria-live="polite">
        {said}
      </p>
      <div
        ref={summary}
        tabIndex={-1}
        class={problems.length ? (refused ? 'error' : 'problems-box') : 'visually-hidden'}
        role={refused ? 'alert' : 'status'}
        aria-live="polite"
        data-testid="override-problems"
      >
        {problems.length > 0 && (
          <>
            <p>
              <strong>{refused ? 'Not previewed: fix these first.' : 'This override contradicts itself:'}</strong>
            </p>
            <ul>
              {problems.map((p) => (
                <li key={p.message}>{p.message}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      <div class="actions">
        <ChangeButton type="submit" class="primary">
          Preview changes…
        </ChangeButton>
        {detail.override && (
          <ChangeButton class="danger" onClick={() => propose({ action: 'role', input: { role, override: null } })}>
            Remove override…
          </ChangeButton>
        )}
      </div>
    </form>
  );
}

/** The project's override of one role, on a page of its own. */
export function OverridePage({ name }: { name: string }) {
  const state = useApi<RoleDetailResponse>(`/api/roles/${encodeURIComponent(name)}`);
  const list = useApi<RolesResponse>('/api/roles');
  return (
    <section aria-labelledby="page-title">
      <BackLink to={href('roles', name)} label={`Role ${name}`} />
      <Load state={state}>
        {(r) => (
          <>
            <PageTitle>
              Override of {r.role.title} <code>{r.role.name}</code>
            </PageTitle>
            <Load state={list}>{(l) => <Editor role={name} detail={r} choices={{ ...l.choices, roles: l.roles.map((x) => x.name) }} />}</Load>
          </>
        )}
      </Load>
    </section>
  );
}
