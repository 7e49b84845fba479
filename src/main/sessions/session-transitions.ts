// The state machine's transitions on stored sessions (inactive → pending → active → expired |
// failed), and the view the UI and CLI get. Pure: the caller holds the store's lock and saves.
import { AirlockError } from '../airlock-error';
import type { StoreData, StoredSession } from '../store/session-store';
import type { ErrorView } from '../../shared/errors';
import type { SessionState, SessionView } from '../../shared/sessions';
import type { Issued } from './credential-resolver';
import { accountFromArn } from './credential-resolver';

export function toView(s: StoredSession, pending: boolean): SessionView {
  return {
    ...s.config,
    id: s.id,
    state: pending ? { ...s.state, status: 'pending' } : s.state,
    profiles: s.profiles,
    hasStoredKeys: s.keysStored === true,
    ...(s.sync ? { sync: s.sync } : {}),
    ...(s.marks ? { marks: s.marks } : {}),
    ...(s.usedAt ? { usedAt: s.usedAt } : {}),
  };
}

/** An error as the session records it: ours keep their message, anything else says nothing. */
export function errorView(error: unknown): ErrorView {
  return error instanceof AirlockError
    ? error.toView()
    : { code: 'INTERNAL', message: 'Unexpected error.' };
}

/** A prompt the person declined or could not answer: nothing happened to the session. */
export function isPromptOutcome(error: unknown): boolean {
  return (
    error instanceof AirlockError &&
    ['PROMPT_CANCELLED', 'MFA_REJECTED', 'MFA_REQUIRED'].includes(error.code)
  );
}

/** New credentials are live: active, with their expiry, identity and profile. */
export function markActive(s: StoredSession, issued: Issued, now: string): void {
  // A start, not a rotation: the quick switcher lists recently used sessions first.
  if (s.state.status !== 'active') s.usedAt = now;
  s.state = {
    status: 'active',
    startedAt: s.state.status === 'active' ? s.state.startedAt : now,
    issuedAt: now,
    expiresAt: issued.credentials.expiration,
    accountId: issued.accountId ?? accountFromArn(issued.arn) ?? s.state.accountId,
    arn: issued.arn ?? s.state.arn,
    failures: 0,
  };
  if (!s.profiles.includes(s.config.profile)) s.profiles.unshift(s.config.profile);
}

/** Another session took this one's profile. */
export function markDisplaced(s: StoredSession): void {
  s.state = { ...s.state, status: 'inactive', expiresAt: undefined };
  s.profiles = s.profiles.filter((p) => p !== s.config.profile);
}

/** Its profiles left the files: inactive (stopped) or expired, keeping who it was. */
export function markRetired(
  s: StoredSession,
  status: 'inactive' | 'expired',
  lastError: ErrorView | undefined,
  now: string,
): void {
  s.state = {
    status,
    ...(s.state.accountId ? { accountId: s.state.accountId } : {}),
    ...(s.state.arn ? { arn: s.state.arn } : {}),
    ...(lastError ? { lastError: { ...lastError, at: now } } : {}),
  };
  s.profiles = [];
}

/** Records an error; a failed rotation also counts towards the back-off. */
export function markError(
  s: StoredSession,
  error: ErrorView,
  patch: Partial<SessionState>,
  countFailure: boolean,
  now: string,
): void {
  s.state = {
    ...s.state,
    ...patch,
    lastError: { ...error, at: now },
    ...(countFailure ? { failures: (s.state.failures ?? 0) + 1 } : {}),
  };
}

/** Its profile vanished from the credentials file (a crash, or a hand edit). */
export function markLost(s: StoredSession, now: string): void {
  s.state = {
    ...s.state,
    status: 'inactive',
    lastError: {
      code: 'FILE_IO',
      message: `The profile ${s.config.profile} of session ${s.config.name} was no longer in the credentials file. Start the session again.`,
      at: now,
    },
  };
  s.profiles = [];
}

export const EXPIRED_ERROR: ErrorView = {
  code: 'EXPIRED_TOKEN',
  message: 'The credentials expired and were removed from the files. Start the session again.',
};

/** Live: active and writing this profile. */
export function isLive(data: StoreData, owner: string | undefined, profile: string): boolean {
  const s = owner === undefined ? undefined : data.sessions[owner];
  return s?.state.status === 'active' && new Set([s.config.profile, ...s.profiles]).has(profile);
}
