// The MFA code dialog: names the session and device, shows a rejected code's error, allows retry.
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import type { MfaPrompt } from './prompt-store';

interface MfaModalProps {
  prompt: MfaPrompt;
  onAnswer: (requestId: string, code: string | null) => void;
}

export function MfaModal({ prompt, onAnswer }: MfaModalProps) {
  const { event, phase } = prompt;
  const [code, setCode] = useState('');
  const verifying = phase === 'verifying';
  const valid = /^\d{6}$/.test(code);

  const submit = (formEvent: FormEvent): void => {
    formEvent.preventDefault();
    if (valid && !verifying) onAnswer(event.requestId, code);
  };

  return (
    <Dialog
      title="MFA code needed"
      onClose={() => onAnswer(event.requestId, null)}
      testId="mfa-modal"
      description={
        <>
          Enter the 6-digit code for <strong>{event.sessionName}</strong> from the device{' '}
          <code className="arn">{event.deviceArn}</code>.
        </>
      }
    >
      <form className="form" noValidate onSubmit={submit}>
        <ErrorNote error={prompt.answerError ?? (verifying ? undefined : event.error)} />
        <div className="field">
          <label htmlFor="mfa-code">MFA code</label>
          <input
            id="mfa-code"
            className="mfa-input"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="\d{6}"
            maxLength={6}
            value={code}
            disabled={verifying}
            data-autofocus=""
            aria-invalid={event.error && !verifying ? true : undefined}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
          />
        </div>
        <p className="field-hint" aria-live="polite">
          {verifying ? 'Verifying…' : ''}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={() => onAnswer(event.requestId, null)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid || verifying}>
            Verify
          </button>
        </div>
      </form>
    </Dialog>
  );
}
