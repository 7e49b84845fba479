// The device-code login: StartDeviceAuthorization, show the code, poll CreateToken at the interval (+5 s per slow_down).
import { setTimeout as sleep } from 'node:timers/promises';
import { AirlockError } from '../airlock-error';
import type { Prompter } from '../sessions/prompter';
import type { IntegrationConfig } from '../../shared/identity-center';
import { assertOpenableUrl } from './browser-url';
import { withLoginPrompt } from './login-prompt';
import type { ClientRegistration, OidcClient, TokenSet } from './oidc-client';

export interface DeviceLoginDeps {
  oidc: OidcClient;
  prompter: Prompter & Required<Pick<Prompter, 'showDeviceCode'>>;
  now: () => number;
}

export async function deviceLogin(
  deps: DeviceLoginDeps,
  integration: IntegrationConfig,
  registration: ClientRegistration,
): Promise<TokenSet> {
  const name = integration.name;
  const device = await deps.oidc.startDeviceAuthorization(integration, registration);
  assertOpenableUrl(device.verificationUri, name);
  if (device.verificationUriComplete) assertOpenableUrl(device.verificationUriComplete, name);
  const expired = () =>
    new AirlockError(
      'SSO_LOGIN_FAILED',
      `The device code for ${name} expired before it was approved. Run \`airlock sso login ${name} --use-device-code\` again.`,
    );

  return withLoginPrompt(
    (done) =>
      deps.prompter.showDeviceCode(
        {
          integrationName: name,
          userCode: device.userCode,
          verificationUri: device.verificationUri,
          ...(device.verificationUriComplete
            ? { verificationUriComplete: device.verificationUriComplete }
            : {}),
          expiresAt: device.expiresAt,
        },
        done,
      ),
    async (cancelled) => {
      let intervalMs = device.intervalSeconds * 1000;
      const deadline = Date.parse(device.expiresAt);
      for (;;) {
        await sleep(intervalMs, undefined, { signal: cancelled }).catch(() => {
          throw cancelled.reason as Error;
        });
        if (deps.now() > deadline) throw expired();
        const poll = await deps.oidc.pollDeviceToken(integration, registration, device.deviceCode);
        if (poll.status === 'token') return poll.token;
        // RFC 8628 §3.5: slow_down adds 5 seconds to the interval, for this and all later polls.
        if (poll.status === 'slow-down') intervalMs += 5_000;
      }
    },
  );
}
