// The secrets a harness run has seen: what the core wrote to the keychain (RecordingSecretStore)
// and what STS issued into the credentials file, for the checks that no IPC message carries one.
import { readFile } from 'node:fs/promises';
import type { SecretSlot, SecretStore } from '../src/main/secrets/secret-store';

/**
 * The keychain as the core sees it, remembering every secret written: issued session
 * credentials, long-term keys and profile backups. The IPC hygiene check looks for these.
 */
export class RecordingSecretStore implements SecretStore {
  readonly written = new Set<string>();
  constructor(private readonly inner: SecretStore) {}
  get(sessionId: string, slot: SecretSlot): Promise<string | undefined> {
    return this.inner.get(sessionId, slot);
  }
  async set(sessionId: string, slot: SecretSlot, value: string): Promise<void> {
    for (const secret of secretStrings(value)) this.written.add(secret);
    await this.inner.set(sessionId, slot, value);
  }
  delete(sessionId: string, slot: SecretSlot): Promise<boolean> {
    return this.inner.delete(sessionId, slot);
  }
}

/**
 * The secret parts of a keychain value: fields named like a secret or token at any depth of its
 * JSON (an Identity Center token keeps its client's secret one level down), else the value.
 */
function secretStrings(value: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object') return secretFields(parsed);
  } catch {
    // Not JSON: the whole value is the secret.
  }
  return value.length >= 16 ? [value] : [];
}

function secretFields(value: object): string[] {
  return Object.entries(value).flatMap(([key, v]: [string, unknown]) => {
    if (v && typeof v === 'object') return secretFields(v);
    return /secret|token/i.test(key) && typeof v === 'string' && v.length >= 16 ? [v] : [];
  });
}

/** Secrets STS issued into the credentials file so far (for the IPC hygiene check). */
export async function issuedSecrets(credentialsFile: string): Promise<string[]> {
  const text = await readFile(credentialsFile, 'utf8').catch(() => '');
  return [...text.matchAll(/^\s*(aws_secret_access_key|aws_session_token)\s*=\s*(\S+)/gm)].map(
    (m) => m[2] ?? '',
  );
}
