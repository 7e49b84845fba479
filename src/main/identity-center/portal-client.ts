// The IAM Identity Center portal over @aws-sdk/client-sso (loaded lazily): accounts and roles (all pages),
// role credentials (Logout is portal-logout.ts). A 401 gets one fresh token; a 429 paced, jittered retries; errors become ours.
import type * as SsoSdk from '@aws-sdk/client-sso';
import type { SSOClient } from '@aws-sdk/client-sso';
import { AirlockError } from '../airlock-error';
import type { AwsCredentials } from '../sts/sts-gateway';
import type { IntegrationConfig } from '../../shared/identity-center';
import { loginRequiredMessage, type SsoTokenSource } from './sso-token-source';
import { AdaptivePacer, backoffDelay, type PacerClock } from './portal-throttle';

export interface PortalAccount {
  accountId: string;
  accountName: string;
}

export interface PortalClientOptions {
  tokens: SsoTokenSource;
  /** Only when handed one (tests, the harness): otherwise the SDK's own AWS_ENDPOINT_URL_SSO handling applies. */
  endpoint?: string;
  /** Attempts per request, throttled and transient failures included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  requestTimeoutMs?: number;
  clock?: PacerClock;
  random?: () => number;
}

/** What the portal cost so far: for the benchmark and the sync's report. */
export interface PortalStats {
  requests: number;
  retries: number;
  throttled: number;
}

/** What a call is about, for the error a person reads. */
interface CallAbout {
  integration: IntegrationConfig;
  action: string;
  accountId?: string;
  roleName?: string;
}

/** One token shared by the calls of one job (a discovery, a start); replaced once after a 401. */
interface TokenHold {
  token?: Promise<string>;
  interactive: boolean;
}

type Sdk = typeof SsoSdk;

let sdkModule: Promise<Sdk> | undefined;
const loadSdk = (): Promise<Sdk> =>
  (sdkModule ??= import('@aws-sdk/client-sso').then((m) =>
    'SSOClient' in m ? m : (m as unknown as { default: Sdk }).default,
  ));

const PAGE_SIZE = 100;
const systemPacerClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class PortalClient {
  private readonly clients = new Map<string, SSOClient>();
  private readonly pacers = new Map<string, AdaptivePacer>();
  readonly stats: PortalStats = { requests: 0, retries: 0, throttled: 0 };

  constructor(private readonly options: PortalClientOptions) {}

  /** Calls of one job that share a token: `interactive` lets the token source sign in when it cannot refresh. */
  connect(integration: IntegrationConfig, options: { interactive?: boolean } = {}) {
    const hold: TokenHold = { interactive: options.interactive ?? false };
    return {
      listAccounts: () => this.listAccounts(integration, hold),
      listAccountRoles: (accountId: string) => this.listAccountRoles(integration, hold, accountId),
      getRoleCredentials: (accountId: string, roleName: string) =>
        this.getRoleCredentials(integration, hold, accountId, roleName),
    };
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private async listAccounts(integration: IntegrationConfig, hold: TokenHold) {
    const sdk = await loadSdk();
    const about = { integration, action: 'list the accounts' };
    const accounts: PortalAccount[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.withToken(about, hold, (accessToken) =>
        this.client(sdk, integration.region).send(
          new sdk.ListAccountsCommand({ accessToken, maxResults: PAGE_SIZE, nextToken }),
        ),
      );
      for (const a of out.accountList ?? []) {
        if (a.accountId)
          accounts.push({ accountId: a.accountId, accountName: a.accountName ?? '' });
      }
      nextToken = out.nextToken;
    } while (nextToken);
    return accounts;
  }

  private async listAccountRoles(
    integration: IntegrationConfig,
    hold: TokenHold,
    accountId: string,
  ) {
    const sdk = await loadSdk();
    const about = { integration, action: 'list the roles', accountId };
    const roles: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.withToken(about, hold, (accessToken) =>
        this.client(sdk, integration.region).send(
          new sdk.ListAccountRolesCommand({
            accessToken,
            accountId,
            maxResults: PAGE_SIZE,
            nextToken,
          }),
        ),
      );
      for (const r of out.roleList ?? []) if (r.roleName) roles.push(r.roleName);
      nextToken = out.nextToken;
    } while (nextToken);
    return roles;
  }

  private async getRoleCredentials(
    integration: IntegrationConfig,
    hold: TokenHold,
    accountId: string,
    roleName: string,
  ): Promise<AwsCredentials> {
    const sdk = await loadSdk();
    const about = { integration, action: 'get credentials', accountId, roleName };
    const out = await this.withToken(about, hold, (accessToken) =>
      this.client(sdk, integration.region).send(
        new sdk.GetRoleCredentialsCommand({ accessToken, accountId, roleName }),
      ),
    );
    const c = out.roleCredentials;
    if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken || !c.expiration) {
      throw new AirlockError(
        'STS_ERROR',
        `IAM Identity Center returned incomplete credentials for role ${roleName} in account ${accountId} (integration ${integration.name}). Try again.`,
      );
    }
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      // The portal gives epoch milliseconds, not seconds.
      expiration: new Date(c.expiration).toISOString(),
    };
  }

  /** Runs a call with the job's token; after a 401 the token is given back and the call tried once more. */
  private async withToken<T>(
    about: CallAbout,
    hold: TokenHold,
    call: (accessToken: string) => Promise<T>,
  ): Promise<T> {
    const tokens = this.options.tokens;
    const fresh = () =>
      tokens.accessToken(about.integration, {
        interactive: hold.interactive,
        minValidityMs: 60_000,
      });
    const first = hold.token ?? (hold.token = fresh());
    const token = await first;
    try {
      return await this.send(about, () => call(token), true);
    } catch (error) {
      if (!isUnauthorized(error)) throw mapPortalError(error, about, this.maxAttempts);
      await tokens.invalidate(about.integration, token);
      // Concurrent calls that saw the same 401 share one replacement.
      if (hold.token === first) hold.token = fresh();
      const next = await hold.token;
      try {
        return await this.send(about, () => call(next), true);
      } catch (again) {
        throw mapPortalError(again, about, this.maxAttempts);
      }
    }
  }

  private get maxAttempts(): number {
    return this.options.maxAttempts ?? 10;
  }

  /** One request through the integration's pacer, retried on 429 and transient failures. */
  private async send<T>(about: CallAbout, request: () => Promise<T>, raw = false): Promise<T> {
    const pacer = this.pacer(about.integration);
    const clock = this.options.clock ?? systemPacerClock;
    const random = this.options.random ?? Math.random;
    for (let attempt = 0; ; attempt++) {
      await pacer.slot();
      this.stats.requests++;
      try {
        const out = await request();
        pacer.succeeded();
        return out;
      } catch (error) {
        const throttled = errorName(error) === 'TooManyRequestsException';
        if (throttled) {
          this.stats.throttled++;
          pacer.throttled();
        }
        // A dead endpoint is not worth ten tries; a throttle is, since pacing finds its rate.
        const limit = throttled ? this.maxAttempts : Math.min(3, this.maxAttempts);
        if ((!throttled && !isTransient(error)) || attempt + 1 >= limit) {
          if (raw) throw error;
          throw mapPortalError(error, about, this.maxAttempts);
        }
        this.stats.retries++;
        const base = this.options.baseDelayMs ?? 100;
        await clock.sleep(backoffDelay(attempt, base, this.options.maxDelayMs ?? 5_000, random));
      }
    }
  }

  private pacer(integration: IntegrationConfig): AdaptivePacer {
    let pacer = this.pacers.get(integration.name);
    if (!pacer) {
      pacer = new AdaptivePacer(this.options.clock ?? systemPacerClock);
      this.pacers.set(integration.name, pacer);
    }
    return pacer;
  }

  private client(sdk: Sdk, region: string): SSOClient {
    let client = this.clients.get(region);
    if (client) return client;
    client = new sdk.SSOClient({
      region,
      // Our loop retries (paced, counted); the SDK's own would retry throttles blindly.
      maxAttempts: 1,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      requestHandler: {
        requestTimeout: this.options.requestTimeoutMs ?? 15_000,
        throwOnRequestTimeout: true,
        connectionTimeout: 5_000,
      },
    });
    this.clients.set(region, client);
    return client;
  }
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
}

function isUnauthorized(error: unknown): boolean {
  return errorName(error) === 'UnauthorizedException' || statusOf(error) === 401;
}

/** A 5xx, or no HTTP answer at all (refused, reset, timed out). */
function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined ? !(error instanceof AirlockError) : status >= 500;
}

/** SDK errors → AirlockError naming the integration, and the account and role when there is one. */
export function mapPortalError(error: unknown, about: CallAbout, attempts: number): AirlockError {
  if (error instanceof AirlockError) return error;
  const name = about.integration.name;
  const what = [
    about.roleName ? `role ${about.roleName}` : undefined,
    about.accountId ? `account ${about.accountId}` : undefined,
  ]
    .filter(Boolean)
    .join(' in ');
  const target = what ? ` for ${what}` : '';
  const [code, message]: [AirlockError['code'], string] = (() => {
    // A bare 401 is what withToken already treated as one: the same words.
    switch (isUnauthorized(error) ? 'UnauthorizedException' : errorName(error)) {
      case 'UnauthorizedException':
        return ['SSO_LOGIN_REQUIRED', loginRequiredMessage(name)];
      case 'ForbiddenException':
        return [
          'ACCESS_DENIED',
          `IAM Identity Center integration ${name} does not grant access${target}. Run "airlock sso sync ${name}" to refresh its sessions.`,
        ];
      case 'ResourceNotFoundException':
        return ['NOT_FOUND', `IAM Identity Center integration ${name} has nothing${target}.`];
      case 'TooManyRequestsException':
        return [
          'THROTTLED',
          `IAM Identity Center throttled integration ${name}${target} ${attempts} times in a row. Try again in a minute.`,
        ];
      default:
        return statusOf(error) === undefined
          ? [
              'NETWORK',
              `Cannot reach IAM Identity Center for integration ${name} (region ${about.integration.region}) to ${about.action}. Check the network.`,
            ]
          : [
              'STS_ERROR',
              `IAM Identity Center refused to ${about.action}${target} for integration ${name} (${errorName(error) ?? 'error'}). Check the integration's start URL and region.`,
            ];
    }
  })();
  return new AirlockError(code, message, { cause: error });
}
