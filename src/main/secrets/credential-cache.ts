// A session's keys in the keychain: its long-term keys and its cached temporary credentials, checked
// on the way back in. This is the only code that writes either slot.
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
  constructor(
    private readonly secrets: SecretStore,
    private readonly now: () => number,
  ) {}

  /** The cached temporary credentials, when they stay valid for at least minValidityMs. */
  async temporary(id: string, minValidityMs: number): Promise<AwsCredentials | undefined> {
    const creds = parseStoredCredentials(await this.secrets.get(id, 'session'), 'temporary');
    if (!creds?.expiration) return undefined;
    return Date.parse(creds.expiration) - this.now() > minValidityMs ? creds : undefined;
  }

  /** Keeps freshly issued credentials for children, credential_process, env and exec. */
  async remember(id: string, credentials: AwsCredentials): Promise<void> {
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
    await this.secrets.set(
      id,
      'session',
      JSON.stringify({
        accessKeyId,
        secretAccessKey,
        ...(sessionToken ? { sessionToken } : {}),
        expiration,
      }),
    );
  }

  async forget(id: string): Promise<void> {
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
    await this.secrets.delete(id, 'session');
    await this.secrets.delete(id, 'long-term');
  }
}
