import type { ConflictsResponse, ConflictView } from '../../server/types.js';
import { ChangeButton, Load, Name, PageTitle } from '../components/common.js';
import { Diff } from '../components/plan-dialog.js';
import { useApi, useProposal } from '../hooks.js';
import { href } from '../router.js';

const REASON_TITLE: Record<string, string> = {
  'merge-conflict': 'Your edits and the new version change the same lines',
  edited: 'Edited since agent-team wrote it, with no earlier version to merge with',
  foreign: 'Not written by agent-team, but it stands where agent-team would write',
};

/** Why a way out is not offered, said next to its turned-off button. */
function mergeReason(c: ConflictView): string | undefined {
  if (c.merge) return undefined;
  return c.reason === 'foreign' ? 'agent-team never wrote this file, so there is nothing to merge from' : 'there is no earlier version of agent-team’s to merge from';
}

function Conflict({ c, index }: { c: ConflictView; index: number }) {
  const propose = useProposal();
  const id = `conflict-${index}`;
  const resolve = (choice: 'keep' | 'replace' | 'merge', markers = false) => propose({ action: 'resolve', input: { target: c.path, choice, ...(markers ? { markers } : {}) } });
  const why = mergeReason(c);
  return (
    <li class="conflict" data-conflict={c.path} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        <code>{c.path}</code>
      </h2>
      <p>
        <strong>{REASON_TITLE[c.reason] ?? c.note}.</strong>{' '}
        {c.agents.length > 0 && (
          <span class="muted">
            {c.agents.length === 1 ? 'Agent ' : 'Agents '}
            {c.agents.map((a, i) => (
              <span key={a}>
                {i > 0 && ', '}
                <a href={href('agents', a)}>
                  <Name>{a}</Name>
                </a>
              </span>
            ))}
            .
          </span>
        )}
      </p>
      {c.theirs ? (
        <details class="diff-box" open>
          <summary>
            Your file against the new version<span class="visually-hidden"> of {c.path}</span>
          </summary>
          <p class="muted diff-legend">Lines starting with − are only in your file; lines starting with + only in the new version.</p>
          <Diff path={`${c.path}: your file against the new version`} patch={c.theirs.patch} />
        </details>
      ) : (
        <p class="muted">No diff to show: the file is binary or too large. `agent-team diff` compares it in the terminal.</p>
      )}
      {c.merge && (
        <details class="diff-box">
          <summary>
            The three-way merge{c.merge.clean ? '' : `, with conflict markers in ${c.merge.clashes} place${c.merge.clashes === 1 ? '' : 's'}`}
            <span class="visually-hidden"> of {c.path}</span>
          </summary>
          <p class="muted diff-legend">Against your file: − lines the merge removes, + lines it adds{c.merge.clean ? '' : '; the clashing places are kept between <<<<<<< yours and >>>>>>> agent-team now'}.</p>
          <Diff path={`${c.path}: your file against the merge`} patch={c.merge.patch} />
        </details>
      )}
      <div class="conflict-actions" role="group" aria-label={`Resolve ${c.path}`}>
        <ChangeButton data-choice="keep" disabled={!c.keep} onClick={() => resolve('keep')}>
          Keep mine
        </ChangeButton>
        <ChangeButton data-choice="replace" class="danger" disabled={!c.replace} onClick={() => resolve('replace')}>
          Replace with new (keep a backup)
        </ChangeButton>
        <ChangeButton data-choice="merge" disabled={!c.merge} aria-describedby={why ? `${id}-merge-why` : undefined} onClick={() => resolve('merge', c.merge ? !c.merge.clean : false)}>
          {c.merge && !c.merge.clean ? 'Merge with conflict markers' : 'Merge'}
        </ChangeButton>
      </div>
      {why && (
        <p class="muted" id={`${id}-merge-why`}>
          Merge is off: {why}.
        </p>
      )}
      {!c.keep && !c.replace && <p class="muted">A skill folder agent-team did not write is yours as a whole: move it away if agent-team should write it.</p>}
    </li>
  );
}

/** Every file whose edits clash with the new version, with the diffs and the three ways out. */
export function ConflictsPage() {
  const state = useApi<ConflictsResponse>('/api/conflicts');
  return (
    <section aria-labelledby="page-title">
      <PageTitle>Conflicts</PageTitle>
      <Load state={state}>
        {({ conflicts }) =>
          conflicts.length === 0 ? (
            <p data-testid="no-conflicts">No conflicts: every file agent-team writes is in sync, merged, or kept as you chose.</p>
          ) : (
            <>
              <p>
                {conflicts.length === 1 ? 'One file differs' : `${conflicts.length} files differ`} from what agent-team would write in a way it cannot settle alone. Each choice is shown as a plan before anything is written; the CLI does the same with <code>agent-team resolve</code>.
              </p>
              <ul class="conflict-list" aria-label="Conflicting files">
                {conflicts.map((c, i) => (
                  <Conflict key={c.path} c={c} index={i} />
                ))}
              </ul>
            </>
          )
        }
      </Load>
    </section>
  );
}
