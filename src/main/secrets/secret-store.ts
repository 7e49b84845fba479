// The keychain port: the only place secrets are kept at rest (plus the credentials file in file mode).

/** What a secret is for; one keychain entry per (session, slot). */
export type SecretSlot =
  | 'long-term'
  | 'session'
  | 'profile-backup'
  /** An Identity Center integration's OIDC client registration (id `sso-<integration>`). */
  | 'sso-registration'
  /** An Identity Center integration's access and refresh tokens (id `sso-<integration>`). */
  | 'sso-token';

export interface SecretStore {
  get(sessionId: string, slot: SecretSlot): Promise<string | undefined>;
  set(sessionId: string, slot: SecretSlot, value: string): Promise<void>;
  /** Resolves true when an entry was removed, false when there was none. */
  delete(sessionId: string, slot: SecretSlot): Promise<boolean>;
}
