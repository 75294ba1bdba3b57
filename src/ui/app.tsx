import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ChangeResponse, ProjectsResponse, UndoOffer, UndoResponse } from '../server/types.js';
import { followChanges, get, OFFLINE_HINT, OFFLINE_MESSAGE, onConnection, RESTARTED_HINT, RESTARTED_MESSAGE, type Connection } from './api.js';
import { ChangeButton } from './components/common.js';
import { PlanDialog } from './components/plan-dialog.js';
import { ThemeToggle } from './components/theme.js';
import { ConnectionState, ProjectVersion, Propose, type Proposal } from './hooks.js';
import { AgentPage, AgentsPage } from './pages/agents.js';
import { ConflictsPage } from './pages/conflicts.js';
import { OverridePage } from './pages/override.js';
import { OverviewPage } from './pages/overview.js';
import { RolePage, RolesPage } from './pages/roles.js';
import { SkillFilePage, SkillPage, SkillsPage } from './pages/skills.js';
import { TeamPage } from './pages/team.js';
import { currentProject, goToProject, href, useRoute } from './router.js';

const PAGES = [
  ['overview', 'Overview'],
  ['team', 'Team map'],
  ['agents', 'Agents'],
  ['roles', 'Roles'],
  ['skills', 'Skills'],
  ['conflicts', 'Conflicts'],
] as const;

function Page({ path }: { path: string[] }) {
  const [page = 'overview', name, ...rest] = path;
  if (page === 'team') return <TeamPage />;
  if (page === 'conflicts') return <ConflictsPage />;
  if (page === 'agents') return name ? <AgentPage name={name} /> : <AgentsPage />;
  if (page === 'roles') {
    if (name && rest[0] === 'override') return <OverridePage name={name} />;
    return name ? <RolePage name={name} /> : <RolesPage />;
  }
  if (page === 'skills') {
    if (name && rest.length) return <SkillFilePage name={name} path={rest.join('/')} />;
    return name ? <SkillPage name={name} /> : <SkillsPage />;
  }
  return <OverviewPage />;
}

function ConnectionBanner({ connection }: { connection: Connection }) {
  if (connection !== 'offline' && connection !== 'restarted') return null;
  const [message, hint] = connection === 'offline' ? [OFFLINE_MESSAGE, OFFLINE_HINT] : [RESTARTED_MESSAGE, RESTARTED_HINT];
  return (
    <div id="connection-banner" class={`banner banner-${connection}`} role="alert" data-testid="connection-banner">
      <p>
        <strong>{message}</strong> {hint}
      </p>
    </div>
  );
}

function ProjectPicker({ projects, current }: { projects: ProjectsResponse; current: string }) {
  if (projects.projects.length < 2) return null;
  return (
    <div class="project-picker">
      <label for="project-select">Project</label>
      <select id="project-select" value={current} onChange={(e) => goToProject(e.currentTarget.value === projects.default ? null : e.currentTarget.value)}>
        {projects.projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export function App() {
  const route = useRoute();
  const project = currentProject();
  const [version, setVersion] = useState(0);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [undo, setUndo] = useState<UndoOffer | null>(null);
  const [projects, setProjects] = useState<ProjectsResponse | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => onConnection(setConnection), []);
  useEffect(() => {
    get<ProjectsResponse>('/api/projects').then(setProjects, () => undefined);
  }, []);
  // One event stream for the project shown; another project, another stream.
  useEffect(() => {
    setUndo(null);
    setAnnouncement('');
    return followChanges(() => setVersion((v) => v + 1));
  }, [project]);

  // A new page moves the focus to its heading, so keyboard and screen reader users land there.
  // Not on the first load: there the first Tab should reach the skip link.
  const pageKey = `${project ?? ''}|${route.path.join('/')}`;
  const firstRoute = useRef(true);
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    const t = setTimeout(() => document.getElementById('page-title')?.focus(), 0);
    return () => clearTimeout(t);
  }, [pageKey]);

  // The dialog remembers what opened it; closing it, however, gives the focus back there.
  const propose = useCallback((p: Proposal) => {
    opener.current = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    setProposal(p);
  }, []);
  const restoreFocus = () => {
    const el = opener.current;
    opener.current = null;
    setTimeout(() => {
      if (el && el.isConnected && !(el as HTMLButtonElement).disabled) el.focus();
      else document.getElementById('page-title')?.focus();
    }, 0);
  };
  const close = () => {
    setProposal(null);
    restoreFocus();
  };

  const applied = useCallback(
    (result: ChangeResponse) => {
      const p = proposal;
      setProposal(null);
      setVersion((v) => v + 1);
      setAnnouncement(`Applied: ${result.headline}.${result.backups.length ? ` Backups: ${result.backups.join(', ')}.` : ''}`);
      setUndo(result.undo ?? null);
      p?.onApplied?.();
      restoreFocus();
    },
    [proposal],
  );

  // An undo offered after a change made elsewhere would take back the wrong one: ask again.
  useEffect(() => {
    if (!undo) return;
    get<UndoResponse>('/api/undo').then((r) => setUndo((u) => (u && r.undo && r.undo.at === u.at ? u : null)), () => undefined);
  }, [version]);

  const current = route.path[0] ?? 'overview';
  return (
    <ConnectionState.Provider value={connection}>
      <ProjectVersion.Provider value={version}>
        <Propose.Provider value={propose}>
          <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('page-title')?.focus(); }}>
            Skip to content
          </a>
          <header class="top">
            <span class="brand">agent-team</span>
            <nav aria-label="Pages">
              <ul>
                {PAGES.map(([id, label]) => (
                  <li key={id}>
                    <a href={href(id)} aria-current={current === id ? 'page' : undefined}>
                      {label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {projects && <ProjectPicker projects={projects} current={project ?? projects.default} />}
            <span class={connection === 'live' ? 'live on' : 'live off'} data-testid="connection">
              {connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : connection === 'offline' ? 'Offline' : 'Restarted'}
            </span>
            <ThemeToggle />
          </header>
          <ConnectionBanner connection={connection} />
          <main id="main">
            <div class="notice">
              <p class="announce" role="status" aria-live="polite" data-testid="announcement">
                {announcement}
              </p>
              {undo && (
                <ChangeButton class="undo" data-testid="undo" onClick={() => propose({ action: 'undo', input: {} })}>
                  {undo.label}
                </ChangeButton>
              )}
            </div>
            <Page key={pageKey.split('|')[0]} path={route.path} />
          </main>
          {proposal && <PlanDialog key={JSON.stringify(proposal)} proposal={proposal} onClose={close} onApplied={applied} />}
        </Propose.Provider>
      </ProjectVersion.Provider>
    </ConnectionState.Provider>
  );
}
