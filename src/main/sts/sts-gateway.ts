// The STS gateway: one place that calls @aws-sdk/client-sts and maps its errors to ours.
import type * as StsSdk from '@aws-sdk/client-sts';
import type { Credentials as SdkCredentials, STSClient } from '@aws-sdk/client-sts';
import { AirlockError } from '../airlock-error';
import type { CallerIdentity } from '../../shared/sessions';

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
  /** Only when the user configured one: otherwise the SDK's own AWS_ENDPOINT_URL(_STS) handling applies. */
  endpoint?: string;
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

  constructor(private readonly options: StsGatewayOptions = {}) {}

  /** Starts loading the SDK now, so its compile overlaps the keychain and file I/O before the call. */
  warmUp(): void {
    loadSdk().catch(() => undefined);
  }

  /** Total SDK attempts per call (first try plus retries); exposed for fault tests. */
  get maxAttempts(): number {
    return this.options.maxAttempts ?? 3;
  }

  private client(sdk: Sdk, region: string, credentials?: AwsCredentials): STSClient {
    // Credential-less clients are cached per region; signed ones are cheap to build and short-lived.
    const key = credentials ? undefined : region;
    const cached = key ? this.clients.get(key) : undefined;
    if (cached) return cached;
    const client = new sdk.STSClient({
      region,
      maxAttempts: this.maxAttempts,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
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
    const out = await this.call(ctx, { mfa: params.mfa }, (sdk) =>
      this.client(sdk, ctx.region, longTerm).send(
        new sdk.GetSessionTokenCommand({
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
    const out = await this.call(ctx, { mfa: params.mfa, roleArn: params.roleArn }, (sdk) =>
      this.client(sdk, ctx.region, caller).send(
        new sdk.AssumeRoleCommand({
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
    const out = await this.call(ctx, { roleArn: params.roleArn, flow: 'saml' }, (sdk) =>
      this.client(sdk, ctx.region).send(
        new sdk.AssumeRoleWithSAMLCommand({
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
    const out = await this.call(ctx, { roleArn: params.roleArn, flow: 'web-identity' }, (sdk) =>
      this.client(sdk, ctx.region).send(
        new sdk.AssumeRoleWithWebIdentityCommand({
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
    const out = await this.call(ctx, {}, (sdk) =>
      this.client(sdk, ctx.region, longTerm).send(
        new sdk.GetFederationTokenCommand({
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
    const out = await this.call(ctx, {}, (sdk) =>
      this.client(sdk, ctx.region, credentials).send(new sdk.GetCallerIdentityCommand({})),
    );
    return { Account: out.Account ?? '', Arn: out.Arn ?? '', UserId: out.UserId ?? '' };
  }

  private async call<T>(
    ctx: StsCallContext,
    about: CallAbout,
    send: (sdk: Sdk) => Promise<T>,
  ): Promise<T> {
    try {
      return await send(await loadSdk());
    } catch (error) {
      throw mapStsError(error, ctx, about);
    }
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
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

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  'RequestTimeout',
]);

/** What the failed call was, so the message can say what to fix. */
export interface CallAbout {
  mfa?: MfaParams;
  roleArn?: string;
  /** Calls that send a token instead of signing: their token is what STS rejects or finds expired. */
  flow?: 'saml' | 'web-identity';
}

/** Turns an SDK error into an AirlockError whose message names the session and says what to do. */
export function mapStsError(
  error: unknown,
  ctx: StsCallContext,
  about: CallAbout = {},
): AirlockError {
  if (error instanceof AirlockError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = e.name ?? e.code ?? '';
  const message = e.message ?? '';
  const s = ctx.sessionName;
  const opts = { cause: error };

  if (
    about.mfa &&
    (/MultiFactorAuthentication|MFA|one time pass/i.test(message) || name === 'AccessDenied') &&
    /mfa|multifactor|one time/i.test(message)
  ) {
    return new AirlockError(
      'MFA_REJECTED',
      `MFA code rejected for session ${s} (device ${about.mfa.serialNumber}). Wait for the next code and try again.`,
      opts,
    );
  }
  if (about.flow === 'web-identity') {
    if (name === 'ExpiredTokenException' || name === 'ExpiredToken') {
      return new AirlockError(
        'WEB_IDENTITY_INVALID',
        `The web identity token of session ${s} has expired. Get a fresh token (or check that its token file is being renewed), then try again.`,
        opts,
      );
    }
    if (/^(InvalidIdentityToken|IDPRejectedClaim|IDPCommunicationError)(Exception)?$/.test(name)) {
      return new AirlockError(
        'WEB_IDENTITY_INVALID',
        `STS rejected the web identity token of session ${s} (${name.replace(/Exception$/, '')}). Check the token's issuer, audience and signature, and that role ${about.roleArn ?? ''} trusts its identity provider.`,
        opts,
      );
    }
  }
  if (about.flow === 'saml' && (name === 'ExpiredTokenException' || name === 'ExpiredToken')) {
    return new AirlockError(
      'SAML_INVALID',
      `The SAML assertion for session ${s} has expired. Log in through your IdP again.`,
      opts,
    );
  }
  if (name === 'ExpiredToken' || name === 'ExpiredTokenException') {
    return new AirlockError(
      'EXPIRED_TOKEN',
      `The credentials behind session ${s} have expired. Start its parent session again, then retry.`,
      opts,
    );
  }
  if (name === 'InvalidClientTokenId') {
    return new AirlockError(
      'INVALID_CLIENT_TOKEN',
      `AWS does not recognise the access key of session ${s}. The key may have been deleted or deactivated: update it with "airlock session edit ${s}".`,
      opts,
    );
  }
  if (name === 'SignatureDoesNotMatch') {
    if (/time|skew|expired/i.test(message) && /signature expired|request time/i.test(message)) {
      return clockSkew(s, opts);
    }
    return new AirlockError(
      'SIGNATURE_MISMATCH',
      `AWS rejected the secret access key of session ${s} (signature mismatch). Re-enter the key with "airlock session edit ${s}".`,
      opts,
    );
  }
  if (
    name === 'RequestExpired' ||
    name === 'RequestTimeTooSkewed' ||
    /clock skew|too skewed|signature expired/i.test(message)
  ) {
    return clockSkew(s, opts);
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    const principal = /User: (\S+)/.exec(message)?.[1];
    const what = about.roleArn ? `assume role ${about.roleArn}` : 'make this call';
    return new AirlockError(
      'ACCESS_DENIED',
      `Access denied for session ${s}: ${principal ?? 'its principal'} may not ${what}. Check the role's trust policy and the caller's permissions.`,
      opts,
    );
  }
  if (
    name === 'Throttling' ||
    name === 'ThrottlingException' ||
    name === 'TooManyRequestsException' ||
    e.$metadata?.httpStatusCode === 429
  ) {
    return new AirlockError(
      'THROTTLED',
      `STS is throttling requests for session ${s}, even after retries. Wait a minute and try again.`,
      opts,
    );
  }
  if (
    NETWORK_CODES.has(name) ||
    NETWORK_CODES.has(e.code ?? '') ||
    /socket hang up|ECONNRESET|ECONNREFUSED|getaddrinfo|timed? ?out/i.test(message)
  ) {
    return new AirlockError(
      'NETWORK',
      `Could not reach AWS STS for session ${s}. Check your network connection or proxy, then try again.`,
      opts,
    );
  }
  if (/Deserialization error|XML parse error/i.test(message)) {
    return new AirlockError(
      'STS_ERROR',
      `STS sent a response for session ${s} that Airlock could not read (it was cut off or garbled). Try again; if it persists, check your network or proxy.`,
      opts,
    );
  }
  if (name === 'RegionDisabledException') {
    return new AirlockError(
      'STS_ERROR',
      `STS is not enabled in region ${ctx.region} for session ${s}. Pick another region or enable it for the account.`,
      opts,
    );
  }
  const status = e.$metadata?.httpStatusCode;
  const detail = name ? `${name}${status ? ` (HTTP ${status})` : ''}` : 'an unreadable response';
  return new AirlockError(
    'STS_ERROR',
    `STS failed for session ${s} with ${detail}. Try again; if it persists, check the AWS status page.`,
    opts,
  );
}

function clockSkew(session: string, opts: { cause: unknown }): AirlockError {
  return new AirlockError(
    'CLOCK_SKEW',
    `AWS rejected the request for session ${session} because this computer's clock is off. Sync the system clock (e.g. enable NTP) and try again.`,
    opts,
  );
}
