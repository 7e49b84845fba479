// The Integrations section's dialogs: add an integration (validated by the contract's schema), and
// remove one, offering to stop its active sessions when the core refuses because of them.
import { useState, type FormEvent } from 'react';
import {
  DEFAULT_SSO_SCOPES,
  integrationConfigSchema,
  type IntegrationView,
} from '../../../shared/identity-center';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { scopeList } from './integration-text';

const FIELDS = [
  { key: 'name', label: 'Name', hint: 'Names its sessions, e.g. corp' },
  { key: 'startUrl', label: 'Start URL', hint: 'https://my-org.awsapps.com/start' },
  { key: 'region', label: 'Region', hint: 'Where Identity Center runs, e.g. eu-west-1' },
  {
    key: 'scopes',
    label: 'Scopes',
    hint: 'Separated by spaces; sso:account:access gives a refresh token',
  },
] as const;
type FieldKey = (typeof FIELDS)[number]['key'];

export function AddIntegrationDialog({
  taken,
  onClose,
  onAdded,
}: {
  taken: readonly string[];
  onClose: () => void;
  onAdded: (view: IntegrationView) => void;
}) {
  const [draft, setDraft] = useState<Record<FieldKey, string>>({
    name: '',
    startUrl: '',
    region: '',
    scopes: DEFAULT_SSO_SCOPES.join(' '),
  });
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [error, setError] = useState<ErrorView>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const parsed = integrationConfigSchema.safeParse({
      name: draft.name.trim(),
      startUrl: draft.startUrl.trim(),
      region: draft.region.trim(),
      scopes: scopeList(draft.scopes),
    });
    const next: Partial<Record<FieldKey, string>> = {};
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      const key = issue.path[0] as FieldKey;
      next[key] ??= issue.message;
    }
    if (taken.includes(draft.name.trim())) next.name = 'is already an integration';
    setErrors(next);
    if (!parsed.success || Object.keys(next).length > 0) return;
    setBusy(true);
    try {
      onAdded(await invoke('sso:add', parsed.data));
    } catch (failure) {
      setError(toErrorView(failure));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Add an Identity Center integration" onClose={onClose} testId="integration-form">
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        {FIELDS.map(({ key, label, hint }, index) => (
          <div key={key} className={errors[key] ? 'field field-invalid' : 'field'}>
            <label htmlFor={`integration-${key}`}>{label}</label>
            <input
              id={`integration-${key}`}
              value={draft[key]}
              spellCheck={false}
              {...(index === 0 ? { 'data-autofocus': '' } : {})}
              aria-invalid={errors[key] ? true : undefined}
              aria-describedby={`integration-${key}-${errors[key] ? 'error' : 'hint'}`}
              onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
            />
            {errors[key] ? (
              <p className="field-error" id={`integration-${key}-error`}>
                {label} {errors[key]}
              </p>
            ) : (
              <p className="field-hint" id={`integration-${key}-hint`}>
                {hint}
              </p>
            )}
          </div>
        ))}
        <ErrorNote error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Add integration
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function RemoveIntegrationDialog({
  name,
  view,
  onClose,
}: {
  name: string;
  view: IntegrationView | undefined;
  onClose: () => void;
}) {
  const [error, setError] = useState<ErrorView>();
  const [busy, setBusy] = useState(false);
  const remove = async (force: boolean): Promise<void> => {
    setBusy(true);
    try {
      await invoke('sso:remove', { name, force });
      onClose();
    } catch (failure) {
      setError(toErrorView(failure));
      setBusy(false);
    }
  };
  const sessions = view?.sessions ?? 0;
  return (
    <Dialog
      title={`Remove ${name}?`}
      onClose={onClose}
      testId="confirm-remove-integration"
      description={
        sessions > 0
          ? `Its ${sessions} ${sessions === 1 ? 'session is' : 'sessions are'} removed too, and its sign-in is ended.`
          : 'Its sign-in is ended.'
      }
    >
      <ErrorNote error={error} />
      <div className="dialog-actions">
        <button type="button" data-autofocus="" onClick={onClose}>
          Keep
        </button>
        {error?.code === 'IN_USE' ? (
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => void remove(true)}
          >
            Stop its sessions and remove
          </button>
        ) : (
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => void remove(false)}
          >
            Remove
          </button>
        )}
      </div>
    </Dialog>
  );
}
