// The portal's Logout (over the lazy-loaded @aws-sdk/client-sso), which ends a sign-in at AWS: its access and refresh tokens stop working.
import type * as SsoSdk from '@aws-sdk/client-sso';

type Sdk = typeof SsoSdk;
let sdkModule: Promise<Sdk> | undefined;
const loadSdk = (): Promise<Sdk> =>
  (sdkModule ??= import('@aws-sdk/client-sso').then((m) =>
    'SSOClient' in m ? m : (m as unknown as { default: Sdk }).default,
  ));

export interface PortalLogoutOptions {
  /** Only when given an environment object: otherwise the SDK's own AWS_ENDPOINT_URL_SSO handling applies. */
  endpoint?: string;
  requestTimeoutMs?: number;
}

/**
 * 'ended': the portal ended the sign-in; 'already-ended': it no longer knew the token (401);
 * 'unreachable': any other failure. Logout forgets the tokens locally whatever this says.
 */
export type PortalLogoutResult = 'ended' | 'already-ended' | 'unreachable';

export async function logoutFromPortal(
  region: string,
  accessToken: string,
  options: PortalLogoutOptions = {},
): Promise<PortalLogoutResult> {
  const sdk = await loadSdk();
  const client = new sdk.SSOClient({
    region,
    maxAttempts: 2,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 15_000,
      throwOnRequestTimeout: true,
      connectionTimeout: 5_000,
    },
  });
  try {
    await client.send(new sdk.LogoutCommand({ accessToken }));
    return 'ended';
  } catch (error) {
    return (error as { name?: string }).name === 'UnauthorizedException'
      ? 'already-ended'
      : 'unreachable';
  } finally {
    client.destroy();
  }
}
