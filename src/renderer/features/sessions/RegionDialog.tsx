// Changes one session's region. Loaded lazily: it brings the contract's zod schema for the check.
import { useId, useState, type FormEvent } from 'react';
import { regionSchema, type SessionView } from '../../../shared/sessions';
import { AWS_REGIONS } from '../../../shared/aws-regions';
import type { ErrorView } from '../../../shared/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { invoke, toErrorView } from '../../api';

interface RegionDialogProps {
  session: SessionView;
  onClose: () => void;
}

export function RegionDialog({ session, onClose }: RegionDialogProps) {
  const id = useId();
  const [value, setValue] = useState(session.region ?? '');
  const [fieldError, setFieldError] = useState<string>();
  const [submitError, setSubmitError] = useState<ErrorView>();
  const [saving, setSaving] = useState(false);
  const active = session.state.status === 'active';

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const region = value.trim();
    const parsed = regionSchema.safeParse(region);
    if (!parsed.success) {
      setFieldError(`Region ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
      return;
    }
    setFieldError(undefined);
    setSaving(true);
    try {
      await invoke('session:set-region', { id: session.id, region });
      onClose();
    } catch (error) {
      // The typed value stays, so the person can correct it.
      setSubmitError(toErrorView(error));
      setSaving(false);
    }
  };

  return (
    <Dialog
      title={`Region of ${session.name}`}
      onClose={onClose}
      testId="region-dialog"
      description={
        active
          ? `The profile “${session.profile}” in your AWS config takes the new region at once; its credentials stay as they are.`
          : `The profile “${session.profile}” gets this region when the session next starts.`
      }
    >
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        <div className={fieldError ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-region`}>Region</label>
          <input
            id={`${id}-region`}
            type="text"
            list={`${id}-regions`}
            value={value}
            spellCheck={false}
            autoComplete="off"
            data-autofocus=""
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={fieldError ? `${id}-error` : undefined}
            onChange={(event) => setValue(event.target.value)}
          />
          <datalist id={`${id}-regions`}>
            {AWS_REGIONS.map((region) => (
              <option key={region} value={region} />
            ))}
          </datalist>
          {fieldError ? (
            <p className="field-error" id={`${id}-error`}>
              {fieldError}
            </p>
          ) : null}
        </div>
        <ErrorNote error={submitError} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            Change region
          </button>
        </div>
      </form>
    </Dialog>
  );
}
