// Pure: every way "refresh is impossible" reaches a person says the same words, naming the integration.
import { describe, expect, it } from 'vitest';
import { AirlockError, toErrorView } from '../airlock-error';
import { mapPortalError } from './portal-client';
import { loginRequiredMessage } from './sso-token-source';

const corp = {
  name: 'corp',
  startUrl: 'https://corp.awsapps.com/start',
  region: 'eu-west-1',
  scopes: ['sso:account:access'],
};

describe('the re-login message', () => {
  it('names the integration and the command to run, exactly', () => {
    expect(loginRequiredMessage('corp')).toBe(
      'Identity Center login for corp has expired: run `airlock sso login corp`',
    );
    expect(loginRequiredMessage('team.prod-1')).toBe(
      'Identity Center login for team.prod-1 has expired: run `airlock sso login team.prod-1`',
    );
  });

  it('is what a portal 401 becomes, by exception name or by status alone, for any call', () => {
    const byName = Object.assign(new Error('Session token not found or invalid'), {
      name: 'UnauthorizedException',
      $metadata: { httpStatusCode: 401 },
    });
    const byStatus = Object.assign(new Error('Unauthorized'), {
      name: 'Unknown',
      $metadata: { httpStatusCode: 401 },
    });
    for (const [error, about] of [
      [byName, { integration: corp, action: 'ListAccounts' }],
      [
        byStatus,
        {
          integration: corp,
          action: 'GetRoleCredentials',
          accountId: '123456789012',
          roleName: 'Admin',
        },
      ],
    ] as const) {
      const mapped = mapPortalError(error, about, 10);
      expect(mapped).toBeInstanceOf(AirlockError);
      expect(toErrorView(mapped)).toEqual({
        code: 'SSO_LOGIN_REQUIRED',
        message: 'Identity Center login for corp has expired: run `airlock sso login corp`',
      });
    }
  });

  it('crosses IPC and the CLI unchanged: an AirlockError keeps its code and words', () => {
    const error = new AirlockError('SSO_LOGIN_REQUIRED', loginRequiredMessage('corp'));
    expect(mapPortalError(error, { integration: corp, action: 'ListAccounts' }, 10)).toBe(error);
    expect(toErrorView(error).message).toBe(loginRequiredMessage('corp'));
  });
});
