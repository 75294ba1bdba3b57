import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChangeResponse, PlanChange } from '../../server/types.js';
import { apply, ApiFailure, plan } from '../api.js';
import type { Proposal } from '../hooks.js';
import { ErrorBox } from './common.js';
import { entryNote } from '../../present/words.js';

const ACTION_LABEL: Record<string, string> = {
  create: 'Create',
  update: 'Update',
  delete: 'Delete',
  conflict: 'Conflict',
  keep: 'Keep',
};

function note(c: PlanChange): string | undefined {
  if (c.reason) return entryNote(c);
  if (c.kind === 'settings') return 'the agent setting';
  if (c.kind === 'block') return 'the team section';
  return c.backup ? 'the previous version is kept as .bak' : undefined;
}

type Phase = { step: 'planning' } | { step: 'planned'; plan: ChangeResponse } | { step: 'applying'; plan: ChangeResponse } | { step: 'failed'; error: ApiFailure; plan?: ChangeResponse };

/**
 * Shows what a change would do (files created, updated, deleted, kept, conflicts) and applies
 * exactly that plan: the server refuses if the project changed since it was shown.
 */
export function PlanDialog({ proposal, onClose, onApplied }: { proposal: Proposal; onClose: () => void; onApplied: (r: ChangeResponse) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'planning' });
  const [attempt, setAttempt] = useState(0);

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

  const doApply = async (p: ChangeResponse) => {
    setPhase({ step: 'applying', plan: p });
    try {
      const result = await apply(proposal, p.planDigest);
      onApplied(result);
    } catch (error) {
      setPhase({ step: 'failed', error: error as ApiFailure, plan: p });
    }
  };

  const shown = phase.step === 'planned' || phase.step === 'applying' ? phase.plan : phase.step === 'failed' ? phase.plan : undefined;
  const changes = shown?.changes ?? [];
  const nothing = shown !== undefined && changes.every((c) => c.action === 'keep' || c.action === 'conflict');

  return (
    <dialog ref={ref} class="plan-dialog" aria-labelledby="plan-title" onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <h2 id="plan-title">Review the change</h2>
      {phase.step === 'planning' && <p aria-busy="true">Working out the plan…</p>}
      {shown && (
        <>
          <p class="headline">{shown.headline}</p>
          <p class="summary" data-testid="plan-summary">
            {(['create', 'update', 'delete', 'keep', 'conflict', 'unchanged'] as const)
              .filter((a) => shown.summary[a] > 0)
              .map((a) => `${shown.summary[a]} ${a === 'unchanged' ? 'unchanged' : a === 'keep' ? 'kept' : a === 'conflict' ? (shown.summary[a] === 1 ? 'conflict' : 'conflicts') : `to ${a}`}`)
              .join(' · ')}
          </p>
          {changes.length > 0 ? (
            <ul class="plan-list" aria-label="Files">
              {changes.map((c) => (
                <li key={`${c.path}:${c.action}`} class={`plan-${c.action}`}>
                  <span class={`badge badge-${c.action}`}>{ACTION_LABEL[c.action] ?? c.action}</span> <code>{c.path}</code>
                  {note(c) && <span class="muted"> — {note(c)}</span>}
                </li>
              ))}
            </ul>
          ) : (
            <p>Nothing would change: the project already looks like this.</p>
          )}
        </>
      )}
      {phase.step === 'failed' && (
        <>
          <ErrorBox error={phase.error} />
          {phase.error.code === 'plan-changed' && (
            <button type="button" onClick={() => setAttempt((n) => n + 1)}>
              Show the new plan
            </button>
          )}
        </>
      )}
      <div class="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        {(phase.step === 'planned' || phase.step === 'applying') && (
          <button type="button" class="primary" disabled={phase.step === 'applying' || nothing} onClick={() => void doApply(phase.plan)}>
            {phase.step === 'applying' ? 'Applying…' : 'Apply'}
          </button>
        )}
      </div>
    </dialog>
  );
}
