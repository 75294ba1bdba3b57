import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentEffect, ChangeResponse, PlanChange, PlanReview } from '../../server/types.js';
import { apply, ApiFailure, plan } from '../api.js';
import { useCanChange, type Proposal } from '../hooks.js';
import { ChangeButton, ErrorBox, formatTokens, Name } from './common.js';
import { budgetWords } from './pictures.js';
import { count, entryNote } from '../../present/words.js';

const ACTION_LABEL: Record<string, string> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
  conflict: 'Conflict',
  keep: 'Keep',
};

function note(c: PlanChange): string | undefined {
  if (c.reason) return entryNote(c);
  if (c.kind === 'settings') return 'Claude Code settings';
  if (c.kind === 'block') return 'the team section';
  if (c.kind === 'team') return 'the team file';
  return c.backup ? 'the previous version is kept as .bak' : undefined;
}

type Phase =
  | { step: 'planning' }
  | { step: 'planned'; plan: ChangeResponse }
  | { step: 'confirm'; plan: ChangeResponse }
  | { step: 'applying'; plan: ChangeResponse }
  | { step: 'failed'; error: ApiFailure; plan?: ChangeResponse };

function tokensLine(e: AgentEffect, budget: number): string {
  const { before, after } = e.tokens;
  const from = before === null ? 'none' : formatTokens(before);
  const to = after === null ? 'none' : formatTokens(after);
  const delta = (after ?? 0) - (before ?? 0);
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const over = after !== null && after > budget ? ` — over the budget of ${budgetWords(budget)}` : after !== null ? ` of the ${budgetWords(budget)} budget` : '';
  return `${from} → ${to} (${sign}${formatTokens(Math.abs(delta)).slice(1)})${over}`;
}

const CHANGE_WORD: Record<AgentEffect['change'], string> = { added: 'new agent', removed: 'removed', changed: 'changed' };

function Effects({ review }: { review: PlanReview }) {
  if (review.effects.length === 0) return null;
  return (
    <section aria-labelledby="effects-title" class="effects">
      <h3 id="effects-title">What changes for each agent</h3>
      <ul>
        {review.effects.map((e) => (
          <li key={e.agent} data-effect={e.agent}>
            <p>
              <strong>
                <Name>{e.agent}</Name>
              </strong>{' '}
              <span class={`badge badge-${e.change}`}>{CHANGE_WORD[e.change]}</span> <span class="muted">{e.title}</span>
            </p>
            {e.gained.length > 0 && (
              <p>
                Skills gained ({e.gained.length}): <span class="skills-gained">{e.gained.join(', ')}</span>
              </p>
            )}
            {e.lost.length > 0 && (
              <p>
                Skills lost ({e.lost.length}): <span class="skills-lost">{e.lost.join(', ')}</span>
              </p>
            )}
            {e.model && (
              <p>
                Model: {e.model.before} → {e.model.after}
              </p>
            )}
            {e.active && <p>{e.active.after ? 'Becomes the main session’s agent' : 'No longer the main session’s agent'}</p>}
            <p>Tokens when it starts: {tokensLine(e, review.budget)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A unified diff, one line per span, so added and removed lines are marked beyond colour (+ and −). */
function Diff({ path, patch }: { path: string; patch: string }) {
  const lines = patch.split('\n').filter((l, i, all) => !/^=+$/.test(l) && !(i === all.length - 1 && l === ''));
  return (
    <pre class="diff" tabIndex={0} aria-label={`Changes to ${path}`}>
      {lines.map((l, i) => (
        <span key={i} class={l.startsWith('+++') || l.startsWith('---') ? 'diff-file' : l.startsWith('+') ? 'diff-add' : l.startsWith('-') ? 'diff-del' : l.startsWith('@@') ? 'diff-hunk' : undefined}>
          {l}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}

function FileList({ changes, review, label }: { changes: PlanChange[]; review?: PlanReview; label: string }) {
  const diffs = new Map(review?.diffs.map((d) => [d.path, d.patch]));
  const destructive = new Map(review?.destructive.map((d) => [d.path, d.step]));
  return (
    <ul class="plan-list" aria-label={label}>
      {changes.map((c) => {
        const patch = diffs.get(c.path);
        const step = destructive.get(c.path);
        return (
          <li key={`${c.path}:${c.action}`} data-path={c.path} class={`plan-${c.action}${step ? ' plan-destructive' : ''}`}>
            <span class={`badge badge-${c.action}`}>{ACTION_LABEL[c.action] ?? c.action}</span> <code>{c.path}</code>
            {step && <span class="badge badge-destructive">{step === 'delete' ? 'removes a file' : 'replaces your file'}</span>}
            {note(c) && <span class="muted"> — {note(c)}</span>}
            {patch && (
              <details class="diff-box">
                <summary>
                  Diff<span class="visually-hidden"> of {c.path}</span>
                </summary>
                <Diff path={c.path} patch={patch} />
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function summaryText(changes: PlanChange[]): string {
  const n = (a: string) => changes.filter((c) => c.action === a).length;
  const parts = [
    n('create') && `${n('create')} to create`,
    n('update') && `${n('update')} to update`,
    n('delete') && `${n('delete')} to delete`,
    n('keep') && `${n('keep')} kept`,
    n('conflict') && count(n('conflict'), 'conflict'),
  ].filter(Boolean);
  return parts.join(' · ');
}

/**
 * Shows what a change would do, in the user's terms (per agent, then per file with its diff),
 * and applies exactly that plan: the server refuses if the project changed since it was shown.
 * Steps that take something away (deletes, replacements) need a second, separate confirmation.
 */
export function PlanDialog({ proposal, onClose, onApplied }: { proposal: Proposal; onClose: () => void; onApplied: (r: ChangeResponse) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'planning' });
  const [attempt, setAttempt] = useState(0);
  const canChange = useCanChange();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    let current = true;
    setPhase({ step: 'planning' });
    plan(proposal).then(
      (p) => current && setPhase({ step: 'planned', plan: p }),
      (error: ApiFailure) => current && setPhase({ step: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [proposal, attempt]);

  useEffect(() => {
    if (phase.step === 'confirm') confirmRef.current?.focus();
  }, [phase.step]);

  const doApply = async (p: ChangeResponse) => {
    setPhase({ step: 'applying', plan: p });
    try {
      const result = await apply(proposal, p.planDigest);
      onApplied(result);
    } catch (error) {
      setPhase({ step: 'failed', error: error as ApiFailure, plan: p });
    }
  };

  const shown = phase.step === 'planning' ? undefined : phase.plan;
  const review = shown?.review;
  const pending = new Set(review?.pending ?? []);
  const changes = shown?.changes ?? [];
  const caused = changes.filter((c) => !pending.has(c.path));
  const already = changes.filter((c) => pending.has(c.path));
  const nothing = shown !== undefined && changes.every((c) => c.action === 'keep' || c.action === 'conflict');
  const destructive = review?.destructive ?? [];
  const deletes = destructive.filter((d) => d.step === 'delete').length;
  const replaces = destructive.length - deletes;
  const dangerWords = [deletes && `delete ${count(deletes, 'file')}`, replaces && `replace ${count(replaces, 'edited file')} (a .bak keeps each)`].filter(Boolean).join(' and ');

  return (
    <dialog ref={ref} class="plan-dialog" aria-labelledby="plan-title" onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <h2 id="plan-title">Review the change</h2>
      {phase.step === 'planning' && <p aria-busy="true">Working out the plan…</p>}
      {shown && phase.step !== 'confirm' && (
        <>
          <p class="headline">{shown.headline}</p>
          <p class="summary" data-testid="plan-summary">
            {summaryText(caused) || 'No file changes of its own'}
            {already.length > 0 && ` · ${already.length} already pending`}
          </p>
          {review && <Effects review={review} />}
          {caused.length > 0 ? (
            <section aria-labelledby="files-title">
              <h3 id="files-title">Files</h3>
              <FileList changes={caused} review={review} label="Files this change writes" />
            </section>
          ) : (
            changes.length === 0 && <p>Nothing would change: the project already looks like this.</p>
          )}
          {already.length > 0 && (
            <section aria-labelledby="pending-title" class="pending">
              <h3 id="pending-title">Already pending</h3>
              <p class="muted">Not caused by this change: a plain sync of the project as it is would do the same. Applying includes them.</p>
              <FileList changes={already} review={review} label="Already pending" />
            </section>
          )}
          {review?.diffsCut && <p class="muted">Some diffs are too large to show here; `agent-team diff` shows them all.</p>}
        </>
      )}
      {shown && phase.step === 'confirm' && (
        <section class="confirm-danger" aria-labelledby="confirm-title" data-testid="confirm-destructive">
          <h3 id="confirm-title" tabIndex={-1} ref={confirmRef}>
            This change will {dangerWords}
          </h3>
          <p>{shown.headline}. Files that go cannot be brought back by agent-team unless you undo the change.</p>
          <ul class="plan-list" aria-label="Files removed or replaced">
            {destructive.map((d) => (
              <li key={d.path}>
                <span class="badge badge-destructive">{d.step === 'delete' ? 'Delete' : 'Replace'}</span> <code>{d.path}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      {phase.step === 'failed' && (
        <>
          <ErrorBox error={phase.error} />
          {phase.error.code === 'plan-changed' && (
            <ChangeButton onClick={() => setAttempt((n) => n + 1)}>Show the new plan</ChangeButton>
          )}
        </>
      )}
      <div class="dialog-actions">
        {phase.step === 'confirm' ? (
          <>
            <button type="button" onClick={() => setPhase({ step: 'planned', plan: phase.plan })}>
              Back
            </button>
            <button type="button" class="destructive" disabled={!canChange} onClick={() => void doApply(phase.plan)}>
              {deletes ? `Delete ${count(deletes, 'file')} and apply` : `Replace ${count(replaces, 'file')} and apply`}
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            {(phase.step === 'planned' || phase.step === 'applying') && (
              <button
                type="button"
                class="primary"
                disabled={phase.step === 'applying' || nothing || !canChange}
                onClick={() => (destructive.length > 0 ? setPhase({ step: 'confirm', plan: phase.plan }) : void doApply(phase.plan))}
              >
                {phase.step === 'applying' ? 'Applying…' : destructive.length > 0 ? 'Apply…' : 'Apply'}
              </button>
            )}
          </>
        )}
      </div>
      {nothing && phase.step === 'planned' && <p class="muted">Apply is off: nothing in this plan would be written.</p>}
    </dialog>
  );
}
