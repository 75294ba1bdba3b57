import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { ApiFailure, get, type ChangeRequest, type Connection } from './api.js';

/** Bumped whenever the server says the project changed; every view refetches then. */
export const ProjectVersion = createContext(0);

/** Whether the server answers: changes are offered only while it does. */
export const ConnectionState = createContext<Connection>('connecting');

export const useCanChange = () => {
  const c = useContext(ConnectionState);
  return c === 'live' || c === 'connecting';
};

export interface Loaded<T> {
  data?: T;
  error?: ApiFailure;
  loading: boolean;
}

/** GETs `path` now, again when it changes, and again after each change of the project. */
export function useApi<T>(path: string | null): Loaded<T> {
  const version = useContext(ProjectVersion);
  const [state, setState] = useState<Loaded<T>>({ loading: true });
  useEffect(() => {
    if (!path) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    get<T>(path).then(
      (data) => current && setState({ data, loading: false }),
      // Offline, the page keeps showing what it had: the banner says why nothing is new.
      (error: ApiFailure) => current && setState((s) => (s.data !== undefined && (error.code === 'offline' || error.code === 'bad-token') ? { ...s, loading: false } : { error, loading: false })),
    );
    return () => {
      current = false;
    };
  }, [path, version]);
  return state;
}

export interface Proposal extends ChangeRequest {
  /** Called after the change was applied. */
  onApplied?: () => void;
}

/** Opens the plan dialog for a change: every change is shown as a plan before it is applied. */
export const Propose = createContext<(p: Proposal) => void>(() => undefined);

export const useProposal = () => useContext(Propose);
