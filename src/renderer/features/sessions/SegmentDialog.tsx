// Saves the current filter under a name, or renames a saved one. A bad or taken name is said at
// the field, which keeps what was typed and takes focus.
import { useId, useRef, useState, type FormEvent } from 'react';
import type { SegmentView, SessionFilter, SessionGrouping } from '../../../shared/segment-fields';
import type { ErrorView } from '../../../shared/errors';
import { toErrorView } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { checkSegmentName, describeFilter } from './segment-form';

type SegmentDialogProps = {
  segments: readonly SegmentView[];
  onClose: () => void;
} & (
  | {
      mode: 'save';
      filter: SessionFilter;
      grouping: SessionGrouping;
      onSave: (name: string) => Promise<unknown>;
    }
  | { mode: 'rename'; segment: SegmentView; onSave: (name: string) => Promise<unknown> }
);

export function SegmentDialog(props: SegmentDialogProps) {
  const { segments, onClose, onSave } = props;
  const renaming = props.mode === 'rename' ? props.segment : undefined;
  const [name, setName] = useState(renaming?.name ?? '');
  const [nameError, setNameError] = useState<string>();
  const [error, setError] = useState<ErrorView>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  const fail = (message: string): void => {
    setNameError(message);
    input.current?.focus();
  };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    const problem = checkSegmentName(name, segments, renaming?.name);
    if (problem) return fail(problem);
    setBusy(true);
    try {
      await onSave(name.trim());
      onClose();
    } catch (failure) {
      const view = toErrorView(failure);
      // Another window may have taken the name meanwhile: that is still the name's problem.
      // Anything else (a search too long to save, say) is the filter's: said above the buttons.
      if (view.code === 'ALREADY_EXISTS') fail(view.message);
      else setError(view);
      setBusy(false);
    }
  };

  const shows = renaming
    ? describeFilter(renaming.filter, renaming.grouping)
    : props.mode === 'save'
      ? describeFilter(props.filter, props.grouping)
      : '';
  return (
    <Dialog
      title={renaming ? `Rename saved filter ${renaming.name}` : 'Save filter'}
      description={`Shows: ${shows}`}
      onClose={onClose}
      testId="segment-dialog"
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className={nameError ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            ref={input}
            id={`${id}-name`}
            type="text"
            value={name}
            required
            data-autofocus=""
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-error` : undefined}
            onChange={(event) => {
              setName(event.target.value);
              if (nameError) setNameError(undefined);
            }}
          />
          {nameError ? (
            <p className="field-error" id={`${id}-error`}>
              {nameError}
            </p>
          ) : null}
        </div>
        <ErrorNote error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {renaming ? 'Rename' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
