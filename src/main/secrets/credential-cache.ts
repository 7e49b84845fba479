// A session's keys in the keychain: its long-term keys and its cached temporary credentials, checked
// on the way back in. This is the only code that writes either slot. Temporary credentials this
// process wrote or read are also held in memory until they expire, so a child's start does not
// ask the keychain for its parent's again.
import type { AwsCredentials } from '../sts/sts-gateway';
import type { SecretStore } from './secret-store';

const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/;

function isText(value: unknown, max = 4096): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

/**
 * What the keychain gave back, when it is a well-formed set of keys; anything else (an entry
 * another tool wrote, a truncated value, an older format) reads as no entry at all.
 */
export function parseStoredCredentials(
  text: string | undefined,
  kind: 'long-term' | 'temporary',
): AwsCredentials | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = value as Record<
    string,
    unknown
  >;
  if (!isText(accessKeyId, 128) || !ACCESS_KEY_ID.test(accessKeyId)) return undefined;
  if (!isText(secretAccessKey, 256)) return undefined;
  if (kind === 'long-term') return { accessKeyId, secretAccessKey };
  if (!isText(expiration, 64) || !Number.isFinite(Date.parse(expiration))) return undefined;
  if (sessionToken !== undefined && !isText(sessionToken, 16_384)) return undefined;
  return { accessKeyId, secretAccessKey, expiration, ...(sessionToken ? { sessionToken } : {}) };
}

export class CredentialCache {
  /** Temporary credentials by session id, as last written or read here; never past their expiry. */
  private readonly held = new Map<string, AwsCredentials>();
  /** Bumped by every write, forget and release: a keychain read that started before one is not held. */
  private readonly epochs = new Map<string, number>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly now: () => number,
  ) {}

  /**
   * The cached temporary credentials, when they stay valid for at least minValidityMs. Those held
   * in memory answer when they are valid long enough; otherwise the keychain is asked, since
   * another process may have rotated them.
   */
  async temporary(id: string, minValidityMs: number): Promise<AwsCredentials | undefined> {
    const held = this.held.get(id);
    if (held && this.validFor(held) > minValidityMs) return held;
    const epoch = this.epochs.get(id);
    const creds = parseStoredCredentials(await this.secrets.get(id, 'session'), 'temporary');
    if (!creds || this.validFor(creds) <= 0) return undefined;
    if (this.epochs.get(id) === epoch) this.held.set(id, creds);
    return this.validFor(creds) > minValidityMs ? creds : undefined;
  }

  /**
   * Another process changed or removed these sessions (the store says so): what is held for them
   * may be stale, so the next read goes to the keychain.
   */
  release(ids: Iterable<string>): void {
    for (const id of ids) this.drop(id);
  }

  private drop(id: string): void {
    this.held.delete(id);
    this.epochs.set(id, (this.epochs.get(id) ?? 0) + 1);
  }

  private validFor(creds: AwsCredentials): number {
    return creds.expiration ? Date.parse(creds.expiration) - this.now() : 0;
  }

  /** Keeps freshly issued credentials for children, credential_process, env and exec. */
  async remember(id: string, credentials: AwsCredentials): Promise<void> {
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
    const text = JSON.stringify({
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      expiration,
    });
    this.drop(id);
    const epoch = this.epochs.get(id);
    await this.secrets.set(id, 'session', text);
    // Held as the keychain holds it: what would not read back from there is not held either.
    const kept = parseStoredCredentials(text, 'temporary');
    if (kept && this.epochs.get(id) === epoch) this.held.set(id, kept);
  }

  async forget(id: string): Promise<void> {
    this.drop(id);
    await this.secrets.delete(id, 'session');
  }

  async longTerm(id: string): Promise<AwsCredentials | undefined> {
    return parseStoredCredentials(await this.secrets.get(id, 'long-term'), 'long-term');
  }

  async saveLongTerm(id: string, keys: { accessKeyId: string; secretAccessKey: string }) {
    await this.secrets.set(
      id,
      'long-term',
      JSON.stringify({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }),
    );
  }

  /** Forgets everything kept for a removed session. */
  async forgetAll(id: string): Promise<void> {
    this.drop(id);
    await this.secrets.delete(id, 'session');
    await this.secrets.delete(id, 'long-term');
  }
}
