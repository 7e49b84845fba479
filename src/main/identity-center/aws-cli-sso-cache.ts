// The AWS CLI's SSO token cache (~/.aws/sso/cache/<sha1 of the sso-session name>.json): read it, and with share-sso-login write it.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncFolder, writeTempFile } from '../fs/atomic-write';
import { errnoCode } from '../fs/errno';
import type { IntegrationConfig } from '../../shared/identity-center';
import type { StoredToken } from './sso-token-store';

/** The fields botocore's SSOTokenLoader reads and its SSOTokenProvider writes back after a refresh. */
export interface AwsCliCachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  refreshToken?: string;
}

const MAX_BYTES = 64 * 1024;

/** botocore: sha1(session_name) for an sso-session, so the integration name is the sso-session name. */
export function awsCliCachePath(homeDir: string, integrationName: string): string {
  const key = createHash('sha1').update(integrationName, 'utf8').digest('hex');
  return join(homeDir, '.aws', 'sso', 'cache', `${key}.json`);
}

/** botocore writes UTC without fractions ("2024-01-01T00:00:00Z") and reads any ISO 8601. */
function awsCliTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function text(value: unknown, max = 16_384): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

/**
 * Pure: the AWS CLI's sign-in (what `aws sso login` wrote, already checked to be for this start
 * URL) as a token Airlock can refresh, when it has a refresh token and a client whose registration
 * lasts. The client is the AWS CLI's, never one of Airlock's registrations.
 */
export function adoptableSignIn(
  cli: AwsCliCachedToken | undefined,
  integration: IntegrationConfig,
  now: number,
): StoredToken | undefined {
  if (!cli?.refreshToken || !cli.clientId || !cli.clientSecret) return undefined;
  if (cli.startUrl !== integration.startUrl) return undefined;
  const registrationEnds = Date.parse(cli.registrationExpiresAt ?? '');
  if (!(registrationEnds > now)) return undefined;
  return {
    startUrl: cli.startUrl,
    region: cli.region,
    accessToken: cli.accessToken,
    expiresAt: cli.expiresAt,
    refreshToken: cli.refreshToken,
    client: {
      clientId: cli.clientId,
      clientSecret: cli.clientSecret,
      expiresAt: new Date(registrationEnds).toISOString(),
      flow: 'pkce',
      scopes: [...integration.scopes],
    },
  };
}

export class AwsCliSsoCache {
  constructor(private readonly homeDir: string) {}

  path(integrationName: string): string {
    return awsCliCachePath(this.homeDir, integrationName);
  }

  /** The cached token, only when it is for this integration's start URL and well-formed; expiry is the caller's check. */
  async read(integration: IntegrationConfig): Promise<AwsCliCachedToken | undefined> {
    let raw: unknown;
    try {
      const bytes = await readFile(this.path(integration.name));
      if (bytes.length > MAX_BYTES) return undefined;
      raw = JSON.parse(bytes.toString('utf8'));
    } catch {
      // Missing, unreadable or not JSON: as if there were no cache.
      return undefined;
    }
    if (typeof raw !== 'object' || raw === null) return undefined;
    const r = raw as Record<string, unknown>;
    const startUrl = text(r.startUrl, 2048);
    const accessToken = text(r.accessToken);
    const expiresAt = text(r.expiresAt, 64);
    // A token for another start URL is another organisation's sign-in: never used.
    if (startUrl !== integration.startUrl || !accessToken || !expiresAt) return undefined;
    if (!Number.isFinite(Date.parse(expiresAt))) return undefined;
    const optional = (key: keyof AwsCliCachedToken) => {
      const value = text(r[key]);
      return value ? { [key]: value } : {};
    };
    return {
      startUrl,
      region: text(r.region, 32) ?? integration.region,
      accessToken,
      expiresAt: new Date(expiresAt).toISOString(),
      ...optional('clientId'),
      ...optional('clientSecret'),
      ...optional('registrationExpiresAt'),
      ...optional('refreshToken'),
    };
  }

  /** Writes atomically at 0600 (folders 0700), in the AWS CLI's own field names. The file is plaintext. */
  async write(integration: IntegrationConfig, token: AwsCliCachedToken): Promise<void> {
    const file = this.path(integration.name);
    const folder = join(this.homeDir, '.aws', 'sso', 'cache');
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const body = {
      startUrl: token.startUrl,
      region: token.region,
      accessToken: token.accessToken,
      expiresAt: awsCliTime(token.expiresAt),
      ...(token.clientId ? { clientId: token.clientId } : {}),
      ...(token.clientSecret ? { clientSecret: token.clientSecret } : {}),
      ...(token.registrationExpiresAt
        ? { registrationExpiresAt: awsCliTime(token.registrationExpiresAt) }
        : {}),
      ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
    };
    const temp = await writeTempFile(
      folder,
      `${file.slice(folder.length + 1)}`,
      Buffer.from(JSON.stringify(body)),
      0o600,
    );
    try {
      await rename(temp, file);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await fsyncFolder(folder);
  }

  /** Removes the file when it still holds a sign-in of this client (the AWS CLI keeps clientId on refresh); true when removed. */
  async removeIfClient(integration: IntegrationConfig, clientId: string): Promise<boolean> {
    const cached = await this.read(integration);
    if (cached?.clientId !== clientId) return false;
    try {
      await unlink(this.path(integration.name));
      return true;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw error;
    }
  }
}
