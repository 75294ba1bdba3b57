import { useEffect, useState } from 'preact/hooks';
import type { SkillDetailResponse, SkillFileResponse, SkillsResponse } from '../../server/types.js';
import { BackLink, Badge, ChoiceSelect, Load, Markdown, PageTitle, plain } from '../components/common.js';
import { useApi } from '../hooks.js';
import { currentRoute, href, replaceQuery } from '../router.js';

/** Waits until typing pauses before asking the server again. */
function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return current;
}

export function SkillsPage() {
  // The filters start from the address and are written back to it, so a reload or a shared link keeps them.
  const initial = currentRoute().query;
  const [q, setQ] = useState(initial.get('q') ?? '');
  const [category, setCategory] = useState(initial.get('category') ?? '');
  const [tag, setTag] = useState(initial.get('tag') ?? '');
  const [role, setRole] = useState(initial.get('role') ?? '');
  useEffect(() => replaceQuery({ q, category, tag, role }), [q, category, tag, role]);
  const query = new URLSearchParams(Object.entries({ q: useDebounced(q, 150), category, tag, role }).filter(([, v]) => v)).toString();
  const state = useApi<SkillsResponse>(`/api/skills${query ? `?${query}` : ''}`);
  const facets = useApi<SkillsResponse>('/api/skills');

  return (
    <section aria-labelledby="page-title">
      <PageTitle>Skills</PageTitle>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="skill-search">Search skills</label>
          <input id="skill-search" type="search" value={q} placeholder="name, description or tag" onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <Load state={facets}>
          {(f) => (
            <>
              <ChoiceSelect id="skill-category" label="Category" empty="All" options={f.facets.categories.map((c) => ({ value: c.name, label: c.title }))} value={category} onChange={setCategory} />
              <ChoiceSelect id="skill-tag" label="Tag" empty="All" options={plain(f.facets.tags)} value={tag} onChange={setTag} />
              <ChoiceSelect id="skill-role" label="Role" empty="All" options={plain(f.facets.roles)} value={role} onChange={setRole} />
            </>
          )}
        </Load>
      </form>
      <Load state={state}>
        {(r) => (
          <>
            <p role="status" class="muted" data-testid="skill-count">
              {r.skills.length} of {r.total} skills
            </p>
            <ul class="skill-list" aria-label="Skills found">
              {r.skills.map((s) => (
                <li key={s.name} class="card" data-skill={s.name}>
                  <h2>
                    <a href={href('skills', s.name)}>{s.name}</a> <Badge kind="category">{s.categoryTitle}</Badge>
                  </h2>
                  <p>{s.description}</p>
                  <p class="muted">{[s.tags.length > 0 && `tags: ${s.tags.join(', ')}`, s.agents.length > 0 && `used by ${s.agents.join(', ')}`].filter(Boolean).join(' · ')}</p>
                </li>
              ))}
            </ul>
          </>
        )}
      </Load>
    </section>
  );
}

function SkillLinks({ names }: { names: string[] }) {
  if (names.length === 0) return <>—</>;
  return (
    <>
      {names.map((n, i) => (
        <span key={n}>
          {i > 0 && ', '}
          <a href={href('skills', n)}>{n}</a>
        </span>
      ))}
    </>
  );
}

export function SkillPage({ name }: { name: string }) {
  const state = useApi<SkillDetailResponse>(`/api/skills/${encodeURIComponent(name)}`);
  return (
    <section aria-labelledby="page-title">
      <BackLink to="skills" label="All skills" />
      <PageTitle>{name}</PageTitle>
      <Load state={state}>
        {(r) => (
          <>
            <p>{r.skill.description}</p>
            <dl class="facts">
              <dt>Category</dt>
              <dd>{r.skill.categoryTitle}</dd>
              <dt>Tags</dt>
              <dd>{r.skill.tags.join(', ') || '—'}</dd>
              <dt>Depends on</dt>
              <dd>
                <SkillLinks names={r.skill.dependsOn} />
              </dd>
              <dt>Goes well with</dt>
              <dd>
                <SkillLinks names={r.skill.recommends} />
              </dd>
              <dt>Roles</dt>
              <dd>{r.skill.roles.join(', ') || '—'}</dd>
              <dt>Agents</dt>
              <dd>{r.skill.agents.join(', ') || '—'}</dd>
            </dl>
            {r.files.length > 0 && (
              <nav aria-label="Files of this skill">
                <h2>References and files</h2>
                <ul>
                  {r.files.map((f) => (
                    <li key={f.path}>
                      <a href={`${href('skills', name)}/${f.path.split('/').map(encodeURIComponent).join('/')}`}>{f.path}</a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            <article class="skill-doc" aria-label="SKILL.md">
              <Markdown html={r.html} />
            </article>
          </>
        )}
      </Load>
    </section>
  );
}

export function SkillFilePage({ name, path }: { name: string; path: string }) {
  const state = useApi<SkillFileResponse>(`/api/skills/${encodeURIComponent(name)}/files/${path.split('/').map(encodeURIComponent).join('/')}`);
  return (
    <section aria-labelledby="page-title">
      <p>
        <a href={href('skills', name)}>← {name}</a>
      </p>
      <PageTitle>{name}/{path}</PageTitle>
      <Load state={state}>{(r) => (r.html !== null ? <Markdown html={r.html} /> : <pre class="file" tabIndex={0} aria-label={`Content of ${path}`}>{r.text}</pre>)}</Load>
    </section>
  );
}
