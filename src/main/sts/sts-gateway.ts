// The STS gateway: one place that calls @aws-sdk/client-sts (lazy SDK load, retries, timeouts); sts-error-map.ts maps its errors.
import type * as StsSdk from '@aws-sdk/client-sts';
import type { Credentials as SdkCredentials, STSClient } from '@aws-sdk/client-sts';
import { AirlockError } from '../airlock-error';
import type { CallerIdentity } from '../../shared/sessions';
import { mapStsError, type CallAbout } from './sts-error-map';
import { readStsSharedSettings, type StsSharedSettings } from './sts-shared-settings-reader';
import type { AwsFilePaths } from '../aws-files/aws-files';

/** Credentials as Airlock keeps them in memory and in the keychain. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** ISO time; absent for long-term keys. */
  expiration?: string;
}

export interface StsCallContext {
  sessionName: string;
  region: string;
}

export interface MfaParams {
  serialNumber: string;
  tokenCode: string;
}

export interface StsGatewayOptions {
  /** Overrides the endpoint from AWS_ENDPOINT_URL(_STS) and the shared files. */
  endpoint?: string;
  /**
   * Where the client settings the SDK would load from the shared AWS files come from (default:
   * process.env and its files). Airlock resolves them itself and hands each to the client, so the
   * SDK never re-parses the files (once per setting, 39–88 ms at 1,000 profiles).
   */
  shared?: { env: Record<string, string | undefined>; paths: AwsFilePaths };
  maxAttempts?: number;
  /** Bounds every HTTP request, so a hung peer cannot hang a session. */
  requestTimeoutMs?: number;
}

type Sdk = typeof StsSdk;

/** Loaded on first use: commands that never call STS (credential_process cache hits, list) skip its load time. */
let sdkModule: Promise<Sdk> | undefined;
const loadSdk = (): Promise<Sdk> =>
  (sdkModule ??= import('@aws-sdk/client-sts').then((m) =>
    // A bundler's CommonJS interop may put the exports on `default`.
    'STSClient' in m ? m : (m as unknown as { default: Sdk }).default,
  ));

export class StsGateway {
  private readonly clients = new Map<string, STSClient>();
  private sharedSettings: Promise<StsSharedSettings> | undefined;

  constructor(private readonly options: StsGatewayOptions = {}) {}

  /** Starts loading the SDK now, so its compile overlaps the keychain and file I/O before the call. */
  warmUp(): void {
    loadSdk().catch(() => undefined);
    this.loadShared().catch(() => undefined);
  }

  /**
   * Read once per gateway, as the SDK caches the files' text for the process's life; a failure
   * (a bad value in the files) is not kept, so fixing the file is enough.
   */
  private loadShared(): Promise<StsSharedSettings> {
    this.sharedSettings ??= readStsSharedSettings(this.options.shared).catch((error: unknown) => {
      this.sharedSettings = undefined;
      throw error;
    });
    return this.sharedSettings;
  }

  /** Total SDK attempts per call (first try plus retries); exposed for fault tests. */
  get maxAttempts(): number {
    return this.options.maxAttempts ?? 3;
  }

  private client({ sdk, shared }: Loaded, region: string, credentials?: AwsCredentials): STSClient {
    // Credential-less clients are cached per region; signed ones are cheap to build and short-lived.
    const key = credentials ? undefined : region;
    const cached = key ? this.clients.get(key) : undefined;
    if (cached) return cached;
    const client = new sdk.STSClient({
      region,
      maxAttempts: this.maxAttempts,
      ...explicitSettings(shared, this.options.endpoint),
      ...(credentials ? { credentials: toSdk(credentials) } : {}),
      requestHandler: {
        requestTimeout: this.options.requestTimeoutMs ?? 15_000,
        // Without it the SDK only logs a warning when requestTimeout passes and keeps waiting.
        throwOnRequestTimeout: true,
        connectionTimeout: 5_000,
      },
    });
    if (key) this.clients.set(key, client);
    return client;
  }

  async getSessionToken(
    ctx: StsCallContext,
    longTerm: AwsCredentials,
    params: { durationSeconds: number; mfa?: MfaParams },
  ): Promise<AwsCredentials> {
    const out = await this.call(ctx, { mfa: params.mfa }, (loaded) =>
      this.client(loaded, ctx.region, longTerm).send(
        new loaded.sdk.GetSessionTokenCommand({
          DurationSeconds: params.durationSeconds,
          ...(params.mfa
            ? { SerialNumber: params.mfa.serialNumber, TokenCode: params.mfa.tokenCode }
            : {}),
        }),
      ),
    );
    return fromSdk(ctx, out.Credentials);
  }

  async assumeRole(
    ctx: StsCallContext,
    caller: AwsCredentials,
    params: {
      roleArn: string;
      roleSessionName: string;
      durationSeconds?: number;
      externalId?: string;
      sourceIdentity?: string;
      mfa?: MfaParams;
    },
  ): Promise<{ credentials: AwsCredentials; arn?: string }> {
    const out = await this.call(ctx, { mfa: params.mfa, roleArn: params.roleArn }, (loaded) =>
      this.client(loaded, ctx.region, caller).send(
        new loaded.sdk.AssumeRoleCommand({
          RoleArn: params.roleArn,
          RoleSessionName: params.roleSessionName,
          DurationSeconds: params.durationSeconds,
          ExternalId: params.externalId,
          SourceIdentity: params.sourceIdentity,
          ...(params.mfa
            ? { SerialNumber: params.mfa.serialNumber, TokenCode: params.mfa.tokenCode }
            : {}),
        }),
      ),
    );
    return { credentials: fromSdk(ctx, out.Credentials), arn: out.AssumedRoleUser?.Arn };
  }

  async assumeRoleWithSaml(
    ctx: StsCallContext,
    params: { roleArn: string; principalArn: string; assertion: string; durationSeconds?: number },
  ): Promise<{ credentials: AwsCredentials; arn?: string }> {
    const out = await this.call(ctx, { roleArn: params.roleArn, flow: 'saml' }, (loaded) =>
      this.client(loaded, ctx.region).send(
        new loaded.sdk.AssumeRoleWithSAMLCommand({
          RoleArn: params.roleArn,
          PrincipalArn: params.principalArn,
          SAMLAssertion: params.assertion,
          DurationSeconds: params.durationSeconds,
        }),
      ),
    );
    return { credentials: fromSdk(ctx, out.Credentials), arn: out.AssumedRoleUser?.Arn };
  }

  async assumeRoleWithWebIdentity(
    ctx: StsCallContext,
    params: { roleArn: string; roleSessionName: string; token: string; durationSeconds?: number },
  ): Promise<{ credentials: AwsCredentials; arn?: string }> {
    const out = await this.call(ctx, { roleArn: params.roleArn, flow: 'web-identity' }, (loaded) =>
      this.client(loaded, ctx.region).send(
        new loaded.sdk.AssumeRoleWithWebIdentityCommand({
          RoleArn: params.roleArn,
          RoleSessionName: params.roleSessionName,
          WebIdentityToken: params.token,
          DurationSeconds: params.durationSeconds,
        }),
      ),
    );
    return { credentials: fromSdk(ctx, out.Credentials), arn: out.AssumedRoleUser?.Arn };
  }

  async getFederationToken(
    ctx: StsCallContext,
    longTerm: AwsCredentials,
    params: { name: string; policy?: string; durationSeconds?: number },
  ): Promise<{ credentials: AwsCredentials; arn?: string }> {
    const out = await this.call(ctx, {}, (loaded) =>
      this.client(loaded, ctx.region, longTerm).send(
        new loaded.sdk.GetFederationTokenCommand({
          Name: params.name,
          Policy: params.policy,
          DurationSeconds: params.durationSeconds,
        }),
      ),
    );
    return { credentials: fromSdk(ctx, out.Credentials), arn: out.FederatedUser?.Arn };
  }

  async getCallerIdentity(
    ctx: StsCallContext,
    credentials: AwsCredentials,
  ): Promise<CallerIdentity> {
    const out = await this.call(ctx, {}, (loaded) =>
      this.client(loaded, ctx.region, credentials).send(
        new loaded.sdk.GetCallerIdentityCommand({}),
      ),
    );
    return { Account: out.Account ?? '', Arn: out.Arn ?? '', UserId: out.UserId ?? '' };
  }

  private async call<T>(
    ctx: StsCallContext,
    about: CallAbout,
    send: (loaded: Loaded) => Promise<T>,
  ): Promise<T> {
    try {
      const [sdk, shared] = await Promise.all([loadSdk(), this.loadShared()]);
      return await send({ sdk, shared });
    } catch (error) {
      throw mapStsError(error, ctx, about);
    }
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

/** The SDK module and the settings resolved from the env and the shared files. */
interface Loaded {
  sdk: Sdk;
  shared: StsSharedSettings;
}

/**
 * Every setting the STS client would otherwise load from the shared files. A provider answering
 * undefined stands for "not set": an absent or undefined option would make the SDK load it.
 */
function explicitSettings(shared: StsSharedSettings, endpoint: string | undefined) {
  const chosenEndpoint = endpoint ?? shared.endpoint;
  return {
    useFipsEndpoint: shared.useFipsEndpoint,
    useDualstackEndpoint: shared.useDualstackEndpoint,
    retryMode: shared.retryMode,
    authSchemePreference: shared.authSchemePreference,
    userAgentAppId: () => Promise.resolve(shared.userAgentAppId),
    sigv4aSigningRegionSet: () => Promise.resolve(shared.sigv4aSigningRegionSet),
    // Left unset, the signer loads it from the shared files: both read and parsed on each start.
    disableClockSkewCorrection: shared.disableClockSkewCorrection,
    // Resolved above from the same env vars and files, so the SDK need not look again.
    ignoreConfiguredEndpointUrls: true,
    ...(chosenEndpoint ? { endpoint: chosenEndpoint } : {}),
  };
}

function toSdk(c: AwsCredentials) {
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
  };
}

function fromSdk(ctx: StsCallContext, c: SdkCredentials | undefined): AwsCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new AirlockError(
      'STS_ERROR',
      `STS returned incomplete credentials for session ${ctx.sessionName}. Try again; if it persists, check the STS endpoint.`,
    );
  }
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: new Date(c.Expiration).toISOString(),
  };
}
