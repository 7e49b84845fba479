// Identity Center sign-ins: the SsoTokenSource (cached → AWS CLI cache → refresh → login) plus login, logout and status, one at a time per integration.
import { AirlockError } from '../airlock-error';
import type { CoreEvents } from '../core-events';
import { NoticeBoard } from '../notices/notice-board';
import { loginNoticeKey } from '../notices/notice-plan';
import type { Prompter } from '../sessions/prompter';
import type { IntegrationConfig, LoginState } from '../../shared/identity-center';
import { adoptableSignIn, type AwsCliSsoCache } from './aws-cli-sso-cache';
import { withIntegrationLock } from './integration-lock';
import { RefreshRefused, type LoginFlow, type OidcClient } from './oidc-client';
import type { PortalLogoutResult } from './portal-logout';
import { dropRegistration, signIn } from './sso-sign-in';
import { loginRequiredMessage, type SsoTokenSource } from './sso-token-source';
import type { SsoTokenStore, StoredToken } from './sso-token-store';

export interface SsoLoginsOptions {
  airlockHome: string;
  tokens: SsoTokenStore;
  awsCliCache: AwsCliSsoCache;
  oidc: OidcClient;
  logoutFromPortal: (region: string, accessToken: string) => Promise<PortalLogoutResult>;
  /** The share-sso-login setting, read where it is used (the CLI may change it while the app runs). */
  shareLogin: () => boolean | Promise<boolean>;
  prompter?: Prompter;
  events?: CoreEvents;
  /** Where the "log in again" notice goes (create-core shares the core's board); else on `events`. */
  notices?: NoticeBoard;
  now?: () => number;
  /** Refresh this long before the access token expires; default 5 min. */
  refreshMarginMs?: number;
  callbackTimeoutMs?: number;
  lockWaitMs?: number;
}

export interface LoginStatus {
  loginState: LoginState;
  tokenExpiresAt?: string;
}

export class SsoLogins implements SsoTokenSource {
  private readonly now: () => number;
  private readonly margin: number;
  /** Tokens the portal refused (401) though they looked valid: never handed out again. */
  private readonly refused = new Set<string>();
  private readonly notified = new Set<string>();
  private readonly notices: NoticeBoard | undefined;

  constructor(private readonly options: SsoLoginsOptions) {
    this.notices =
      options.notices ?? (options.events ? new NoticeBoard(options.events) : undefined);
    this.now = options.now ?? Date.now;
    this.margin = options.refreshMarginMs ?? 5 * 60_000;
  }

  async accessToken(
    integration: IntegrationConfig,
    options: { interactive?: boolean; minValidityMs?: number } = {},
  ): Promise<string> {
    const need = options.minValidityMs ?? 0;
    const cached = await this.usable(integration, need + this.margin);
    const token = cached ?? (await this.lockedAccessToken(integration, need, options));
    this.signedIn(integration.name);
    return token;
  }

  private lockedAccessToken(
    integration: IntegrationConfig,
    need: number,
    options: { interactive?: boolean },
  ): Promise<string> {
    return this.locked(integration, async () => {
      // Whoever held the lock before us may have refreshed or logged in: reuse that.
      const again = await this.usable(integration, need + this.margin);
      if (again) return again;
      const stored = await this.ownToken(integration);
      if (stored?.refreshToken) {
        try {
          return (await this.refreshLocked(integration, stored)).accessToken;
        } catch (error) {
          if (!(error instanceof RefreshRefused)) {
            // A network or throttling failure: a token still valid long enough serves meanwhile.
            const fallback = await this.usable(integration, need);
            if (fallback) return fallback;
            throw error;
          }
        }
      }
      // No refresh of our own: the AWS CLI's sign-in for this start URL may refresh instead.
      const adopted = adoptableSignIn(
        await this.options.awsCliCache.read(integration),
        integration,
        this.now(),
      );
      if (adopted) {
        try {
          return (await this.refreshLocked(integration, adopted, { writeBack: true })).accessToken;
        } catch (error) {
          if (!(error instanceof RefreshRefused)) throw error;
        }
      }
      const stillValid = await this.usable(integration, need);
      if (stillValid) return stillValid;
      if (!options.interactive) throw this.loginRequired(integration);
      return (await this.loginLocked(integration, 'pkce')).accessToken;
    });
  }

  async invalidate(integration: IntegrationConfig, accessToken: string): Promise<void> {
    this.refused.add(accessToken);
    await this.locked(integration, async () => {
      const stored = await this.ownToken(integration);
      if (stored?.accessToken !== accessToken) return;
      // Expired as of now, refresh token kept: every process's next accessToken() refreshes.
      await this.options.tokens.saveToken(integration.name, {
        ...stored,
        expiresAt: new Date(0).toISOString(),
      });
    });
  }

  /** A new sign-in, replacing any current one. */
  async login(integration: IntegrationConfig, flow: LoginFlow = 'pkce'): Promise<LoginStatus> {
    const token = await this.locked(integration, () => this.loginLocked(integration, flow));
    return { loginState: 'logged-in', tokenExpiresAt: token.expiresAt };
  }

  /** Ends the sign-in at the portal and forgets it here, and in the AWS CLI's cache if Airlock wrote it there. */
  async logout(integration: IntegrationConfig): Promise<PortalLogoutResult | 'not-logged-in'> {
    return this.locked(integration, async () => {
      const stored = await this.options.tokens.token(integration.name);
      if (!stored) return 'not-logged-in';
      let result = await this.options.logoutFromPortal(stored.region, stored.accessToken);
      if (result === 'already-ended' && stored.refreshToken) {
        // The access token is dead but the refresh token may not be: end the sign-in with a live one.
        result = await this.logoutWithRefresh(integration, stored, result);
      }
      await this.options.tokens.forgetToken(integration.name);
      if (stored.sharedToAwsCli) {
        await this.options.awsCliCache.removeIfClient(integration, stored.client.clientId);
      }
      return result;
    });
  }

  /** Refreshes (nothing saved: the sign-in is being forgotten) and calls Logout again with the new access token. */
  private async logoutWithRefresh(
    integration: IntegrationConfig,
    stored: StoredToken,
    first: PortalLogoutResult,
  ): Promise<PortalLogoutResult> {
    try {
      const fresh = await this.options.oidc.refresh(
        { ...integration, startUrl: stored.startUrl, region: stored.region },
        stored.client,
        stored.refreshToken!,
      );
      return await this.options.logoutFromPortal(stored.region, fresh.accessToken);
    } catch {
      // Refused (so the sign-in is over indeed) or unreachable: forget it locally all the same.
      return first;
    }
  }

  async status(integration: IntegrationConfig): Promise<LoginStatus> {
    const stored = await this.ownToken(integration);
    const cli = await this.options.awsCliCache.read(integration);
    if (cli && Date.parse(cli.expiresAt) > this.now() && !this.refused.has(cli.accessToken)) {
      if (!stored || Date.parse(cli.expiresAt) > Date.parse(stored.expiresAt)) {
        return { loginState: 'logged-in', tokenExpiresAt: cli.expiresAt };
      }
    }
    if (!stored?.refreshToken && adoptableSignIn(cli, integration, this.now())) {
      // The AWS CLI's sign-in can refresh: the next token comes from it, with no login.
      return { loginState: 'logged-in', tokenExpiresAt: cli!.expiresAt };
    }
    if (!stored) return { loginState: 'logged-out' };
    const live = Date.parse(stored.expiresAt) > this.now() || stored.refreshToken !== undefined;
    return { loginState: live ? 'logged-in' : 'expired', tokenExpiresAt: stored.expiresAt };
  }

  /** For the removal of an integration: its tokens and registrations. Sessions are the caller's check. */
  async forgetAll(integration: IntegrationConfig): Promise<void> {
    await this.locked(integration, () => this.options.tokens.forgetAll(integration.name));
  }

  /** Our token, when it belongs to this integration's start URL (a name reused for another is not its sign-in). */
  private async ownToken(integration: IntegrationConfig): Promise<StoredToken | undefined> {
    const stored = await this.options.tokens.token(integration.name);
    return stored?.startUrl === integration.startUrl ? stored : undefined;
  }

  /** A token valid for validForMs more: ours from the keychain, else the AWS CLI's for the same start URL. */
  private async usable(
    integration: IntegrationConfig,
    validForMs: number,
  ): Promise<string | undefined> {
    const fresh = (t: { accessToken: string; expiresAt: string } | undefined) =>
      t && !this.refused.has(t.accessToken) && Date.parse(t.expiresAt) - this.now() > validForMs;
    const stored = await this.ownToken(integration);
    if (fresh(stored)) return stored!.accessToken;
    const cli = await this.options.awsCliCache.read(integration);
    if (fresh(cli)) return cli!.accessToken;
    return undefined;
  }

  /** `writeBack`: the refresh token came from the AWS CLI's file, so the new one goes back there too. */
  private async refreshLocked(
    integration: IntegrationConfig,
    stored: StoredToken,
    options: { writeBack?: boolean } = {},
  ): Promise<StoredToken> {
    try {
      if (Date.parse(stored.client.expiresAt) <= this.now()) throw new RefreshRefused('client');
      const fresh = await this.options.oidc.refresh(
        integration,
        stored.client,
        stored.refreshToken!,
      );
      // AWS may not rotate the refresh token: keep the old one when none comes back.
      return await this.keep(
        integration,
        { ...stored, ...fresh, refreshToken: fresh.refreshToken ?? stored.refreshToken },
        options.writeBack,
      );
    } catch (error) {
      if (error instanceof RefreshRefused) {
        const { refreshToken: _dead, ...rest } = stored;
        await this.options.tokens.saveToken(integration.name, rest);
        if (error.reason === 'client') {
          await dropRegistration(this.options.tokens, integration, stored.client);
        }
      }
      throw error;
    }
  }

  private async loginLocked(integration: IntegrationConfig, flow: LoginFlow): Promise<StoredToken> {
    const { tokens, client } = await signIn(
      {
        oidc: this.options.oidc,
        tokens: this.options.tokens,
        prompter: this.options.prompter,
        now: this.now,
        callbackTimeoutMs: this.options.callbackTimeoutMs,
        loginRequired: (target) => this.loginRequired(target),
      },
      integration,
      flow,
    );
    this.signedIn(integration.name);
    return this.keep(integration, {
      startUrl: integration.startUrl,
      region: integration.region,
      ...tokens,
      client,
    });
  }

  /**
   * Saves a token, and with share-sso-login also writes it where the AWS CLI looks; so does
   * `writeBack` (a refresh of the AWS CLI's own sign-in, done as botocore would do it).
   */
  private async keep(
    integration: IntegrationConfig,
    token: StoredToken,
    writeBack = false,
  ): Promise<StoredToken> {
    const share = await this.options.shareLogin();
    const next: StoredToken = {
      ...token,
      ...(share || token.sharedToAwsCli ? { sharedToAwsCli: true } : {}),
    };
    if (share || writeBack) {
      await this.options.awsCliCache.write(integration, {
        startUrl: token.startUrl,
        region: token.region,
        accessToken: token.accessToken,
        expiresAt: token.expiresAt,
        clientId: token.client.clientId,
        clientSecret: token.client.clientSecret,
        registrationExpiresAt: token.client.expiresAt,
        ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
      });
    }
    await this.options.tokens.saveToken(integration.name, next);
    return next;
  }

  /** Says what to run, and tells the app once per integration until a token comes again. */
  private loginRequired(integration: IntegrationConfig): AirlockError {
    const message = loginRequiredMessage(integration.name);
    if (!this.notified.has(integration.name)) {
      this.notified.add(integration.name);
      this.notices?.post({
        level: 'warning',
        integration: integration.name,
        message,
        key: loginNoticeKey(integration.name),
        action: { kind: 'sso-login', integration: integration.name },
      });
    }
    return new AirlockError('SSO_LOGIN_REQUIRED', message);
  }

  /** Signed in again (here, or by another process): the next "log in again" is news once more. */
  private signedIn(name: string): void {
    this.notified.delete(name);
    this.notices?.settle(loginNoticeKey(name));
  }

  private locked<T>(integration: IntegrationConfig, task: () => Promise<T>): Promise<T> {
    return withIntegrationLock(
      this.options.airlockHome,
      integration.name,
      task,
      this.options.lockWaitMs,
    );
  }
}
