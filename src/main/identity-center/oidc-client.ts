// The SSO OIDC calls (RegisterClient, StartDeviceAuthorization, CreateToken) over the lazy-loaded @aws-sdk/client-sso-oidc, and where /authorize is.
import type * as OidcSdk from '@aws-sdk/client-sso-oidc';
import type { SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { AirlockError } from '../airlock-error';
import type { IntegrationConfig } from '../../shared/identity-center';
import { mapOidcError, type OidcStep } from './oidc-error-map';
import { REGISTERED_REDIRECT_URI } from './pkce';

export type LoginFlow = 'pkce' | 'device';

/** An OIDC client registration; it is per flow, since each registers its own grant types. */
export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  /** ISO time the registration (and its secret) expires. */
  expiresAt: string;
  flow: LoginFlow;
  scopes: string[];
}

export interface TokenSet {
  accessToken: string;
  /** ISO time the access token expires. */
  expiresAt: string;
  refreshToken?: string;
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresAt: string;
  intervalSeconds: number;
}

export type DevicePoll = { status: 'token'; token: TokenSet } | { status: 'pending' | 'slow-down' };

export interface OidcClientOptions {
  /** Only when given an environment object: otherwise the SDK's own AWS_ENDPOINT_URL_SSO_OIDC handling applies. */
  endpoint?: string;
  maxAttempts?: number;
  requestTimeoutMs?: number;
  now?: () => number;
}

type Sdk = typeof OidcSdk;
let sdkModule: Promise<Sdk> | undefined;
const loadSdk = (): Promise<Sdk> =>
  (sdkModule ??= import('@aws-sdk/client-sso-oidc').then((m) =>
    'SSOOIDCClient' in m ? m : (m as unknown as { default: Sdk }).default,
  ));

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** What a failed CreateToken with a refresh token means for the caller. */
export class RefreshRefused extends Error {
  constructor(readonly reason: 'grant' | 'client') {
    super(reason === 'grant' ? 'refresh token refused' : 'client registration refused');
  }
}

export class OidcClient {
  private readonly clients = new Map<string, SSOOIDCClient>();
  private readonly now: () => number;

  constructor(private readonly options: OidcClientOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  private async client(region: string): Promise<{ sdk: Sdk; client: SSOOIDCClient }> {
    const sdk = await loadSdk();
    let client = this.clients.get(region);
    if (!client) {
      client = new sdk.SSOOIDCClient({
        region,
        maxAttempts: this.options.maxAttempts ?? 3,
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        requestHandler: {
          requestTimeout: this.options.requestTimeoutMs ?? 15_000,
          throwOnRequestTimeout: true,
          connectionTimeout: 5_000,
        },
      });
      this.clients.set(region, client);
    }
    return { sdk, client };
  }

  /** `<the endpoint the SDK would call for this region>/authorize`: AWS_ENDPOINT_URL_SSO_OIDC moves both. */
  async authorizeEndpoint(region: string): Promise<string> {
    if (this.options.endpoint) return `${this.options.endpoint.replace(/\/+$/, '')}/authorize`;
    const { client } = await this.client(region);
    const config = client.config as typeof client.config & {
      serviceConfiguredEndpoint?: () => Promise<string | undefined>;
    };
    const configured = await config.serviceConfiguredEndpoint?.();
    const base =
      configured ??
      config.endpointProvider({ Region: region, UseFIPS: false, UseDualStack: false }).url.href;
    return `${base.replace(/\/+$/, '')}/authorize`;
  }

  async registerClient(
    integration: IntegrationConfig,
    flow: LoginFlow,
  ): Promise<ClientRegistration> {
    const out = await this.call(integration, 'register', ({ sdk, client }) =>
      client.send(
        new sdk.RegisterClientCommand({
          clientName: `airlock-${integration.name}`,
          clientType: 'public',
          scopes: integration.scopes,
          ...(flow === 'pkce'
            ? {
                grantTypes: ['authorization_code', 'refresh_token'],
                redirectUris: [REGISTERED_REDIRECT_URI],
                issuerUrl: integration.startUrl,
              }
            : {}),
        }),
      ),
    );
    if (!out.clientId || !out.clientSecret || !out.clientSecretExpiresAt) {
      throw incomplete(integration, 'RegisterClient');
    }
    return {
      clientId: out.clientId,
      clientSecret: out.clientSecret,
      expiresAt: new Date(out.clientSecretExpiresAt * 1000).toISOString(),
      flow,
      scopes: [...integration.scopes],
    };
  }

  async startDeviceAuthorization(
    integration: IntegrationConfig,
    registration: ClientRegistration,
  ): Promise<DeviceAuthorization> {
    const out = await this.call(integration, 'device', ({ sdk, client }) =>
      client.send(
        new sdk.StartDeviceAuthorizationCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          startUrl: integration.startUrl,
        }),
      ),
    );
    if (!out.deviceCode || !out.userCode || !out.verificationUri || !out.expiresIn) {
      throw incomplete(integration, 'StartDeviceAuthorization');
    }
    return {
      deviceCode: out.deviceCode,
      userCode: out.userCode,
      verificationUri: out.verificationUri,
      ...(out.verificationUriComplete
        ? { verificationUriComplete: out.verificationUriComplete }
        : {}),
      expiresAt: new Date(this.now() + out.expiresIn * 1000).toISOString(),
      intervalSeconds: out.interval ?? 5,
    };
  }

  /** One poll of the device flow: a token, or "not yet" (authorization_pending, slow_down). */
  async pollDeviceToken(
    integration: IntegrationConfig,
    registration: ClientRegistration,
    deviceCode: string,
  ): Promise<DevicePoll> {
    try {
      return {
        status: 'token',
        token: await this.createToken(integration, registration, 'device', {
          grantType: DEVICE_GRANT,
          deviceCode,
        }),
      };
    } catch (error) {
      const name = (error as { cause?: { name?: string } }).cause?.name;
      if (name === 'AuthorizationPendingException') return { status: 'pending' };
      if (name === 'SlowDownException') return { status: 'slow-down' };
      throw error;
    }
  }

  exchangeCode(
    integration: IntegrationConfig,
    registration: ClientRegistration,
    params: { code: string; codeVerifier: string; redirectUri: string },
  ): Promise<TokenSet> {
    return this.createToken(integration, registration, 'code', {
      grantType: 'authorization_code',
      ...params,
    });
  }

  /** Throws RefreshRefused when only a new login can help; other failures as AirlockErrors. */
  async refresh(
    integration: IntegrationConfig,
    registration: Pick<ClientRegistration, 'clientId' | 'clientSecret'>,
    refreshToken: string,
  ): Promise<TokenSet> {
    try {
      return await this.createToken(integration, registration, 'refresh', {
        grantType: 'refresh_token',
        refreshToken,
      });
    } catch (error) {
      const name = (error as { cause?: { name?: string } }).cause?.name;
      if (
        name === 'InvalidGrantException' ||
        name === 'ExpiredTokenException' ||
        name === 'AccessDeniedException'
      )
        throw new RefreshRefused('grant');
      if (name === 'InvalidClientException' || name === 'UnauthorizedClientException')
        throw new RefreshRefused('client');
      throw error;
    }
  }

  private async createToken(
    integration: IntegrationConfig,
    registration: Pick<ClientRegistration, 'clientId' | 'clientSecret'>,
    step: OidcStep,
    input: Omit<OidcSdk.CreateTokenCommandInput, 'clientId' | 'clientSecret'>,
  ): Promise<TokenSet> {
    const out = await this.call(integration, step, ({ sdk, client }) =>
      client.send(
        new sdk.CreateTokenCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret,
          ...input,
        }),
      ),
    );
    if (!out.accessToken || !out.expiresIn) throw incomplete(integration, 'CreateToken');
    return {
      accessToken: out.accessToken,
      expiresAt: new Date(this.now() + out.expiresIn * 1000).toISOString(),
      ...(out.refreshToken ? { refreshToken: out.refreshToken } : {}),
    };
  }

  private async call<T>(
    integration: IntegrationConfig,
    step: OidcStep,
    send: (loaded: { sdk: Sdk; client: SSOOIDCClient }) => Promise<T>,
  ): Promise<T> {
    try {
      return await send(await this.client(integration.region));
    } catch (error) {
      throw mapOidcError(error, integration.name, step);
    }
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

function incomplete(integration: IntegrationConfig, api: string): AirlockError {
  return new AirlockError(
    'SSO_LOGIN_FAILED',
    `Identity Center answered ${api} for ${integration.name} without the fields Airlock needs. Try again; if it persists, check the integration's region.`,
  );
}
