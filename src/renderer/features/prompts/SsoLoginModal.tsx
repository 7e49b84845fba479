// The Identity Center login dialog: the device code with a copy button and a countdown, or a
// note that the sign-in page is open in the system browser; either can open the page again.
import { useState } from 'react';
import type { SsoLoginPromptEvent } from '../../../shared/ipc-contract';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { formatRemaining } from '../../components/format-time';
import { useNow } from '../../components/use-now';

interface SsoLoginModalProps {
  prompt: SsoLoginPromptEvent;
  onCancel: (requestId: string) => void;
}

export function SsoLoginModal({ prompt, onCancel }: SsoLoginModalProps) {
  const [error, setError] = useState<ErrorView>();
  const openPage = async (): Promise<void> => {
    try {
      await invoke('prompt:open-sso-page', { requestId: prompt.requestId });
      setError(undefined);
    } catch (failure) {
      setError(toErrorView(failure));
    }
  };
  const cancel = (): void => onCancel(prompt.requestId);

  if (prompt.method === 'browser') {
    return (
      <Dialog
        title={`Signing in to ${prompt.integrationName}`}
        onClose={cancel}
        testId="sso-browser-modal"
        description="Airlock opened the Identity Center sign-in page in your browser. Allow access there; this dialog closes once you are signed in."
      >
        <ErrorNote error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={cancel}>
            Cancel
          </button>
          <button type="button" data-autofocus="" onClick={() => void openPage()}>
            Open the page again
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog
      title={`Sign in to ${prompt.integrationName}`}
      onClose={cancel}
      testId="device-code-modal"
      description={
        <>
          Open <code className="arn">{prompt.verificationUri}</code> on any device and enter this
          code. This dialog closes once you approve it.
        </>
      }
    >
      <DeviceCode
        userCode={prompt.userCode}
        expiresAt={prompt.expiresAt}
        onOpen={() => void openPage()}
      />
      <ErrorNote error={error} />
      <div className="dialog-actions">
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

function DeviceCode({
  userCode,
  expiresAt,
  onOpen,
}: {
  userCode: string;
  expiresAt: string;
  onOpen: () => void;
}) {
  const now = useNow();
  const [copied, setCopied] = useState<string>();
  const remaining = Date.parse(expiresAt) - now;

  const copy = async (): Promise<void> => {
    setCopied((await copyText(userCode)) ? 'Code copied' : 'Select the code and copy it');
  };

  return (
    <div className="device-code">
      <p className="device-code-value" aria-label="Device code" data-testid="device-code">
        {userCode}
      </p>
      <div className="form-actions">
        <button type="button" data-autofocus="" onClick={() => void copy()}>
          Copy code
        </button>
        <button type="button" className="primary" onClick={onOpen}>
          Open the sign-in page
        </button>
        <span className="saved-note" role="status">
          {copied ?? ''}
        </span>
      </div>
      <p className="field-hint" data-testid="device-code-countdown">
        {remaining > 0
          ? `The code works for ${formatRemaining(remaining)}`
          : 'The code has expired: cancel and log in again'}
      </p>
    </div>
  );
}

/** The Clipboard API where the page may use it, else the selection and execCommand. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied: fall back to the selection below.
  }
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.className = 'visually-hidden';
  document.body.append(field);
  field.select();
  const done = document.execCommand('copy');
  field.remove();
  return done;
}
