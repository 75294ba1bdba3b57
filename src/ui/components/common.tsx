import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ApiFailure } from '../api.js';
import { useCanChange, type Loaded } from '../hooks.js';
import { href } from '../router.js';

export function ErrorBox({ error }: { error: ApiFailure }) {
  return (
    <div class="error" role="alert">
      <p>
        <strong>{error.message}</strong>
      </p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      {error.hint && <p class="hint">{error.hint}</p>}
    </div>
  );
}

/** Shows the error or a loading line until the data is there; keeps old data while refetching. */
export function Load<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (state.data !== undefined) return <>{children(state.data)}</>;
  if (state.error) return <ErrorBox error={state.error} />;
  return <p class="muted" aria-busy="true">Loading…</p>;
}

/** Server-rendered Markdown: raw HTML in the source was escaped on the server (html: false). */
export function Markdown({ html, label }: { html: string; label?: string }) {
  return <div class="markdown" aria-label={label} dangerouslySetInnerHTML={{ __html: html }} />;
}

export function formatTokens(n: number): string {
  return n >= 1000 ? `~${(n / 1000).toFixed(1)}k` : `~${n}`;
}

export function Badge({ kind, children }: { kind: string; children: ComponentChildren }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

/**
 * Each page's heading; the router moves focus to it after navigation (hence tabIndex). The tab's
 * title follows it, so every page has its own.
 */
export function PageTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const text = ref.current?.textContent?.replace(/\s+/g, ' ').trim();
    if (text) document.title = `${text} · agent-team`;
  });
  return (
    <h1 id="page-title" tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <p>
      <a href={to.startsWith('#') ? to : href(to)}>← {label}</a>
    </p>
  );
}

/** A name that may be long (agents allow 64 characters): it wraps where it must, and says itself in full on hover. */
export function Name({ children }: { children: string }) {
  return (
    <span class="name" title={children.length > 24 ? children : undefined}>
      {children}
    </span>
  );
}

/** A button that starts a change: turned off while the server does not answer. */
export function ChangeButton(props: JSX.ButtonHTMLAttributes<HTMLButtonElement>) {
  const can = useCanChange();
  return <button type="button" {...props} disabled={Boolean(props.disabled) || !can} aria-describedby={can ? props['aria-describedby'] : 'connection-banner'} />;
}

/** A single choice whose empty value means "no choice": a filter's "All", or the library's default. */
export function ChoiceSelect(props: {
  id: string;
  label: string;
  empty: string;
  options: Array<{ value: string; label: string }>;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{props.empty}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Options whose label is their value. */
export const plain = (values: string[]) => values.map((value) => ({ value, label: value }));
