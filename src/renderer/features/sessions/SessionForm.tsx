// The add/edit session dialog: one form per kind, validated with the contract's own schemas.
// Loaded lazily: it brings zod, which the list does not need.
import { useId, useMemo, useState, type FormEvent } from 'react';
import {
  DURATION_LIMITS,
  SESSION_KINDS,
  type SessionKind,
  type SessionView,
} from '../../../shared/sessions';
import type { ErrorView } from '../../../shared/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { invoke, toErrorView } from '../../api';
import { KIND_LABELS } from './kind-labels';
import { MarksFields } from './MarksFields';
import { marksPatch, marksValues, parseMarks, type MarksValues } from './marks-form';
import {
  CREATABLE_KINDS,
  KIND_FIELDS,
  SECRET_FIELDS,
  canBeParent,
  emptyForm,
  formFromSession,
  isRequired,
  parseForm,
  type FieldErrors,
  type FieldName,
  type FormValues,
} from './session-form-model';

const LABELS: Record<FieldName, string> = {
  name: 'Name',
  profile: 'Profile',
  region: 'Region',
  accessKeyId: 'Access key ID',
  secretAccessKey: 'Secret access key',
  parentId: 'Parent session',
  roleArn: 'Role ARN',
  principalArn: 'SAML provider ARN',
  idpUrl: 'IdP sign-in URL',
  mfaSerial: 'MFA device ARN',
  mfaProcess: 'MFA command',
  externalId: 'External ID',
  roleSessionName: 'Role session name',
  sourceIdentity: 'Source identity',
  tokenFile: 'Web identity token file',
  federatedName: 'Federated user name',
  policy: 'Session policy (JSON)',
  durationSeconds: 'Duration (seconds)',
};

function hintFor(field: FieldName, kind: SessionKind, mode: 'add' | 'edit', hasKeys: boolean) {
  switch (field) {
    case 'profile':
      return 'The named profile Airlock writes, e.g. for --profile.';
    case 'region':
      return 'Optional, e.g. eu-west-1. Written to the config file.';
    case 'accessKeyId':
    case 'secretAccessKey':
      return mode === 'edit' && hasKeys
        ? 'Stored in the keychain and never shown. Leave empty to keep.'
        : 'Goes straight to the keychain; Airlock never shows it again.';
    case 'mfaSerial':
      return 'Optional. Airlock asks for a code when the session starts.';
    case 'mfaProcess':
      return 'Optional. A command that prints the code, e.g. ykman oath accounts code --single NAME. Run without a shell; if it fails, Airlock asks you.';
    case 'durationSeconds': {
      const { min, max, default: byDefault } = DURATION_LIMITS[kind];
      return `Optional, ${min}–${max}. Default ${byDefault}.`;
    }
    default:
      return undefined;
  }
}

interface SessionFormProps {
  mode: 'add' | 'edit';
  session?: SessionView;
  sessions: readonly SessionView[];
  onClose: () => void;
  onSaved: (view: SessionView) => void;
}

export function SessionForm({ mode, session, sessions, onClose, onSaved }: SessionFormProps) {
  const [values, setValues] = useState<FormValues>(() =>
    session ? formFromSession(session) : emptyForm(),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [marks, setMarks] = useState<MarksValues>(() => marksValues(session?.marks));
  const [tagsError, setTagsError] = useState<string>();
  const [submitError, setSubmitError] = useState<ErrorView>();
  const [saving, setSaving] = useState(false);
  const idPrefix = useId();

  const parents = useMemo(
    () =>
      sessions
        .filter((candidate) => candidate.id !== session?.id && canBeParent(values.kind, candidate))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [sessions, session?.id, values.kind],
  );

  const set = (field: FieldName, value: string): void => {
    setValues((prev) => ({ ...prev, [field]: value }));
    if (errors[field]) setErrors((prev) => ({ ...prev, [field]: undefined }));
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const outcome = parseForm(values, mode, session);
    const marked = parseMarks(marks);
    setTagsError(marked.ok ? undefined : marked.error);
    if (!outcome.ok) {
      setErrors(outcome.errors);
      const order: FieldName[] = ['name', 'profile', 'region', ...KIND_FIELDS[values.kind]];
      const first = order.find((field) => outcome.errors[field]);
      if (first) document.getElementById(`${idPrefix}-${first}`)?.focus();
      return;
    }
    if (!marked.ok) {
      document.getElementById(`${idPrefix}-tags`)?.focus();
      return;
    }
    setSaving(true);
    setSubmitError(undefined);
    try {
      const keys = outcome.keys ? { keys: outcome.keys } : {};
      let saved =
        mode === 'edit' && session
          ? await invoke('session:edit', { id: session.id, config: outcome.config, ...keys })
          : await invoke('session:add', { config: outcome.config, ...keys, marks: marked.marks });
      const patch = mode === 'edit' ? marksPatch(saved.marks, marked.marks) : undefined;
      if (patch) saved = await invoke('session:set-marks', { id: saved.id, ...patch });
      // Drop the typed secrets from memory as soon as they have been handed over.
      setValues((prev) => ({ ...prev, accessKeyId: '', secretAccessKey: '' }));
      onSaved(saved);
    } catch (error) {
      setSubmitError(toErrorView(error));
    } finally {
      setSaving(false);
    }
  };

  const fields: FieldName[] = ['name', 'profile', 'region', ...KIND_FIELDS[values.kind]];
  const title = mode === 'edit' && session ? `Edit ${session.name}` : 'Add session';

  return (
    <Dialog title={title} onClose={onClose} className="dialog-wide" testId="session-form">
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor={`${idPrefix}-kind`}>Kind</label>
          <select
            id={`${idPrefix}-kind`}
            value={values.kind}
            disabled={mode === 'edit'}
            data-autofocus={mode === 'add' ? '' : undefined}
            onChange={(event) => {
              setValues((prev) => ({ ...prev, kind: event.target.value as SessionKind }));
              setErrors({});
            }}
          >
            {(mode === 'edit' ? SESSION_KINDS : CREATABLE_KINDS).map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </div>
        {fields.map((field) => (
          <FormField
            key={field}
            id={`${idPrefix}-${field}`}
            field={field}
            value={values[field]}
            error={errors[field]}
            required={
              isRequired(values.kind, field) ||
              (mode === 'add' && values.kind === 'iam-user' && SECRET_FIELDS.includes(field))
            }
            hint={hintFor(field, values.kind, mode, session?.hasStoredKeys ?? false)}
            autoFocus={mode === 'edit' && field === 'name'}
            parents={parents}
            onChange={(value) => set(field, value)}
          />
        ))}
        <MarksFields
          idPrefix={idPrefix}
          values={marks}
          tagsError={tagsError}
          onChange={(next) => {
            setMarks(next);
            if (tagsError) setTagsError(undefined);
          }}
        />
        <ErrorNote error={submitError} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {mode === 'edit' ? 'Save' : 'Add session'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

interface FormFieldProps {
  id: string;
  field: FieldName;
  value: string;
  error: string | undefined;
  required: boolean;
  hint: string | undefined;
  autoFocus: boolean;
  parents: readonly SessionView[];
  onChange: (value: string) => void;
}

function FormField({
  id,
  field,
  value,
  error,
  required,
  hint,
  autoFocus,
  parents,
  onChange,
}: FormFieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name: field,
    value,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
    'data-autofocus': autoFocus ? '' : undefined,
  };
  const secret = SECRET_FIELDS.includes(field);

  let control;
  if (field === 'parentId') {
    control = (
      <select {...common} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose a session…</option>
        {parents.map((parent) => (
          <option key={parent.id} value={parent.id}>
            {parent.name} ({parent.profile})
          </option>
        ))}
      </select>
    );
  } else if (field === 'policy') {
    control = <textarea {...common} rows={3} onChange={(event) => onChange(event.target.value)} />;
  } else {
    control = (
      <input
        {...common}
        type={
          field === 'secretAccessKey' ? 'password' : field === 'durationSeconds' ? 'number' : 'text'
        }
        inputMode={field === 'durationSeconds' ? 'numeric' : undefined}
        autoComplete={secret ? 'off' : undefined}
        spellCheck={false}
        autoCapitalize={field === 'mfaProcess' ? 'off' : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }

  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {LABELS[field]}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {control}
      {error ? (
        <p className="field-error" id={errorId}>
          {LABELS[field]} {error}
        </p>
      ) : null}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
