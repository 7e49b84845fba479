// Console sign-in effects: gets credentials that may sign in (starting the session if needed,
// GetFederationToken for an iam-user), fetches a sign-in token, and builds the login URL.
import { AirlockError } from '../airlock-error';
import type { StartOptions } from '../sessions/credential-resolver';
import type { SessionService } from '../sessions/session-service';
import type { AwsCredentials, StsGateway } from '../sts/sts-gateway';
import type { SessionView } from '../../shared/sessions';
import {
  ALLOW_ALL_POLICY,
  checkDestination,
  consoleUrl,
  federatedName,
  federationEndpoint,
  loginUrl,
  signinRule,
  signinTokenUrl,
  withLogout,
  type ConsoleCredentials,
} from './console-plan';

export interface ConsoleSigninDeps {
  sessions: SessionService;
  sts: StsGateway;
  /** An iam-user's long-term keys, from the keychain. */
  longTermKeys: (sessionId: string) => Promise<AwsCredentials | undefined>;
  /** AIRLOCK_FEDERATION_URL: the full `…/federation` URL instead of the partition's. */
  federationUrl?: string;
  requestTimeoutMs?: number;
}

export interface ConsoleRequest extends StartOptions {
  region?: string;
  destination?: string;
  /** Overrides the consoleSwitchAccounts setting. */
  switchAccounts?: boolean;
}

export interface ConsoleSignin {
  session: SessionView;
  region: string;
  url: string;
}

export class ConsoleSigninService {
  constructor(private readonly deps: ConsoleSigninDeps) {}

  async signinUrl(idOrName: string, request: ConsoleRequest = {}): Promise<ConsoleSignin> {
    const { sessions } = this.deps;
    const settings = sessions.settings();
    let session = sessions.get(idOrName);
    const destination =
      request.destination === undefined
        ? undefined
        : checkDestination(session.name, request.destination);
    const start: StartOptions = request.mfaCode ? { mfaCode: request.mfaCode } : {};
    if (session.state.status !== 'active') session = await sessions.start(session.id, start);
    const region = request.region ?? session.region ?? settings.defaultRegion;
    const parentKind = 'parentId' in session ? sessions.get(session.parentId).kind : undefined;
    const rule = signinRule(
      session.kind,
      'durationSeconds' in session ? session.durationSeconds : undefined,
      parentKind,
    );
    const credentials = rule.federate
      ? await this.federate(session, region)
      : await sessions.credentials(session.id, 60_000, start);
    const endpoint = federationEndpoint(region, this.deps.federationUrl);
    const token = await this.signinToken(
      session,
      endpoint,
      asConsoleCredentials(session, credentials),
      rule.sessionDurationSeconds,
    );
    const login = loginUrl(endpoint, destination ?? consoleUrl(region), token);
    const switchAccounts = request.switchAccounts ?? settings.consoleSwitchAccounts;
    return { session, region, url: switchAccounts ? withLogout(endpoint, login) : login };
  }

  /** GetSessionToken credentials cannot sign in: federate with the long-term keys, as aws-vault does. */
  private async federate(session: SessionView, region: string): Promise<AwsCredentials> {
    const keys = await this.deps.longTermKeys(session.id);
    if (!keys) {
      throw new AirlockError(
        'NOT_FOUND',
        `Session ${session.name} has no access key in the keychain, so it cannot sign in to the console. Add it with "airlock session edit ${session.name} --access-key-id ID --secret-access-key-stdin".`,
      );
    }
    const out = await this.deps.sts.getFederationToken(
      { sessionName: session.name, region },
      keys,
      {
        name: federatedName(session.name),
        policy: ALLOW_ALL_POLICY,
        ...('durationSeconds' in session && session.durationSeconds
          ? { durationSeconds: session.durationSeconds }
          : {}),
      },
    );
    return out.credentials;
  }

  private async signinToken(
    session: SessionView,
    endpoint: string,
    credentials: ConsoleCredentials,
    sessionDurationSeconds?: number,
  ): Promise<string> {
    let response: Response;
    try {
      response = await fetch(signinTokenUrl(endpoint, credentials, sessionDurationSeconds), {
        signal: AbortSignal.timeout(this.deps.requestTimeoutMs ?? 15_000),
        redirect: 'error',
      });
    } catch (error) {
      throw new AirlockError(
        'NETWORK',
        `Could not reach the federation endpoint ${new URL(endpoint).origin} to sign session ${session.name} in to the console. Check the network and try again.`,
        { cause: error },
      );
    }
    // The body may echo the request, which holds the credentials: it is never shown.
    const body: unknown = await response.json().catch(() => undefined);
    const token =
      typeof body === 'object' && body !== null && 'SigninToken' in body
        ? (body as { SigninToken: unknown }).SigninToken
        : undefined;
    if (!response.ok || typeof token !== 'string' || token === '') {
      throw new AirlockError(
        response.status === 400 || response.status === 403 ? 'ACCESS_DENIED' : 'STS_ERROR',
        `The federation endpoint refused session ${session.name}'s credentials (HTTP ${response.status}). Stop and start the session, then try again.`,
      );
    }
    return token;
  }
}

function asConsoleCredentials(session: SessionView, c: AwsCredentials): ConsoleCredentials {
  if (!c.sessionToken) {
    throw new AirlockError(
      'VALIDATION',
      `Session ${session.name} has long-term keys only; the console needs temporary credentials.`,
    );
  }
  return {
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken,
  };
}
