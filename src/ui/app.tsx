import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ChangeResponse } from '../server/types.js';
import { followChanges } from './api.js';
import { PlanDialog } from './components/plan-dialog.js';
import { ThemeToggle } from './components/theme.js';
import { ProjectVersion, Propose, type Proposal } from './hooks.js';
import { AgentPage, AgentsPage } from './pages/agents.js';
import { OverviewPage } from './pages/overview.js';
import { RolePage, RolesPage } from './pages/roles.js';
import { SkillFilePage, SkillPage, SkillsPage } from './pages/skills.js';
import { href, useRoute } from './router.js';

const PAGES = [
  ['overview', 'Overview'],
  ['agents', 'Agents'],
  ['roles', 'Roles'],
  ['skills', 'Skills'],
] as const;

function Page({ route }: { route: string[] }) {
  const [page = 'overview', name, ...rest] = route;
  if (page === 'agents') return name ? <AgentPage name={name} /> : <AgentsPage />;
  if (page === 'roles') return name ? <RolePage name={name} /> : <RolesPage />;
  if (page === 'skills') {
    if (name && rest.length) return <SkillFilePage name={name} path={rest.join('/')} />;
    return name ? <SkillPage name={name} /> : <SkillsPage />;
  }
  return <OverviewPage />;
}

export function App() {
  const route = useRoute();
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState(false);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => followChanges(() => setVersion((v) => v + 1), setLive), []);

  // A new page moves the focus to its heading, so keyboard and screen reader users land there.
  // Not on the first load: there the first Tab should reach the skip link.
  const firstRoute = useRef(true);
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    const t = setTimeout(() => document.getElementById('page-title')?.focus(), 0);
    return () => clearTimeout(t);
  }, [route.join('/')]);

  const applied = useCallback(
    (result: ChangeResponse) => {
      const p = proposal;
      setProposal(null);
      setVersion((v) => v + 1);
      setAnnouncement(`Applied: ${result.headline}.${result.backups.length ? ` Backups: ${result.backups.join(', ')}.` : ''}`);
      p?.onApplied?.();
    },
    [proposal],
  );

  const current = route[0] ?? 'overview';
  return (
    <ProjectVersion.Provider value={version}>
      <Propose.Provider value={setProposal}>
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
          <span class={live ? 'live on' : 'live off'} title={live ? 'Changes made elsewhere appear here at once' : 'Not connected to the dashboard server'}>
            {live ? 'Live' : 'Offline'}
          </span>
          <ThemeToggle />
        </header>
        <main id="main">
          <p class="announce" role="status" aria-live="polite" data-testid="announcement">
            {announcement}
          </p>
          <Page route={route} />
        </main>
        {proposal && <PlanDialog key={JSON.stringify(proposal)} proposal={proposal} onClose={() => setProposal(null)} onApplied={applied} />}
      </Propose.Provider>
    </ProjectVersion.Provider>
  );
}
