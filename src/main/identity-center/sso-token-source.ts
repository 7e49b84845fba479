// The port sessions use to get an Identity Center access token: cached, refreshed or, when allowed, a login.
import type { IntegrationConfig } from '../../shared/identity-center';

export interface SsoTokenSource {
  /** A valid access token: cached (keychain, or the AWS CLI's cache for the same start URL), else refreshed, else — only when interactive — a login through the Prompter; otherwise AirlockError 'SSO_LOGIN_REQUIRED' with the message "Identity Center login for NAME has expired: run `airlock sso login NAME`". */
  accessToken(
    integration: IntegrationConfig,
    options?: { interactive?: boolean; minValidityMs?: number },
  ): Promise<string>;
  /** The portal answered 401 to this token: forget it, so the next accessToken() refreshes. */
  invalidate(integration: IntegrationConfig, accessToken: string): Promise<void>;
}

/** The one wording of "log in again", shared by the error, the notification and the CLI. */
export function loginRequiredMessage(integrationName: string): string {
  return `Identity Center login for ${integrationName} has expired: run \`airlock sso login ${integrationName}\``;
}
