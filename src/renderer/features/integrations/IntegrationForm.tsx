// The add/edit integration dialog: one form, empty to add, prefilled to edit (the name then stays);
// a new start URL or region says before saving that it ends the sign-in. Bad input keeps the draft.
import { useState, type FormEvent } from 'react';
import type { IntegrationView } from '../../../shared/identity-center';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import {
  FORM_FIELDS,
  checkEdit,
  checkNew,
  draftEndsSignIn,
  draftOf,
  emptyDraft,
  type FieldErrors,
  type IntegrationDraft,
} from './integration-form-model';

export type IntegrationFormMode =
  { type: 'add'; taken: readonly string[] } | { type: 'edit'; view: IntegrationView };

export function IntegrationFormDialog({
  mode,
  onClose,
  onSaved,
}: {
  mode: IntegrationFormMode;
  onClose: () => void;
  onSaved: (view: IntegrationView) => void;
}) {
  const [draft, setDraft] = useState<IntegrationDraft>(() =>
    mode.type === 'edit' ? draftOf(mode.view) : emptyDraft(),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<ErrorView>();
  const [busy, setBusy] = useState(false);
  const editing = mode.type === 'edit' ? mode.view : undefined;
  const endsSignIn = editing !== undefined && draftEndsSignIn(editing, draft);

  /** The request to send, or undefined with the fields' errors shown. */
  const request = (): Promise<IntegrationView> | undefined => {
    if (editing) {
      const checked = checkEdit(draft);
      setErrors(checked.ok ? {} : checked.errors);
      return checked.ok
        ? invoke('sso:edit', { name: editing.name, changes: checked.value })
        : undefined;
    }
    const checked = checkNew(draft, mode.type === 'add' ? mode.taken : []);
    setErrors(checked.ok ? {} : checked.errors);
    return checked.ok ? invoke('sso:add', checked.value) : undefined;
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const pending = request();
    if (!pending) return;
    setBusy(true);
    try {
      onSaved(await pending);
    } catch (failure) {
      setError(toErrorView(failure));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={editing ? `Edit ${editing.name}` : 'Add an Identity Center integration'}
      onClose={onClose}
      testId="integration-form"
    >
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        {FORM_FIELDS.map(({ key, label, hint }, index) => {
          const locked = editing !== undefined && key === 'name';
          const described = errors[key] ? 'error' : 'hint';
          return (
            <div key={key} className={errors[key] ? 'field field-invalid' : 'field'}>
              <label htmlFor={`integration-${key}`}>{label}</label>
              <input
                id={`integration-${key}`}
                value={draft[key]}
                spellCheck={false}
                readOnly={locked}
                {...(index === (editing ? 1 : 0) ? { 'data-autofocus': '' } : {})}
                aria-invalid={errors[key] ? true : undefined}
                aria-describedby={`integration-${key}-${described}`}
                onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
              />
              {errors[key] ? (
                <p className="field-error" id={`integration-${key}-error`}>
                  {label} {errors[key]}
                </p>
              ) : (
                <p className="field-hint" id={`integration-${key}-hint`}>
                  {locked
                    ? 'The name stays: its sessions and the AWS CLI’s sso-session refer to it'
                    : hint}
                </p>
              )}
            </div>
          );
        })}
        {endsSignIn ? (
          <p className="field-warning" role="status" data-testid="ends-sign-in">
            A new start URL or region is another sign-in: saving ends this one and forgets its
            client registration, and you log in again. Running sessions keep their credentials until
            they expire.
          </p>
        ) : null}
        <ErrorNote error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {editing ? (endsSignIn ? 'Save and sign out' : 'Save') : 'Add integration'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
