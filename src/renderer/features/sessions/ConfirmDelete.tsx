// Asks before deleting a session; says what happens to its profile and stored keys.
import { useState } from 'react';
import type { SessionView } from '../../../shared/sessions';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';

export function ConfirmDelete({ session, onClose }: { session: SessionView; onClose: () => void }) {
  const [error, setError] = useState<ErrorView>();
  const [busy, setBusy] = useState(false);
  const remove = async (): Promise<void> => {
    setBusy(true);
    try {
      await invoke('session:remove', { id: session.id });
      onClose();
    } catch (failure) {
      setError(toErrorView(failure));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Delete ${session.name}?`}
      onClose={onClose}
      testId="confirm-delete"
      description={
        session.state.status === 'active'
          ? `Airlock stops the session first and removes the profile “${session.profile}”. Its stored keys are deleted from the keychain.`
          : `The session and any keys it stored in the keychain are deleted.`
      }
    >
      <ErrorNote error={error} />
      <div className="dialog-actions">
        <button type="button" data-autofocus="" onClick={onClose}>
          Keep
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
          Delete
        </button>
      </div>
    </Dialog>
  );
}
