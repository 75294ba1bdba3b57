import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TeamMap } from '../../server/types.js';
import { href } from '../router.js';
import { formatTokens } from './common.js';

/**
 * The team drawn in plain SVG. Colours come from the stylesheet's variables, so both themes
 * apply; every picture is an image with a text summary, followed by a table that says the same
 * for screen readers and for anyone who prefers one.
 */

/** The width a picture has to draw in, followed as the window changes. */
function useWidth(fallback: number): [RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry!.contentRect.width);
      // Small changes (a scroll bar coming and going) do not redraw.
      if (w > 0) setWidth((old) => (Math.abs(old - w) > 4 ? w : old));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Shortens a label to fit `chars`, with an ellipsis; the full text goes into a <title>. */
function fit(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(chars - 1, 1))}…`;
}

const CHAR_PX = 7.6;

function Figure(props: { id: string; title: string; summary: string; table: ComponentChildren; children: (width: number) => ComponentChildren }) {
  const [ref, width] = useWidth(700);
  return (
    <figure class="picture" aria-labelledby={`${props.id}-caption`} data-picture={props.id}>
      <figcaption id={`${props.id}-caption`}>
        <h2>{props.title}</h2>
        <p class="muted">{props.summary}</p>
      </figcaption>
      <div class="picture-frame" ref={ref}>
        {props.children(width)}
      </div>
      <details class="picture-table">
        <summary>
          As a table<span class="visually-hidden">: {props.title}</span>
        </summary>
        {props.table}
      </details>
    </figure>
  );
}

export function SkillGraph({ map }: { map: TeamMap }) {
  const shared = map.skills.filter((s) => s.shared);
  const summary = `${map.agents.length} agents and the ${map.skills.length} skills they preload; ${shared.length} ${shared.length === 1 ? 'skill is' : 'skills are'} shared by more than one agent${shared.length ? ` (${shared.map((s) => s.name).join(', ')})` : ''}.`;
  const table = (
    <table class="table">
      <caption>Skills and the agents that preload them</caption>
      <thead>
        <tr>
          <th scope="col">Skill</th>
          <th scope="col">Agents</th>
          <th scope="col">Shared</th>
        </tr>
      </thead>
      <tbody>
        {map.skills.map((s) => (
          <tr key={s.name}>
            <th scope="row">
              <a href={href('skills', s.name)}>{s.name}</a>
            </th>
            <td>{s.agents.join(', ')}</td>
            <td>{s.shared ? `yes, by ${s.agents.length}` : 'no'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Figure id="skill-graph" title="Agents and their skills" summary={summary} table={table}>
      {(width) => {
        const W = Math.max(width, 280);
        const row = 30;
        // Each column as wide as its longest label needs, within bounds; the lines get the rest.
        const longest = (labels: string[]) => Math.max(0, ...labels.map((l) => l.length)) * CHAR_PX + 20;
        const agentW = Math.round(Math.min(Math.max(longest(map.agents.map((a) => a.name)), 80), 240, (W - 40) / 2));
        const skillW = Math.round(Math.min(Math.max(longest(map.skills.map((s) => `${s.name} ×${s.agents.length}`)), 80), 260, W - agentW - 40));
        const gap = W - agentW - skillW;
        const rows = Math.max(map.agents.length, map.skills.length, 1);
        const agentTop = ((rows - map.agents.length) * row) / 2;
        const skillTop = ((rows - map.skills.length) * row) / 2;
        const H = rows * row + 40;
        const ay = (i: number) => 30 + agentTop + i * row;
        const sy = (i: number) => 30 + skillTop + i * row;
        const agentChars = Math.floor((agentW - 16) / CHAR_PX);
        const chars = Math.floor((skillW - 16) / CHAR_PX);
        const skillIndex = new Map(map.skills.map((s, i) => [s.name, i]));
        return (
          <svg class="graph" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="skill-graph-svg-title" aria-describedby="skill-graph-svg-desc">
            <title id="skill-graph-svg-title">Agents and their skills</title>
            <desc id="skill-graph-svg-desc">{summary} The table below lists the same.</desc>
            <text x={0} y={14} class="axis">Agents</text>
            <text x={W - skillW} y={14} class="axis">{chars >= 28 ? 'Skills (shared ones in bold)' : 'Skills'}</text>
            {map.agents.flatMap((a, i) =>
              a.skills.map((s) => {
                const j = skillIndex.get(s);
                if (j === undefined) return null;
                const x1 = agentW;
                const x2 = W - skillW;
                const y1 = ay(i) + 11;
                const y2 = sy(j) + 11;
                return <path key={`${a.name}-${s}`} class={map.skills[j]!.shared ? 'edge shared' : 'edge'} d={`M${x1},${y1} C${x1 + gap / 2},${y1} ${x2 - gap / 2},${y2} ${x2},${y2}`} />;
              }),
            )}
            {map.agents.map((a, i) => (
              <g key={a.name} class="node agent-node" data-node={`agent:${a.name}`}>
                <title>{`${a.name}: ${a.title}, ${a.skills.length} skills`}</title>
                <rect x={0} y={ay(i)} width={agentW} height={22} rx={5} />
                <text x={8} y={ay(i) + 15}>{fit(a.name, agentChars)}</text>
              </g>
            ))}
            {map.skills.map((s, i) => (
              <g key={s.name} class={s.shared ? 'node skill-node shared' : 'node skill-node'} data-node={`skill:${s.name}`}>
                <title>{`${s.name}: ${s.agents.join(', ')}`}</title>
                <rect x={W - skillW} y={sy(i)} width={skillW} height={22} rx={11} />
                <text x={W - skillW + 10} y={sy(i) + 15}>
                  {fit(s.shared ? `${s.name} ×${s.agents.length}` : s.name, chars)}
                </text>
              </g>
            ))}
          </svg>
        );
      }}
    </Figure>
  );
}

/** Layers of roles: a role sits one row below the deepest role it inherits from. */
function layers(roles: TeamMap['roles']): string[][] {
  const byName = new Map(roles.map((r) => [r.name, r]));
  const depth = new Map<string, number>();
  const of = (name: string, seen: Set<string>): number => {
    if (depth.has(name)) return depth.get(name)!;
    if (seen.has(name)) return 0;
    seen.add(name);
    const parents = byName.get(name)?.inherits ?? [];
    const d = parents.length ? Math.max(...parents.map((p) => of(p, seen) + 1)) : 0;
    depth.set(name, d);
    return d;
  };
  const out: string[][] = [];
  for (const r of roles) {
    const d = of(r.name, new Set());
    (out[d] ??= []).push(r.name);
  }
  return out.filter(Boolean);
}

export function RoleTree({ map }: { map: TeamMap }) {
  const inheriting = map.roles.filter((r) => r.inherits.length > 0);
  const summary = inheriting.length
    ? `${map.roles.length} roles in use or inherited from; ${inheriting.map((r) => `${r.name} inherits from ${r.inherits.join(' and ')}`).join('; ')}.`
    : `${map.roles.length} roles in use; none inherits from another.`;
  const table = (
    <table class="table">
      <caption>Roles, what they inherit from and their agents</caption>
      <thead>
        <tr>
          <th scope="col">Role</th>
          <th scope="col">Inherits from</th>
          <th scope="col">Agents</th>
        </tr>
      </thead>
      <tbody>
        {map.roles.map((r) => (
          <tr key={r.name}>
            <th scope="row">
              <a href={href('roles', r.name)}>{r.title}</a> <code>{r.name}</code>
            </th>
            <td>{r.inherits.join(', ') || '—'}</td>
            <td>{r.agents.join(', ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Figure id="role-tree" title="Roles and what they inherit" summary={summary} table={table}>
      {(width) => {
        const W = Math.max(width, 280);
        const rows = layers(map.roles);
        // Roles of one layer side by side as far as they fit; they narrow before they wrap.
        const widest = Math.max(...rows.map((l) => l.length), 1);
        const narrowest = W < 500 ? 130 : 165;
        const perRow = Math.max(1, Math.min(widest, Math.floor((W + 16) / (narrowest + 16))));
        const nodeW = Math.min(200, Math.floor((W - 16 * (perRow - 1)) / perRow));
        const nodeH = 44;
        const pos = new Map<string, { x: number; y: number }>();
        let y = 20;
        for (const layer of rows) {
          for (let i = 0; i < layer.length; i += perRow) {
            const line = layer.slice(i, i + perRow);
            const total = line.length * nodeW + (line.length - 1) * 16;
            line.forEach((name, k) => pos.set(name, { x: (W - total) / 2 + k * (nodeW + 16), y }));
            y += nodeH + 40;
          }
        }
        const H = y;
        const chars = Math.floor((nodeW - 16) / CHAR_PX);
        return (
          <svg class="graph" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="role-tree-svg-title" aria-describedby="role-tree-svg-desc">
            <title id="role-tree-svg-title">Roles and what they inherit</title>
            <desc id="role-tree-svg-desc">{summary} The table below lists the same.</desc>
            <defs>
              <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" class="arrow" />
              </marker>
            </defs>
            {map.roles.flatMap((r) =>
              r.inherits.map((p) => {
                const from = pos.get(r.name);
                const to = pos.get(p);
                if (!from || !to) return null;
                return <line key={`${r.name}-${p}`} class="edge inherit" x1={from.x + nodeW / 2} y1={from.y} x2={to.x + nodeW / 2} y2={to.y + nodeH} marker-end="url(#arrow)" />;
              }),
            )}
            {map.roles.map((r) => {
              const p = pos.get(r.name)!;
              return (
                <g key={r.name} class={r.agents.length ? 'node role-node used' : 'node role-node'} data-node={`role:${r.name}`}>
                  <title>{`${r.title} (${r.name}): ${r.agents.length ? `agents ${r.agents.join(', ')}` : 'no agents of its own'}`}</title>
                  <rect x={p.x} y={p.y} width={nodeW} height={nodeH} rx={6} />
                  <text x={p.x + 8} y={p.y + 18}>{fit(r.title, chars)}</text>
                  <text x={p.x + 8} y={p.y + 35} class="sub">
                    {fit(`${r.name} · ${r.agents.length} ${r.agents.length === 1 ? 'agent' : 'agents'}`, chars)}
                  </text>
                </g>
              );
            })}
          </svg>
        );
      }}
    </Figure>
  );
}

/** The budget is a round number, not an estimate: 20k, not ~20.0k. */
export function budgetWords(n: number): string {
  return n >= 1000 && n % 100 === 0 ? `${n / 1000}k` : String(n);
}

export function BudgetBars({ map }: { map: TeamMap }) {
  const over = map.agents.filter((a) => a.overBudget);
  const summary = `Each agent’s approximate tokens when it starts (its file and the skills it preloads) against the budget of ${budgetWords(map.budget)} tokens per agent; ${over.length ? `${over.map((a) => a.name).join(', ')} ${over.length === 1 ? 'is' : 'are'} over it` : 'every agent is within it'}.`;
  const table = (
    <table class="table">
      <caption>Tokens when each agent starts, against the budget</caption>
      <thead>
        <tr>
          <th scope="col">Agent</th>
          <th scope="col">Its file</th>
          <th scope="col">Preloaded skills</th>
          <th scope="col">Total</th>
          <th scope="col">Of budget</th>
        </tr>
      </thead>
      <tbody>
        {map.agents.map((a) => (
          <tr key={a.name}>
            <th scope="row">
              <a href={href('agents', a.name)}>{a.name}</a>
            </th>
            <td>{formatTokens(a.tokens.prompt)}</td>
            <td>{formatTokens(a.tokens.skills)}</td>
            <td>{formatTokens(a.tokens.total)}</td>
            <td>
              {Math.round((a.tokens.total / map.budget) * 100)}%{a.overBudget ? ' (over)' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Figure id="budget-bars" title="Tokens when each agent starts" summary={summary} table={table}>
      {(width) => {
        const W = Math.max(width, 280);
        const scale = Math.max(map.budget, ...map.agents.map((a) => a.tokens.total)) * 1.05;
        const x = (n: number) => (n / scale) * W;
        const rowH = 46;
        const H = map.agents.length * rowH + 24;
        const chars = Math.floor((W * 0.55) / CHAR_PX);
        return (
          <svg class="graph bars" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="budget-svg-title" aria-describedby="budget-svg-desc">
            <title id="budget-svg-title">Tokens when each agent starts</title>
            <desc id="budget-svg-desc">{summary} The table below lists the same.</desc>
            {map.agents.map((a, i) => {
              const top = i * rowH + 4;
              const label = `${formatTokens(a.tokens.total)} · ${Math.round((a.tokens.total / map.budget) * 100)}%${a.overBudget ? ' over budget' : ''}`;
              return (
                <g key={a.name} class={a.overBudget ? 'bar over' : 'bar'} data-bar={a.name}>
                  <title>{`${a.name}: ${formatTokens(a.tokens.total)} of ${budgetWords(map.budget)} tokens`}</title>
                  <text x={0} y={top + 13}>{fit(a.name, chars)}</text>
                  <text x={W} y={top + 13} text-anchor="end" class="sub">
                    {label}
                  </text>
                  <rect class="track" x={0} y={top + 20} width={x(map.budget)} height={14} rx={3} />
                  <rect class="fill" x={0} y={top + 20} width={Math.max(x(a.tokens.total), 2)} height={14} rx={3} />
                  <line class="budget-line" x1={x(map.budget)} x2={x(map.budget)} y1={top + 17} y2={top + 37} />
                </g>
              );
            })}
            <text class="sub" x={Math.min(x(map.budget), W - 2)} y={H - 4} text-anchor="end">
              budget {budgetWords(map.budget)}
            </text>
          </svg>
        );
      }}
    </Figure>
  );
}
