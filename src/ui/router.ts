import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (#/agents/web, #/skills?q=hooks): the server serves one page, and links keep
 * working offline. A page's filters live in the part after `?`, so a reload or a shared link
 * shows the same list. The project is the one thing in the real query string (?project=…): it
 * belongs to the whole tab, not to one page.
 */
export interface Route {
  path: string[];
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const raw = window.location.hash.replace(/^#\/?/, '');
  const at = raw.indexOf('?');
  const path = (at >= 0 ? raw.slice(0, at) : raw).split('/').filter(Boolean).map(safeDecode);
  return { path, query: new URLSearchParams(at >= 0 ? raw.slice(at + 1) : '') };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('hashchange', update);
    window.addEventListener('popstate', update);
    return () => {
      window.removeEventListener('hashchange', update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join('/')}`;
}

/** Writes a page's filters into the address without a new history entry for every keystroke. */
export function replaceQuery(values: Record<string, string>): void {
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v)).toString();
  const { path } = currentRoute();
  const hash = `#/${path.map(encodeURIComponent).join('/')}${query ? `?${query}` : ''}`;
  if (hash !== window.location.hash) window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${hash}`);
}

/** The project this tab shows (its id from /api/projects), or null for the default one. */
export function currentProject(): string | null {
  return new URLSearchParams(window.location.search).get('project');
}

/** Shows another project: its overview, with a history entry so Back returns to the previous one. */
export function goToProject(id: string | null): void {
  const search = new URLSearchParams(window.location.search);
  if (id === null) search.delete('project');
  else search.set('project', id);
  const qs = search.toString();
  window.history.pushState(null, '', `${window.location.pathname}${qs ? `?${qs}` : ''}#/overview`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
