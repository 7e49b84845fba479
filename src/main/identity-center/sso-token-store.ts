// An integration's OIDC client registrations and tokens in the keychain (id `sso-<name>`), checked on the way back in.
import type { SecretStore } from '../secrets/secret-store';
import type { ClientRegistration, LoginFlow } from './oidc-client';

/** The tokens of one sign-in, with the client that can refresh them and the start URL they belong to. */
export interface StoredToken {
  startUrl: string;
  region: string;
  accessToken: string;
  /** ISO time the access token expires. */
  expiresAt: string;
  refreshToken?: string;
  client: ClientRegistration;
  /** Airlock wrote this sign-in into the AWS CLI's cache (share-sso-login), so logout removes it there too. */
  sharedToAwsCli?: boolean;
}

export type StoredRegistrations = Partial<Record<LoginFlow, ClientRegistration>>;

export function secretIdOf(integrationName: string): string {
  return `sso-${integrationName}`;
}

function isText(value: unknown, max = 16_384): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

function isIsoTime(value: unknown): value is string {
  return isText(value, 64) && Number.isFinite(Date.parse(value));
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function parseRegistration(value: unknown): ClientRegistration | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { clientId, clientSecret, expiresAt, flow, scopes } = value as Record<string, unknown>;
  if (!isText(clientId, 1024) || !isText(clientSecret) || !isIsoTime(expiresAt)) return undefined;
  if (flow !== 'pkce' && flow !== 'device') return undefined;
  if (!Array.isArray(scopes) || !scopes.every((s) => isText(s, 128))) return undefined;
  return { clientId, clientSecret, expiresAt, flow, scopes: scopes as string[] };
}

/** A well-formed token record, or undefined (another tool's entry, a truncated value, an older format). */
export function parseStoredToken(text: string | undefined): StoredToken | undefined {
  const raw = parseJson(text);
  if (!raw) return undefined;
  const { startUrl, region, accessToken, expiresAt, refreshToken, sharedToAwsCli } = raw;
  const client = parseRegistration(raw.client);
  if (!client || !isText(startUrl, 2048) || !isText(region, 32)) return undefined;
  if (!isText(accessToken) || !isIsoTime(expiresAt)) return undefined;
  if (refreshToken !== undefined && !isText(refreshToken)) return undefined;
  return {
    startUrl,
    region,
    accessToken,
    expiresAt,
    client,
    ...(refreshToken ? { refreshToken } : {}),
    ...(sharedToAwsCli === true ? { sharedToAwsCli: true } : {}),
  };
}

export class SsoTokenStore {
  constructor(private readonly secrets: SecretStore) {}

  async token(name: string): Promise<StoredToken | undefined> {
    return parseStoredToken(await this.secrets.get(secretIdOf(name), 'sso-token'));
  }

  async saveToken(name: string, token: StoredToken): Promise<void> {
    await this.secrets.set(secretIdOf(name), 'sso-token', JSON.stringify(token));
  }

  async forgetToken(name: string): Promise<void> {
    await this.secrets.delete(secretIdOf(name), 'sso-token');
  }

  async registrations(name: string): Promise<StoredRegistrations> {
    const raw = parseJson(await this.secrets.get(secretIdOf(name), 'sso-registration')) ?? {};
    const pkce = parseRegistration(raw.pkce);
    const device = parseRegistration(raw.device);
    return { ...(pkce ? { pkce } : {}), ...(device ? { device } : {}) };
  }

  async saveRegistration(name: string, registration: ClientRegistration): Promise<void> {
    const all = await this.registrations(name);
    all[registration.flow] = registration;
    await this.secrets.set(secretIdOf(name), 'sso-registration', JSON.stringify(all));
  }

  async forgetRegistration(name: string, flow: LoginFlow): Promise<void> {
    const all = await this.registrations(name);
    delete all[flow];
    if (Object.keys(all).length === 0)
      await this.secrets.delete(secretIdOf(name), 'sso-registration');
    else await this.secrets.set(secretIdOf(name), 'sso-registration', JSON.stringify(all));
  }

  /** Everything kept for an integration, for its removal. */
  async forgetAll(name: string): Promise<void> {
    await this.secrets.delete(secretIdOf(name), 'sso-token');
    await this.secrets.delete(secretIdOf(name), 'sso-registration');
  }
}
