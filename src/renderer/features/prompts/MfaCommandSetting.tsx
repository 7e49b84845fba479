// Inside the MFA modal: the session's "MFA command" (mfaProcess), shown and saved from there, so a
// person asked for a code can have a command (ykman…) answer from the next start on.
import { useId, useState } from 'react';
import type { SessionView } from '../../../shared/sessions';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';

/** The kinds whose MFA a command may answer. */
export function takesMfaCommand(view: SessionView | undefined): view is SessionView & {
  kind: 'iam-user' | 'iam-role';
} {
  return view?.kind === 'iam-user' || view?.kind === 'iam-role';
}

export function MfaCommandSetting({
  session,
}: {
  session: SessionView & { kind: 'iam-user' | 'iam-role' };
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [command, setCommand] = useState(session.mfaProcess ?? '');
  const [fieldError, setFieldError] = useState<string>();
  const [saveError, setSaveError] = useState<ErrorView>();
  const [saved, setSaved] = useState<string>();
  const [saving, setSaving] = useState(false);

  const save = async (): Promise<void> => {
    setSaved(undefined);
    setSaveError(undefined);
    // The form's own model (and zod) load only now: the modal opens without them.
    const { formFromSession, parseForm } = await import('../sessions/session-form-model');
    const outcome = parseForm(
      { ...formFromSession(session), mfaProcess: command },
      'edit',
      session,
    );
    if (!outcome.ok) {
      setFieldError(outcome.errors.mfaProcess ?? Object.values(outcome.errors)[0]);
      document.getElementById(`${id}-command`)?.focus();
      return;
    }
    setFieldError(undefined);
    setSaving(true);
    try {
      await invoke('session:edit', { id: session.id, config: outcome.config });
      setSaved(
        command.trim()
          ? `Saved: from the next start, ${session.name} runs this command for its code.`
          : `Cleared: ${session.name} asks for its code here again.`,
      );
    } catch (error) {
      setSaveError(toErrorView(error));
    } finally {
      setSaving(false);
    }
  };

  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return (
    <div className="mfa-command">
      <button
        type="button"
        className="link-button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen(!open)}
      >
        {session.mfaProcess ? 'MFA command…' : 'Get codes from a command…'}
      </button>
      {open ? (
        <div id={`${id}-panel`} className={fieldError ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-command`}>MFA command</label>
          <input
            id={`${id}-command`}
            value={command}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={[fieldError ? errorId : '', hintId].filter(Boolean).join(' ')}
            onKeyDown={(event) => {
              // Enter saves the command here; it must not send the code form around it.
              if (event.key !== 'Enter') return;
              event.preventDefault();
              void save();
            }}
            onChange={(event) => {
              setCommand(event.target.value);
              setFieldError(undefined);
              setSaved(undefined);
            }}
          />
          {fieldError ? (
            <p className="field-error" id={errorId}>
              MFA command {fieldError}
            </p>
          ) : null}
          <p className="field-hint" id={hintId}>
            A command that prints the code, e.g. ykman oath accounts code --single NAME. Run without
            a shell; empty clears it.
          </p>
          <ErrorNote error={saveError} />
          <div className="form-actions">
            <button type="button" disabled={saving} onClick={() => void save()}>
              Save command
            </button>
            <span className="saved-note" role="status">
              {saved ?? ''}
            </span>
          </div>
        </div>
      ) : null}
    </div>
  );
}
