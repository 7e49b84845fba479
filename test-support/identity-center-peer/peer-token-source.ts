// A real SsoTokenSource for tests: signs in to the Identity Center peer once by device code (approved
// through its control), refreshes with the refresh token after invalidate(), and records what it was asked.
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import type { IntegrationConfig } from '../../src/shared/identity-center';
import type { SsoTokenSource } from '../../src/main/identity-center/sso-token-source';
import { AirlockError } from '../../src/main/airlock-error';
import type { IdentityCenterPeer } from './index';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface PeerTokenSource extends SsoTokenSource {
  /** Every accessToken() call's options, and every invalidated token. */
  asked: { interactive?: boolean; minValidityMs?: number }[];
  invalidated: string[];
  /** Device-code sign-ins so far (the "browser" a rotation must not open). */
  logins: number;
  /** Forget the refresh token too: the next accessToken() needs a sign-in. */
  loseRefreshToken(): void;
  current(): string | undefined;
}

export function peerTokenSource(center: IdentityCenterPeer): PeerTokenSource {
  const oidc = new SSOOIDCClient({ region: center.seed.region, endpoint: center.oidcEndpoint });
  let client: { clientId: string; clientSecret: string } | undefined;
  let accessToken: string | undefined;
  let refreshToken: string | undefined;

  async function register() {
    const out = await oidc.send(
      new RegisterClientCommand({
        clientName: 'airlock-test',
        clientType: 'public',
        scopes: ['sso:account:access'],
      }),
    );
    return { clientId: out.clientId!, clientSecret: out.clientSecret! };
  }

  async function signIn(integration: IntegrationConfig) {
    client ??= await register();
    const device = await oidc.send(
      new StartDeviceAuthorizationCommand({ ...client, startUrl: integration.startUrl }),
    );
    await center.approveDevice(device.userCode!);
    const out = await oidc.send(
      new CreateTokenCommand({ ...client, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }),
    );
    source.logins++;
    return out;
  }

  const source: PeerTokenSource = {
    asked: [],
    invalidated: [],
    logins: 0,
    async accessToken(integration, options = {}) {
      source.asked.push(options);
      if (accessToken) return accessToken;
      let out;
      if (refreshToken && client) {
        out = await oidc
          .send(new CreateTokenCommand({ ...client, grantType: 'refresh_token', refreshToken }))
          .catch(() => undefined);
        // A refresh token that no longer works is gone, as the token store treats it.
        if (!out) refreshToken = undefined;
      }
      // The first sign-in stands for the one a person did before (`airlock sso login`).
      if (!out && (options.interactive || source.logins === 0)) out = await signIn(integration);
      if (!out) {
        throw new AirlockError(
          'SSO_LOGIN_REQUIRED',
          `Identity Center login for ${integration.name} has expired: run \`airlock sso login ${integration.name}\``,
        );
      }
      accessToken = out.accessToken!;
      refreshToken = out.refreshToken;
      return accessToken;
    },
    async invalidate(_integration, token) {
      source.invalidated.push(token);
      if (token === accessToken) accessToken = undefined;
    },
    loseRefreshToken() {
      accessToken = undefined;
      refreshToken = undefined;
    },
    current: () => accessToken,
  };
  return source;
}
