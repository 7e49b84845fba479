// The saved filters ("segments") beside the list: apply one, save the current filter, rename or
// remove one (removal asks first).
import { useState } from 'react';
import type { SegmentView, SessionFilter, SessionGrouping } from '../../../shared/segment-fields';
import type { ErrorView } from '../../../shared/errors';
import { toErrorView } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { SegmentDialog } from './SegmentDialog';
import { describeFilter } from './segment-form';
import type { Segments } from './use-segments';

interface SegmentSidebarProps {
  store: Segments;
  /** The saved filter the list shows now, if it shows one exactly. */
  current: string | undefined;
  /** The list shows every session, ungrouped. */
  showsAll: boolean;
  filter: SessionFilter;
  grouping: SessionGrouping;
  onApply: (segment: SegmentView | undefined) => void;
}

type Editing =
  | { type: 'save' }
  | { type: 'rename'; segment: SegmentView }
  | { type: 'remove'; segment: SegmentView };

export function SegmentSidebar({
  store,
  current,
  showsAll,
  filter,
  grouping,
  onApply,
}: SegmentSidebarProps) {
  const [editing, setEditing] = useState<Editing>();
  const close = () => setEditing(undefined);
  return (
    <nav className="segments" aria-labelledby="segments-heading" data-testid="segments">
      <h2 id="segments-heading">Saved filters</h2>
      <ErrorNote error={store.loadError} />
      <ul className="segment-list">
        <li>
          <button
            type="button"
            className="segment-apply"
            aria-current={showsAll ? 'true' : undefined}
            onClick={() => onApply(undefined)}
          >
            All sessions
          </button>
        </li>
        {store.segments.map((segment) => (
          <li key={segment.name} className="segment" data-testid="segment">
            <button
              type="button"
              className="segment-apply"
              aria-current={current === segment.name ? 'true' : undefined}
              title={describeFilter(segment.filter, segment.grouping)}
              onClick={() => onApply(segment)}
            >
              {segment.name}
            </button>
            <button
              type="button"
              className="icon-button segment-action"
              aria-label={`Rename ${segment.name}`}
              title="Rename"
              onClick={() => setEditing({ type: 'rename', segment })}
            >
              <span aria-hidden="true">✎</span>
            </button>
            <button
              type="button"
              className="icon-button segment-action"
              aria-label={`Remove ${segment.name}`}
              title="Remove"
              onClick={() => setEditing({ type: 'remove', segment })}
            >
              <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="segment-save"
        disabled={showsAll}
        title={showsAll ? 'Set a search, a filter or a grouping first' : undefined}
        onClick={() => setEditing({ type: 'save' })}
      >
        Save current filter…
      </button>

      {editing?.type === 'save' ? (
        <SegmentDialog
          mode="save"
          segments={store.segments}
          filter={filter}
          grouping={grouping}
          onClose={close}
          onSave={(name) => store.save(name, filter, grouping)}
        />
      ) : null}
      {editing?.type === 'rename' ? (
        <SegmentDialog
          mode="rename"
          segment={editing.segment}
          segments={store.segments}
          onClose={close}
          onSave={(name) => store.rename(editing.segment.name, name)}
        />
      ) : null}
      {editing?.type === 'remove' ? (
        <ConfirmRemove segment={editing.segment} store={store} onClose={close} />
      ) : null}
    </nav>
  );
}

function ConfirmRemove({
  segment,
  store,
  onClose,
}: {
  segment: SegmentView;
  store: Segments;
  onClose: () => void;
}) {
  const [error, setError] = useState<ErrorView>();
  const remove = async (): Promise<void> => {
    try {
      await store.remove(segment.name);
      onClose();
    } catch (failure) {
      setError(toErrorView(failure));
    }
  };
  return (
    <Dialog
      title={`Remove saved filter ${segment.name}?`}
      description="Only the saved filter goes; no session changes."
      onClose={onClose}
      testId="confirm-remove-segment"
    >
      <ErrorNote error={error} />
      <div className="dialog-actions">
        <button type="button" data-autofocus="" onClick={onClose}>
          Keep
        </button>
        <button type="button" className="danger" onClick={() => void remove()}>
          Remove
        </button>
      </div>
    </Dialog>
  );
}
