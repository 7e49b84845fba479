// Turns a session's configuration into fresh credentials: one STS flow per kind, parents resolved first.
import { AirlockError } from '../airlock-error';
import type { CredentialCache } from '../secrets/credential-cache';
import { readWebIdentityToken } from './web-identity-token-file';
import type { AwsCredentials, MfaParams, StsCallContext, StsGateway } from '../sts/sts-gateway';
import type { Prompter } from './prompter';
import { withMfaCode } from './mfa-code';
import { assertOffered, pickSamlRole } from '../saml/saml-roles';
import type { StoredSession } from '../store/session-store';
import type { PortalClient } from '../identity-center/portal-client';
import type { IntegrationConfig } from '../../shared/identity-center';
import { DURATION_LIMITS, type SessionConfigOf } from '../../shared/sessions';

export interface StartOptions {
  /** A code given up front (CLI --mfa-code); a rejected one is not asked again. */
  mfaCode?: string;
  /** base64 SAMLResponse given up front (CLI --saml-assertion-file). */
  samlAssertion?: string;
  /** A web identity token given at start instead of the token file. */
  webIdentityToken?: string;
}

export interface Issued {
  credentials: AwsCredentials;
  arn?: string;
  accountId?: string;
}

/** What sso-role sessions need: the portal (with its token source) and the store's integrations. */
export interface SsoRoleDeps {
  portal: Pick<PortalClient, 'connect'>;
  integration: (name: string) => IntegrationConfig | undefined;
}

export interface ResolverDeps {
  sts: StsGateway;
  sso?: SsoRoleDeps;
  cache: CredentialCache;
  prompter?: Prompter;
  defaultRegion: () => string;
  session: (id: string) => StoredSession;
  now: () => number;
}

const MAX_CHAIN_DEPTH = 10;
/** Cached parent credentials are reused only when they stay valid this long. */
const REUSE_MARGIN_MS = 5 * 60_000;

export function accountFromArn(arn: string | undefined): string | undefined {
  return arn ? /^arn:[\w-]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1] : undefined;
}

export function defaultRoleSessionName(sessionName: string): string {
  return `airlock-${sessionName}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

export class CredentialResolver {
  constructor(private readonly deps: ResolverDeps) {}

  private ctx(s: StoredSession): StsCallContext {
    return { sessionName: s.config.name, region: s.config.region ?? this.deps.defaultRegion() };
  }

  async longTermKeys(s: StoredSession): Promise<AwsCredentials> {
    const keys = await this.deps.cache.longTerm(s.id);
    if (!keys) {
      throw new AirlockError(
        'NOT_FOUND',
        `Session ${s.config.name} has no access key in the keychain. Add it with "airlock session edit ${s.config.name} --access-key-id ID --secret-access-key-stdin".`,
      );
    }
    return keys;
  }

  /**
   * Credentials a child may call STS with: the parent's cache when still good, else a fresh
   * issue (kept for the next child). What the person gave for this start (an MFA code) serves
   * whichever session of the chain asks for it.
   */
  private async credentialsFor(
    s: StoredSession,
    options: StartOptions,
    depth: number,
  ): Promise<AwsCredentials> {
    const cached = await this.deps.cache.temporary(s.id, REUSE_MARGIN_MS);
    if (cached) return cached;
    const issued = await this.issue(s, options, depth);
    await this.deps.cache.remember(s.id, issued.credentials);
    return issued.credentials;
  }

  /** Calls STS for this session's own new credentials. */
  async issue(s: StoredSession, options: StartOptions, depth = 0): Promise<Issued> {
    if (depth > MAX_CHAIN_DEPTH) {
      throw new AirlockError(
        'VALIDATION',
        `Session ${s.config.name} has a parent chain deeper than ${MAX_CHAIN_DEPTH} or a loop. Check its parents.`,
      );
    }
    const config = s.config;
    switch (config.kind) {
      case 'iam-user':
        return this.issueIamUser(s, config, options);
      case 'iam-role':
        return this.issueRole(s, config, options, depth);
      case 'saml':
        return this.issueSaml(s, config, options);
      case 'web-identity':
        return this.issueWebIdentity(s, config, options);
      case 'federated-user':
        return this.issueFederated(s, config, depth);
      case 'sso-role':
        return this.issueSsoRole(config);
    }
  }

  private parent(s: StoredSession, parentId: string): StoredSession {
    try {
      return this.deps.session(parentId);
    } catch {
      throw new AirlockError(
        'NOT_FOUND',
        `The parent of session ${s.config.name} no longer exists. Edit the session and pick another parent.`,
      );
    }
  }

  /** The MFA code comes from the start's options, the session's mfa-process or this resolver's Prompter. */
  private withMfa<T>(
    s: StoredSession,
    serial: string,
    options: StartOptions,
    fn: (mfa: MfaParams) => Promise<T>,
  ): Promise<T> {
    return withMfaCode(
      { session: s, serial, given: options.mfaCode, prompter: this.deps.prompter },
      fn,
    );
  }

  private async issueIamUser(
    s: StoredSession,
    config: SessionConfigOf<'iam-user'>,
    options: StartOptions,
  ): Promise<Issued> {
    const keys = await this.longTermKeys(s);
    const durationSeconds = config.durationSeconds ?? DURATION_LIMITS['iam-user'].default;
    const call = (mfa?: MfaParams) =>
      this.deps.sts.getSessionToken(this.ctx(s), keys, {
        durationSeconds,
        ...(mfa ? { mfa } : {}),
      });
    const credentials = config.mfaSerial
      ? await this.withMfa(s, config.mfaSerial, options, call)
      : await call();
    return { credentials, accountId: accountFromArn(config.mfaSerial) ?? s.state.accountId };
  }

  private async issueRole(
    s: StoredSession,
    config: SessionConfigOf<'iam-role'>,
    options: StartOptions,
    depth: number,
  ): Promise<Issued> {
    const parent = this.parent(s, config.parentId);
    // MFA on AssumeRole needs long-term keys: a parent iam-user's own keys are used then.
    const useLongTerm = Boolean(config.mfaSerial) && parent.config.kind === 'iam-user';
    const caller = useLongTerm
      ? await this.longTermKeys(parent)
      : await this.credentialsFor(parent, options, depth + 1);
    const params = {
      roleArn: config.roleArn,
      roleSessionName: config.roleSessionName ?? defaultRoleSessionName(config.name),
      ...(config.durationSeconds ? { durationSeconds: config.durationSeconds } : {}),
      ...(config.externalId ? { externalId: config.externalId } : {}),
      ...(config.sourceIdentity ? { sourceIdentity: config.sourceIdentity } : {}),
    };
    const call = (mfa?: MfaParams) =>
      this.deps.sts.assumeRole(this.ctx(s), caller, { ...params, ...(mfa ? { mfa } : {}) });
    const out =
      config.mfaSerial && useLongTerm
        ? await this.withMfa(s, config.mfaSerial, options, call)
        : await call();
    return {
      credentials: out.credentials,
      arn: out.arn,
      accountId: accountFromArn(out.arn ?? config.roleArn),
    };
  }

  private async issueSaml(
    s: StoredSession,
    config: SessionConfigOf<'saml'>,
    options: StartOptions,
  ): Promise<Issued> {
    let assertion = options.samlAssertion;
    if (!assertion) {
      if (!this.deps.prompter) {
        throw new AirlockError(
          'MFA_REQUIRED',
          `Session ${config.name} needs a SAML login at ${config.idpUrl}. Start it from the Airlock app, or pass --saml-assertion-file.`,
        );
      }
      assertion = await this.deps.prompter.samlLogin({
        sessionId: s.id,
        sessionName: config.name,
        idpUrl: config.idpUrl,
      });
    }
    // The XML parser is loaded only for SAML sessions.
    const { parseSamlResponse } = await import('../saml/saml-response');
    const info = parseSamlResponse(assertion, config.name, this.deps.now());
    // Only the configured provider's roles in the configured account: never another account's.
    const target = { sessionName: config.name, ...config };
    const pick = pickSamlRole(info.roles, target, Boolean(this.deps.prompter));
    const role =
      'role' in pick
        ? pick.role
        : assertOffered(
            await this.deps.prompter!.chooseRole({
              sessionId: s.id,
              sessionName: config.name,
              roles: pick.choose,
            }),
            pick.choose,
            config.name,
          );
    const wanted = config.durationSeconds ?? DURATION_LIMITS.saml.default;
    const durationSeconds = Math.min(wanted, info.sessionDurationSeconds ?? wanted);
    const out = await this.deps.sts.assumeRoleWithSaml(this.ctx(s), {
      roleArn: role.roleArn,
      principalArn: role.principalArn,
      assertion,
      durationSeconds,
    });
    return {
      credentials: out.credentials,
      arn: out.arn,
      accountId: accountFromArn(out.arn ?? role.roleArn),
    };
  }

  private async issueWebIdentity(
    s: StoredSession,
    config: SessionConfigOf<'web-identity'>,
    options: StartOptions,
  ): Promise<Issued> {
    let token = options.webIdentityToken;
    // The file is read at every issue, as AWS_WEB_IDENTITY_TOKEN_FILE is: the token rotates on disk.
    if (!token && config.tokenFile) token = await readWebIdentityToken(config);
    if (!token) {
      throw new AirlockError(
        'WEB_IDENTITY_INVALID',
        `Session ${config.name} has no web identity token. Set a token file, or pass a token at start.`,
      );
    }
    if (!looksLikeJwt(token) || token.length > 20_000) {
      throw new AirlockError(
        'WEB_IDENTITY_INVALID',
        `The web identity token for session ${config.name} is not a JWT (header.payload.signature). Check the token${config.tokenFile ? ` in ${config.tokenFile}` : ''}.`,
      );
    }
    const out = await this.deps.sts.assumeRoleWithWebIdentity(this.ctx(s), {
      roleArn: config.roleArn,
      roleSessionName: config.roleSessionName ?? defaultRoleSessionName(config.name),
      token,
      ...(config.durationSeconds ? { durationSeconds: config.durationSeconds } : {}),
    });
    return {
      credentials: out.credentials,
      arn: out.arn,
      accountId: accountFromArn(out.arn ?? config.roleArn),
    };
  }

  private async issueFederated(
    s: StoredSession,
    config: SessionConfigOf<'federated-user'>,
    depth: number,
  ): Promise<Issued> {
    const parent = this.parent(s, config.parentId);
    if (parent.config.kind !== 'iam-user' || depth > MAX_CHAIN_DEPTH) {
      throw new AirlockError(
        'VALIDATION',
        `Session ${config.name} is a federated user: its parent must be an iam-user session (GetFederationToken needs long-term keys).`,
      );
    }
    const keys = await this.longTermKeys(parent);
    const out = await this.deps.sts.getFederationToken(this.ctx(s), keys, {
      name: config.federatedName,
      ...(config.policy ? { policy: config.policy } : {}),
      durationSeconds: config.durationSeconds ?? DURATION_LIMITS['federated-user'].default,
    });
    return { credentials: out.credentials, arn: out.arn, accountId: accountFromArn(out.arn) };
  }

  /** GetRoleCredentials gives no ARN: the caller identity is learned by whoami. */
  private async issueSsoRole(config: SessionConfigOf<'sso-role'>): Promise<Issued> {
    if (!this.deps.sso) {
      throw new AirlockError(
        'VALIDATION',
        `Session ${config.name} is an IAM Identity Center role, and this Airlock has no Identity Center support set up.`,
      );
    }
    const integration = this.deps.sso.integration(config.integration);
    if (!integration) {
      throw new AirlockError(
        'NOT_FOUND',
        `Session ${config.name} belongs to the IAM Identity Center integration ${config.integration}, which no longer exists. Add the integration again, or remove the session.`,
      );
    }
    // Never a sign-in from here: only cached or refreshed tokens. When refresh is impossible the
    // token source fails with "run `airlock sso login NAME`" and the app offers Log in.
    const connection = this.deps.sso.portal.connect(integration);
    const credentials = await connection.getRoleCredentials(config.accountId, config.roleName);
    return { credentials, accountId: config.accountId };
  }
}
