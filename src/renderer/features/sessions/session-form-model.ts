// Pure model of the add/edit form: field lists per kind, and form text → contract input with
// per-field messages, validated by the same zod schemas the main process applies.
import type { z } from 'zod';
import {
  DURATION_LIMITS,
  SESSION_KINDS,
  longTermKeysSchema,
  sessionConfigSchema,
  type LongTermKeys,
  type SessionConfig,
  type SessionKind,
  type SessionView,
} from '../../../shared/sessions';

export const FIELD_NAMES = [
  'name',
  'profile',
  'region',
  'accessKeyId',
  'secretAccessKey',
  'parentId',
  'roleArn',
  'principalArn',
  'idpUrl',
  'mfaSerial',
  'mfaProcess',
  'externalId',
  'roleSessionName',
  'sourceIdentity',
  'tokenFile',
  'federatedName',
  'policy',
  'durationSeconds',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export type FormValues = { kind: SessionKind } & Record<FieldName, string>;
export type FieldErrors = Partial<Record<FieldName, string>>;

/** The fields each kind's form shows, in order, after name, profile and region. */
export const KIND_FIELDS: Record<SessionKind, readonly FieldName[]> = {
  'iam-user': ['accessKeyId', 'secretAccessKey', 'mfaSerial', 'mfaProcess', 'durationSeconds'],
  'iam-role': [
    'parentId',
    'roleArn',
    'mfaSerial',
    'mfaProcess',
    'externalId',
    'roleSessionName',
    'sourceIdentity',
    'durationSeconds',
  ],
  saml: ['idpUrl', 'roleArn', 'principalArn', 'durationSeconds'],
  'web-identity': ['roleArn', 'tokenFile', 'roleSessionName', 'durationSeconds'],
  'federated-user': ['parentId', 'federatedName', 'policy', 'durationSeconds'],
  // Its account and role come from the integration's sync; only name, profile and region are edited.
  'sso-role': [],
};

/** The kinds the add form offers: sso-role sessions are created by a sync of their integration. */
export const CREATABLE_KINDS: readonly SessionKind[] = SESSION_KINDS.filter(
  (k) => k !== 'sso-role',
);

/** What an edit of an sso-role keeps from the session as it is: the sync owns these. */
const SYNCED_FIELDS = ['integration', 'accountId', 'accountName', 'roleName'] as const;

const REQUIRED: Record<SessionKind, readonly FieldName[]> = {
  'iam-user': [],
  'iam-role': ['parentId', 'roleArn'],
  saml: ['idpUrl', 'roleArn', 'principalArn'],
  'web-identity': ['roleArn'],
  'federated-user': ['parentId', 'federatedName'],
  'sso-role': [],
};

export function isRequired(kind: SessionKind, field: FieldName): boolean {
  return field === 'name' || field === 'profile' || REQUIRED[kind].includes(field);
}

export const SECRET_FIELDS: readonly FieldName[] = ['accessKeyId', 'secretAccessKey'];

/** Which sessions may be the parent of a kind: a chained role may chain off anything. */
export function canBeParent(kind: SessionKind, candidate: SessionView): boolean {
  if (kind === 'federated-user') return candidate.kind === 'iam-user';
  return kind === 'iam-role';
}

export function emptyForm(kind: SessionKind = 'iam-user'): FormValues {
  const values = Object.fromEntries(FIELD_NAMES.map((name) => [name, ''])) as Record<
    FieldName,
    string
  >;
  return { ...values, kind };
}

/** The form for editing a session; secret fields always start empty (they are write-only). */
export function formFromSession(view: SessionView): FormValues {
  const form = emptyForm(view.kind);
  for (const field of FIELD_NAMES) {
    if (SECRET_FIELDS.includes(field)) continue;
    const value: unknown = (view as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') form[field] = String(value);
  }
  return form;
}

export type FormOutcome =
  { ok: true; config: SessionConfig; keys?: LongTermKeys } | { ok: false; errors: FieldErrors };

/**
 * Turns the form into a config (+ keys). New iam-users need their keys; when editing, empty
 * key fields keep the stored keys and filling one of the pair requires the other.
 */
export function parseForm(
  values: FormValues,
  mode: 'add' | 'edit',
  base?: SessionView,
): FormOutcome {
  const errors: FieldErrors = {};
  const kind = values.kind;
  const raw: Record<string, unknown> = { kind };
  if (kind === 'sso-role' && base?.kind === 'sso-role') {
    for (const field of SYNCED_FIELDS) raw[field] = base[field];
  }
  for (const field of ['name', 'profile', 'region', ...KIND_FIELDS[kind]] as FieldName[]) {
    if (SECRET_FIELDS.includes(field)) continue;
    const text = values[field].trim();
    if (text === '') {
      if (isRequired(kind, field)) errors[field] = requiredMessage(field);
      continue;
    }
    if (field === 'durationSeconds') {
      const { min, max } = DURATION_LIMITS[kind];
      const seconds = Number(text);
      if (!/^\d+$/.test(text)) errors[field] = 'must be a whole number of seconds';
      else if (seconds < min || seconds > max)
        errors[field] = `must be between ${min} and ${max} seconds`;
      raw[field] = seconds;
    } else {
      raw[field] = text;
    }
  }

  const parsed = sessionConfigSchema.safeParse(raw);
  if (!parsed.success) collect(parsed.error, errors);
  // The core runs the command only to answer a device's MFA: without a device it would never run.
  if (raw.mfaProcess !== undefined && raw.mfaSerial === undefined && !errors.mfaSerial) {
    errors.mfaProcess ??= 'needs an MFA device ARN: its code answers that device';
  }

  let keys: LongTermKeys | undefined;
  if (kind === 'iam-user') {
    const id = values.accessKeyId.trim();
    const secret = values.secretAccessKey.trim();
    if (mode === 'add' || id || secret) {
      if (!id) errors.accessKeyId = requiredMessage('accessKeyId');
      if (!secret) errors.secretAccessKey = requiredMessage('secretAccessKey');
      const parsedKeys = longTermKeysSchema.safeParse({ accessKeyId: id, secretAccessKey: secret });
      if (parsedKeys.success) keys = parsedKeys.data;
      else if (id && secret) collect(parsedKeys.error, errors);
    }
  }

  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return keys ? { ok: true, config: parsed.data, keys } : { ok: true, config: parsed.data };
}

function requiredMessage(field: FieldName): string {
  return field === 'parentId' ? 'is required: choose a session' : 'is required';
}

/** Keeps the first message per field; a field already flagged (e.g. required) keeps its message. */
function collect(error: z.ZodError, errors: FieldErrors): void {
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || !(FIELD_NAMES as readonly string[]).includes(field)) continue;
    const name = field as FieldName;
    errors[name] ??= name === 'parentId' ? requiredMessage(name) : issue.message;
  }
}
