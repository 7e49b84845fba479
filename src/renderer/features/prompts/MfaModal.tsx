// The MFA code dialog: names the session and device, shows a rejected code's (or a failed MFA
// command's) error, allows retry, and offers the session's MFA command setting.
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import type { SessionView } from '../../../shared/sessions';
import type { MfaPrompt } from './prompt-store';
import { MfaCommandSetting, takesMfaCommand } from './MfaCommandSetting';

interface MfaModalProps {
  prompt: MfaPrompt;
  /** The session the code is for, when the list has it: its MFA command can be set from here. */
  session: SessionView | undefined;
  onAnswer: (requestId: string, code: string | null) => void;
}

export function MfaModal({ prompt, session, onAnswer }: MfaModalProps) {
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
        {takesMfaCommand(session) ? <MfaCommandSetting session={session} /> : null}
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
