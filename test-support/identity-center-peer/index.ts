// The test-side handle on the IAM Identity Center peer (identity_center_peer.py, run by the STS peer's launcher).

export interface IdentityCenterAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  /** Permission set names; each is also an IAM role of that account in the STS peer. */
  roles: string[];
}

export interface IdentityCenterSeed {
  /** The only start URL StartDeviceAuthorization accepts. */
  startUrl: string;
  /** The region clients should name (sso_region); the peer serves every region alike. */
  region: string;
  /** The user an approval signs in by default; the role session name of GetRoleCredentials. */
  userName: string;
  /** 123456789012 (AdministratorAccess, ReadOnlyAccess) and 210987654321 (ReadOnlyAccess). */
  accounts: IdentityCenterAccount[];
}

export interface IdentityCenterSettings {
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  registrationSeconds: number;
  deviceCodeSeconds: number;
  authCodeSeconds: number;
  /** The device flow's polling interval; polling sooner than this gets SlowDownException. */
  deviceIntervalSeconds: number;
  roleCredentialSeconds: number;
  /** Requests per second across the portal APIs before 429 TooManyRequestsException; null: no limit. */
  portalRequestsPerSecond: number | null;
  /** false (default): a refresh token works once; each refresh returns its successor. */
  refreshTokenReuse: boolean;
  /** true (default): a refresh returns a new refresh token. false: none, and the one used stays valid. */
  rotateRefreshTokens: boolean;
  userName: string;
}

export type IdentityCenterApi =
  | 'RegisterClient'
  | 'StartDeviceAuthorization'
  | 'CreateToken'
  | 'Authorize'
  | 'ListAccounts'
  | 'ListAccountRoles'
  | 'GetRoleCredentials'
  | 'Logout';

export interface IdentityCenterCounters {
  /** Requests per API, failed ones included. */
  requests: Partial<Record<IdentityCenterApi, number>>;
  /** Successful device-code and authorization-code CreateToken calls. */
  logins: number;
  /** Successful refresh-token CreateToken calls. */
  refreshes: number;
  /** Portal requests answered 429. */
  throttled: number;
}

/** What `expire` can make expire: all of a kind, or one (by its token, or clientId for registrations). */
export type ExpirableKind =
  'accessTokens' | 'refreshTokens' | 'registrations' | 'deviceCodes' | 'authCodes';

export interface ApprovalOptions {
  deny?: boolean;
  /** Signs in as this user instead of the seed's userName. */
  user?: string;
}

export interface IdentityCenterPeer {
  /** For AWS_ENDPOINT_URL_SSO_OIDC: RegisterClient, StartDeviceAuthorization, CreateToken, /authorize. */
  oidcEndpoint: string;
  /** For AWS_ENDPOINT_URL_SSO: ListAccounts, ListAccountRoles, GetRoleCredentials, Logout. */
  portalEndpoint: string;
  /** The two variables that point botocore (the AWS CLI) and the JS SDK at the peer. */
  env: { AWS_ENDPOINT_URL_SSO_OIDC: string; AWS_ENDPOINT_URL_SSO: string };
  seed: IdentityCenterSeed;
  configure(changes: Partial<IdentityCenterSettings>): Promise<IdentityCenterSettings>;
  counters(): Promise<IdentityCenterCounters>;
  resetCounters(): Promise<void>;
  /** What the user does on the verification page, without the page. */
  approveDevice(userCode: string, options?: ApprovalOptions): Promise<void>;
  /**
   * What a browser does with an /authorize URL: opens it and clicks Allow (or Deny). Returns the
   * redirect's Location (redirect_uri with code and state, or error); it does not follow it.
   */
  authorize(authorizeUrl: string, options?: ApprovalOptions): Promise<string>;
  /** Replaces the extra accounts with `count` more, each with `rolesPerAccount` roles. Returns the total. */
  seedAccounts(count: number, rolesPerAccount: number): Promise<number>;
  /** Makes tokens, registrations or codes expire now. Returns how many. */
  expire(kind: ExpirableKind, token?: string): Promise<number>;
  /** Ends the sign-in of this access token (or all sign-ins): its access and refresh tokens stop working. */
  revoke(accessToken?: string): Promise<number>;
  /** The next `count` portal requests get 429 TooManyRequestsException, whatever the rate. */
  throttleNext(count: number): Promise<void>;
}

export interface IdentityCenterReady extends IdentityCenterSeed {
  oidcPort: number;
  portalPort: number;
}

export function identityCenterPeer(ready: IdentityCenterReady): IdentityCenterPeer {
  const { oidcPort, portalPort, ...seed } = ready;
  const oidcEndpoint = `http://127.0.0.1:${oidcPort}`;
  const portalEndpoint = `http://127.0.0.1:${portalPort}`;

  async function control<T>(name: string, body?: object): Promise<T> {
    const response = await fetch(`${oidcEndpoint}/__peer/sso/${name}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Identity Center peer refused ${name}: ${text}`);
    return JSON.parse(text) as T;
  }

  return {
    oidcEndpoint,
    portalEndpoint,
    env: { AWS_ENDPOINT_URL_SSO_OIDC: oidcEndpoint, AWS_ENDPOINT_URL_SSO: portalEndpoint },
    seed,
    configure: (changes) => control<IdentityCenterSettings>('settings', changes),
    counters: async () => (await control<{ counters: IdentityCenterCounters }>('state')).counters,
    resetCounters: async () => {
      await control('counters/reset', {});
    },
    approveDevice: async (userCode, options = {}) => {
      await control('device', { userCode, approve: !options.deny, user: options.user });
    },
    authorize: async (url, options = {}) =>
      (
        await control<{ location: string }>('authorize', {
          url,
          approve: !options.deny,
          user: options.user,
        })
      ).location,
    seedAccounts: async (count, rolesPerAccount) =>
      (await control<{ accounts: number }>('accounts', { count, rolesPerAccount })).accounts,
    expire: async (kind, token) =>
      (await control<{ expired: number }>('expire', { kind, token })).expired,
    revoke: async (accessToken) =>
      (await control<{ revoked: number }>('revoke', { accessToken })).revoked,
    throttleNext: async (count) => {
      await control('throttle', { next: count });
    },
  };
}
