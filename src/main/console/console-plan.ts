// Pure planning for console sign-in: federation endpoints per partition, AWS's rules by session
// kind, the getSigninToken and login URLs, the logout wrap, and browser launches as data.
import { join } from 'node:path';
import { AirlockError } from '../airlock-error';
import { DURATION_LIMITS, type ConsoleBrowser, type SessionKind } from '../../shared/sessions';

export type Partition = 'aws' | 'aws-us-gov' | 'aws-cn';

export function partitionOf(region: string): Partition {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  return 'aws';
}

const SIGNIN_HOSTS: Record<Partition, string> = {
  aws: 'signin.aws.amazon.com',
  'aws-us-gov': 'signin.amazonaws-us-gov.com',
  'aws-cn': 'signin.amazonaws.cn',
};

const CONSOLE_HOSTS: Record<Partition, string> = {
  aws: 'console.aws.amazon.com',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
  'aws-cn': 'console.amazonaws.cn',
};

/** The full `…/federation` URL: AIRLOCK_FEDERATION_URL when set (tests, private endpoints), else the partition's. */
export function federationEndpoint(region: string, override?: string): string {
  if (override) return override;
  return `https://${SIGNIN_HOSTS[partitionOf(region)]}/federation`;
}

/** The console home for a region, in its partition. */
export function consoleUrl(region: string): string {
  const url = new URL(`https://${CONSOLE_HOSTS[partitionOf(region)]}/console/home`);
  url.searchParams.set('region', region);
  return url.toString();
}

/** How a session's kind signs in, as AWS enforces it. */
export interface SigninRule {
  /** iam-user: GetSessionToken credentials cannot sign in, so GetFederationToken with the long-term keys first. */
  federate: boolean;
  /** SessionDuration goes only with AssumeRole* credentials not obtained by role chaining. */
  sessionDurationSeconds?: number;
}

/** The policy a federated iam-user signs in with when the session has none: the user's own permissions cap it. */
export const ALLOW_ALL_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

export function signinRule(
  kind: SessionKind,
  durationSeconds: number | undefined,
  parentKind?: SessionKind,
): SigninRule {
  switch (kind) {
    case 'iam-user':
      return { federate: true };
    case 'federated-user':
    case 'sso-role':
      return { federate: false };
    case 'iam-role':
      // A role assumed with another role's (or a SAML, web-identity or SSO role's) credentials is chained.
      if (parentKind !== 'iam-user') return { federate: false };
      return { federate: false, sessionDurationSeconds: consoleDuration(kind, durationSeconds) };
    case 'saml':
    case 'web-identity':
      return { federate: false, sessionDurationSeconds: consoleDuration(kind, durationSeconds) };
  }
}

/** The console allows 900 s to 12 h; the session's own duration, else its kind's default. */
function consoleDuration(kind: SessionKind, durationSeconds: number | undefined): number {
  const seconds = durationSeconds ?? DURATION_LIMITS[kind].default;
  return Math.min(Math.max(seconds, 900), 43_200);
}

/** A valid GetFederationToken Name (2-32 of [\w+=,.@-]) from the session's name. */
export function federatedName(sessionName: string): string {
  const name = sessionName.replace(/[^\w+=,.@-]/g, '-').slice(0, 32);
  return name.length >= 2 ? name : `${name}-airlock`.slice(0, 32);
}

export interface ConsoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export function signinTokenUrl(
  endpoint: string,
  credentials: ConsoleCredentials,
  sessionDurationSeconds?: number,
): string {
  const url = new URL(endpoint);
  url.searchParams.set('Action', 'getSigninToken');
  url.searchParams.set(
    'Session',
    JSON.stringify({
      sessionId: credentials.accessKeyId,
      sessionKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    }),
  );
  if (sessionDurationSeconds !== undefined)
    url.searchParams.set('SessionDuration', String(sessionDurationSeconds));
  return url.toString();
}

export function loginUrl(endpoint: string, destination: string, signinToken: string): string {
  const url = new URL(endpoint);
  url.searchParams.set('Action', 'login');
  url.searchParams.set('Issuer', 'airlock');
  url.searchParams.set('Destination', destination);
  url.searchParams.set('SigninToken', signinToken);
  return url.toString();
}

/**
 * Signs out whoever the browser is signed in as, then lands on the login URL: one browser can
 * switch accounts. The logout lives beside the federation endpoint (`/oauth`).
 */
export function withLogout(endpoint: string, login: string): string {
  const url = new URL('/oauth', endpoint);
  url.searchParams.set('Action', 'logout');
  url.searchParams.set('redirect_uri', login);
  return url.toString();
}

/** A --destination must be an https console page: anything else would send the token elsewhere. */
export function checkDestination(sessionName: string, destination: string): string {
  if (!URL.canParse(destination) || new URL(destination).protocol !== 'https:') {
    throw new AirlockError(
      'VALIDATION',
      `The console destination for session ${sessionName} must be an https URL, like https://console.aws.amazon.com/s3/home.`,
    );
  }
  return destination;
}

/** The apps the launcher knows; `open` resolves each to the platform's binary name. */
export type BrowserApp = 'firefox' | 'chrome' | 'chromium' | 'edge' | 'brave';

/** What to open: a URL (or add-on URI) and, unless the system default, an app and the arguments before it. */
export interface LaunchPlan {
  target: string;
  app?: { name: BrowserApp; arguments: string[] };
}

/** The argv the launch runs (the `open` package resolves the app's binary per platform); never a shell string. */
export function launchArgv(plan: LaunchPlan): string[] {
  return plan.app ? [plan.app.name, ...plan.app.arguments, plan.target] : [plan.target];
}

export const CONTAINER_COLORS = [
  'blue',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'pink',
  'purple',
] as const;
export const CONTAINER_ICONS = [
  'fingerprint',
  'briefcase',
  'dollar',
  'cart',
  'circle',
  'gift',
  'vacation',
  'food',
  'fruit',
  'pet',
  'tree',
  'chill',
] as const;

/** A stable small hash (FNV-1a), so a session keeps its container colour and icon. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

export interface LaunchSession {
  id: string;
  name: string;
}

/**
 * The launch for a browser choice. Firefox opens the add-on's `ext+container:` URI; the Chromium
 * family gets a user-data folder per session under profilesDir, so sessions never share cookies.
 */
export function launchPlan(
  browser: ConsoleBrowser,
  session: LaunchSession,
  url: string,
  profilesDir: string,
): LaunchPlan {
  if (browser === 'default') return { target: url };
  if (browser === 'firefox-container') {
    const h = hash(session.id);
    const params = new URLSearchParams({
      name: `airlock ${session.name}`,
      color: CONTAINER_COLORS[h % CONTAINER_COLORS.length]!,
      icon: CONTAINER_ICONS[(h >>> 8) % CONTAINER_ICONS.length]!,
      url,
    });
    // The add-on reads `+` as a literal plus; spaces must be %20.
    const uri = `ext+container:${params.toString().replace(/\+/g, '%20')}`;
    return { target: uri, app: { name: 'firefox', arguments: [] } };
  }
  return {
    target: url,
    app: {
      name: browser,
      arguments: [`--user-data-dir=${join(profilesDir, session.id)}`, '--no-first-run'],
    },
  };
}
