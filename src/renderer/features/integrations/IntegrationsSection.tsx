// Settings' Integrations section: each Identity Center integration with its login state and token
// expiry, Log in (browser or device code), Sync with a progress bar, Log out, Edit, Remove; and Add.
import { useCallback, useEffect, useState } from 'react';
import type { IntegrationView, SyncProgress } from '../../../shared/identity-center';
import type { ErrorView } from '../../../shared/errors';
import { invoke, on, toErrorView } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { useNow } from '../../components/use-now';
import { IntegrationFormDialog } from './IntegrationForm';
import { RemoveIntegrationDialog } from './RemoveIntegrationDialog';
import { loginStateText, progressText, summaryText } from './integration-text';

type Busy = 'login' | 'sync' | 'logout';

interface RowState {
  busy?: Busy;
  progress?: SyncProgress;
  summary?: string;
  error?: ErrorView;
}

export function IntegrationsSection() {
  const [integrations, setIntegrations] = useState<IntegrationView[]>();
  const [loadError, setLoadError] = useState<ErrorView>();
  const [rows, setRows] = useState<Record<string, RowState>>({});
  const [dialog, setDialog] = useState<
    { type: 'add' } | { type: 'edit'; name: string } | { type: 'remove'; name: string }
  >();

  const upsert = useCallback((view: IntegrationView) => {
    setIntegrations((prev) => {
      const list = (prev ?? []).filter((i) => i.name !== view.name);
      return [...list, view].sort((a, b) => a.name.localeCompare(b.name));
    });
  }, []);
  const patchRow = useCallback((name: string, patch: RowState) => {
    setRows((prev) => ({ ...prev, [name]: { ...prev[name], ...patch } }));
  }, []);

  const reload = useCallback(async () => {
    try {
      setIntegrations(await invoke('sso:list'));
      setLoadError(undefined);
    } catch (failure) {
      setLoadError(toErrorView(failure));
    }
  }, []);

  useEffect(() => {
    const offs = [
      on('sso:changed', upsert),
      on('sso:removed', ({ name }) =>
        setIntegrations((prev) => prev?.filter((i) => i.name !== name)),
      ),
      on('sso:progress', (progress) => patchRow(progress.integration, { progress })),
      // A start or sync may find the sign-in expired: the list's login states change with it.
      on('notification', () => void reload()),
    ];
    invoke('sso:list').then(setIntegrations, (failure: unknown) =>
      setLoadError(toErrorView(failure)),
    );
    return () => offs.forEach((off) => off());
  }, [upsert, patchRow, reload]);

  const run = async (name: string, busy: Busy, action: () => Promise<unknown>): Promise<void> => {
    patchRow(name, { busy, error: undefined, summary: undefined, progress: undefined });
    try {
      await action();
      patchRow(name, { busy: undefined });
    } catch (failure) {
      const error = toErrorView(failure);
      // Cancelling a sign-in is the person's own choice, not an error to show.
      patchRow(name, { busy: undefined, ...(error.code === 'PROMPT_CANCELLED' ? {} : { error }) });
    }
    await reload();
  };

  const login = (name: string, useDeviceCode: boolean) =>
    run(name, 'login', () => invoke('sso:login', { name, useDeviceCode }));
  const logout = (name: string) => run(name, 'logout', () => invoke('sso:logout', { name }));
  const sync = (name: string) =>
    run(name, 'sync', async () => {
      const summary = await invoke('sso:sync', { name });
      patchRow(name, { summary: summaryText(summary) });
    });

  return (
    <section className="integrations" aria-labelledby="integrations-heading">
      <div className="section-heading">
        <h2 id="integrations-heading">Identity Center integrations</h2>
        <button type="button" onClick={() => setDialog({ type: 'add' })}>
          Add integration
        </button>
      </div>
      <p className="field-hint">
        Sign in once per integration; Sync turns its accounts and roles into sessions.
      </p>
      <ErrorNote error={loadError} />
      {integrations && integrations.length === 0 ? (
        <p className="field-hint">No integration yet.</p>
      ) : null}
      <ul className="integration-list" aria-label="Integrations">
        {(integrations ?? []).map((view) => (
          <IntegrationItem
            key={view.name}
            view={view}
            state={rows[view.name] ?? {}}
            onLogin={(device) => void login(view.name, device)}
            onSync={() => void sync(view.name)}
            onLogout={() => void logout(view.name)}
            onEdit={() => setDialog({ type: 'edit', name: view.name })}
            onRemove={() => setDialog({ type: 'remove', name: view.name })}
          />
        ))}
      </ul>
      {dialog?.type === 'add' || dialog?.type === 'edit' ? (
        <FormDialog
          dialog={dialog}
          integrations={integrations ?? []}
          onClose={() => setDialog(undefined)}
          onSaved={(view) => {
            upsert(view);
            setDialog(undefined);
          }}
        />
      ) : null}
      {dialog?.type === 'remove' ? (
        <RemoveIntegrationDialog
          view={integrations?.find((i) => i.name === dialog.name)}
          name={dialog.name}
          onClose={() => setDialog(undefined)}
        />
      ) : null}
    </section>
  );
}

interface ItemProps {
  view: IntegrationView;
  state: RowState;
  onLogin: (useDeviceCode: boolean) => void;
  onSync: () => void;
  onLogout: () => void;
  onEdit: () => void;
  onRemove: () => void;
}

/** Add, or edit the integration named; an integration removed meanwhile closes the form. */
function FormDialog({
  dialog,
  integrations,
  onClose,
  onSaved,
}: {
  dialog: { type: 'add' } | { type: 'edit'; name: string };
  integrations: IntegrationView[];
  onClose: () => void;
  onSaved: (view: IntegrationView) => void;
}) {
  const view =
    dialog.type === 'edit' ? integrations.find((i) => i.name === dialog.name) : undefined;
  if (dialog.type === 'edit' && !view) return null;
  return (
    <IntegrationFormDialog
      mode={view ? { type: 'edit', view } : { type: 'add', taken: integrations.map((i) => i.name) }}
      onClose={onClose}
      onSaved={onSaved}
    />
  );
}

function IntegrationItem({ view, state, onLogin, onSync, onLogout, onEdit, onRemove }: ItemProps) {
  const now = useNow();
  const busy = state.busy !== undefined;
  const { name } = view;
  return (
    <li className="integration" data-testid="integration" data-name={name}>
      <div className="integration-head">
        <strong className="integration-name">{name}</strong>
        <span className={`tag login-${view.loginState}`} data-testid="login-state">
          {loginStateText(view, now)}
        </span>
      </div>
      <p className="integration-meta">
        <span title="Start URL">{view.startUrl}</span>
        <span title="Region">{view.region}</span>
        <span>
          {view.sessions} {view.sessions === 1 ? 'session' : 'sessions'}
        </span>
      </p>
      {state.busy === 'sync' ? (
        <div className="sync-progress" data-testid="sync-progress">
          <progress
            aria-label={`Sync progress of ${name}`}
            {...(state.progress && state.progress.total > 0
              ? { max: state.progress.total, value: state.progress.done }
              : {})}
          />
          <span>{progressText(state.progress)}</span>
        </div>
      ) : null}
      <p className="saved-note" role="status" data-testid="sync-summary">
        {state.busy === 'login' ? 'Signing in…' : (state.summary ?? '')}
      </p>
      <ErrorNote error={state.error} />
      <div className="form-actions">
        <button
          type="button"
          className={view.loginState === 'logged-in' ? undefined : 'primary'}
          disabled={busy}
          aria-label={`Log in to ${name}`}
          onClick={() => onLogin(false)}
        >
          Log in
        </button>
        <button
          type="button"
          disabled={busy}
          aria-label={`Log in to ${name} with a device code`}
          onClick={() => onLogin(true)}
        >
          Log in with a device code
        </button>
        <button
          type="button"
          className={view.loginState === 'logged-in' ? 'primary' : undefined}
          disabled={busy}
          aria-label={`Sync ${name}`}
          onClick={onSync}
        >
          Sync
        </button>
        <button
          type="button"
          disabled={busy || view.loginState === 'logged-out'}
          aria-label={`Log out of ${name}`}
          onClick={onLogout}
        >
          Log out
        </button>
        <button type="button" disabled={busy} aria-label={`Edit ${name}`} onClick={onEdit}>
          Edit
        </button>
        <button
          type="button"
          className="quiet-danger"
          disabled={busy}
          aria-label={`Remove ${name}`}
          onClick={onRemove}
        >
          Remove
        </button>
      </div>
    </li>
  );
}
