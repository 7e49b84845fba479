// The Integrations section's remove dialog, offering to stop its active sessions when the core
// refuses because of them.
import { useState } from 'react';
import type { IntegrationView } from '../../../shared/identity-center';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';

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
