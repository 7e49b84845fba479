// SSO OIDC errors from the SDK → AirlockErrors whose messages name the integration and say what to do.
import { AirlockError } from '../airlock-error';

/** Which call failed: the same SDK error means different things in each. */
export type OidcStep = 'register' | 'device' | 'code' | 'refresh';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  'RequestTimeout',
]);

/** SDK errors → ours, naming the integration. The SDK error stays the cause (its name drives the pollers). */
export function mapOidcError(error: unknown, name: string, step: OidcStep): AirlockError {
  if (error instanceof AirlockError) return error;
  const e = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const say = (code: ConstructorParameters<typeof AirlockError>[0], message: string) =>
    new AirlockError(code, message, { cause: error });
  switch (e.name) {
    case 'AuthorizationPendingException':
      return say(
        'SSO_LOGIN_FAILED',
        `Identity Center login for ${name} is still waiting for approval.`,
      );
    case 'SlowDownException':
      return say('THROTTLED', `Identity Center asked Airlock to poll more slowly for ${name}.`);
    case 'ExpiredTokenException':
      return say(
        'SSO_LOGIN_FAILED',
        step === 'device'
          ? `The device code for ${name} expired before it was approved. Run \`airlock sso login ${name} --use-device-code\` again.`
          : `The sign-in for ${name} expired. Log in again.`,
      );
    case 'AccessDeniedException':
      return say('SSO_LOGIN_FAILED', `Identity Center login for ${name} was denied.`);
    case 'InvalidGrantException':
      return say(
        'SSO_LOGIN_FAILED',
        step === 'code'
          ? `Identity Center refused the authorization code for ${name} (used, expired or not from this login). Log in again.`
          : `Identity Center refused the grant for ${name}. Log in again.`,
      );
    case 'InvalidClientException':
    case 'UnauthorizedClientException':
      return say(
        'SSO_LOGIN_FAILED',
        `Identity Center no longer accepts Airlock's client registration for ${name}. Log in again; Airlock registers anew.`,
      );
    case 'InvalidScopeException':
      return say(
        'VALIDATION',
        `Identity Center refused the scopes of ${name}. Check them (the default is sso:account:access).`,
      );
    case 'InvalidRequestException':
    case 'InvalidRequestRegionException':
      return say(
        'SSO_LOGIN_FAILED',
        `Identity Center refused the login request for ${name}. Check its start URL and region.`,
      );
    case 'InternalServerException':
      return say(
        'SSO_LOGIN_FAILED',
        `Identity Center had an internal error during the login for ${name}. Try again.`,
      );
  }
  if (e.$metadata?.httpStatusCode === 429 || e.name === 'ThrottlingException') {
    return say(
      'THROTTLED',
      `Identity Center is throttling Airlock's requests for ${name}. Try again in a minute.`,
    );
  }
  if (NETWORK_CODES.has(e.code ?? '') || NETWORK_CODES.has(e.name ?? '')) {
    return say(
      'NETWORK',
      `Cannot reach IAM Identity Center for ${name}. Check your network and the integration's region.`,
    );
  }
  return say(
    'SSO_LOGIN_FAILED',
    `Identity Center login for ${name} failed. Try again; if it persists, check its start URL and region.`,
  );
}
