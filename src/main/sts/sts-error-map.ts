// The table that turns an STS or SDK error into our error code and a message that names the session and says what to do.
import type { ErrorCode } from '../../shared/errors';
import { AirlockError } from '../airlock-error';
import type { MfaParams, StsCallContext } from './sts-gateway';

/** What the failed call was, so the message can say what to fix. */
export interface CallAbout {
  mfa?: MfaParams;
  roleArn?: string;
  /** Calls that send a token instead of signing: their token is what STS rejects or finds expired. */
  flow?: 'saml' | 'web-identity';
}

/** The parts of an SDK error (or a Node network error) the rules look at. */
export interface StsErrorFacts {
  /** The error's name, else its code. */
  name: string;
  code: string;
  message: string;
  status?: number;
  session: string;
  region: string;
  about: CallAbout;
}

/** Every field given must hold; `anyOf` holds when one of its matches does. */
export interface StsErrorMatch {
  flow?: CallAbout['flow'];
  /** The call sent an MFA code. */
  mfa?: true;
  names?: readonly string[];
  namePattern?: RegExp;
  /** Node's errno-style codes (`ECONNRESET`…), checked against the name and the code. */
  codes?: ReadonlySet<string>;
  status?: number;
  /** Each pattern must match the message. */
  messages?: readonly RegExp[];
  anyOf?: readonly StsErrorMatch[];
}

export interface StsErrorRule {
  match: StsErrorMatch;
  code: ErrorCode;
  message: (facts: StsErrorFacts) => string;
}

const EXPIRED = ['ExpiredToken', 'ExpiredTokenException'];

const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'TimeoutError',
  'RequestTimeout',
]);

const clockSkew = ({ session }: StsErrorFacts): string =>
  `AWS rejected the request for session ${session} because this computer's clock is off. Sync the system clock (e.g. enable NTP) and try again.`;

/** Ordered: the first rule that matches wins, so the specific ones come before the general ones. */
export const STS_ERROR_RULES: readonly StsErrorRule[] = [
  {
    match: {
      mfa: true,
      messages: [/mfa|multifactor|one time/i],
      anyOf: [
        { messages: [/MultiFactorAuthentication|MFA|one time pass/i] },
        { names: ['AccessDenied'] },
      ],
    },
    code: 'MFA_REJECTED',
    message: ({ session, about }) =>
      `MFA code rejected for session ${session} (device ${about.mfa?.serialNumber ?? ''}). Wait for the next code and try again.`,
  },
  {
    match: { flow: 'web-identity', names: EXPIRED },
    code: 'WEB_IDENTITY_INVALID',
    message: ({ session }) =>
      `The web identity token of session ${session} has expired. Get a fresh token (or check that its token file is being renewed), then try again.`,
  },
  {
    match: {
      flow: 'web-identity',
      namePattern: /^(InvalidIdentityToken|IDPRejectedClaim|IDPCommunicationError)(Exception)?$/,
    },
    code: 'WEB_IDENTITY_INVALID',
    message: ({ session, name, about }) =>
      `STS rejected the web identity token of session ${session} (${name.replace(/Exception$/, '')}). Check the token's issuer, audience and signature, and that role ${about.roleArn ?? ''} trusts its identity provider.`,
  },
  {
    match: { flow: 'saml', names: EXPIRED },
    code: 'SAML_INVALID',
    message: ({ session }) =>
      `The SAML assertion for session ${session} has expired. Log in through your IdP again.`,
  },
  {
    match: { names: EXPIRED },
    code: 'EXPIRED_TOKEN',
    message: ({ session }) =>
      `The credentials behind session ${session} have expired. Start its parent session again, then retry.`,
  },
  {
    match: { names: ['InvalidClientTokenId'] },
    code: 'INVALID_CLIENT_TOKEN',
    message: ({ session }) =>
      `AWS does not recognise the access key of session ${session}. The key may have been deleted or deactivated: update it with "airlock session edit ${session}".`,
  },
  {
    match: {
      names: ['SignatureDoesNotMatch'],
      messages: [/time|skew|expired/i, /signature expired|request time/i],
    },
    code: 'CLOCK_SKEW',
    message: clockSkew,
  },
  {
    match: { names: ['SignatureDoesNotMatch'] },
    code: 'SIGNATURE_MISMATCH',
    message: ({ session }) =>
      `AWS rejected the secret access key of session ${session} (signature mismatch). Re-enter the key with "airlock session edit ${session}".`,
  },
  {
    match: {
      anyOf: [
        { names: ['RequestExpired', 'RequestTimeTooSkewed'] },
        { messages: [/clock skew|too skewed|signature expired/i] },
      ],
    },
    code: 'CLOCK_SKEW',
    message: clockSkew,
  },
  {
    match: { names: ['AccessDenied', 'AccessDeniedException'] },
    code: 'ACCESS_DENIED',
    message: ({ session, message, about }) => {
      const principal = /User: (\S+)/.exec(message)?.[1];
      const what = about.roleArn ? `assume role ${about.roleArn}` : 'make this call';
      return `Access denied for session ${session}: ${principal ?? 'its principal'} may not ${what}. Check the role's trust policy and the caller's permissions.`;
    },
  },
  {
    match: {
      anyOf: [
        { names: ['Throttling', 'ThrottlingException', 'TooManyRequestsException'] },
        { status: 429 },
      ],
    },
    code: 'THROTTLED',
    message: ({ session }) =>
      `STS is throttling requests for session ${session}, even after retries. Wait a minute and try again.`,
  },
  {
    match: {
      anyOf: [
        { codes: NETWORK_CODES },
        { messages: [/socket hang up|ECONNRESET|ECONNREFUSED|getaddrinfo|timed? ?out/i] },
      ],
    },
    code: 'NETWORK',
    message: ({ session }) =>
      `Could not reach AWS STS for session ${session}. Check your network connection or proxy, then try again.`,
  },
  {
    match: { messages: [/Deserialization error|XML parse error/i] },
    code: 'STS_ERROR',
    message: ({ session }) =>
      `STS sent a response for session ${session} that Airlock could not read (it was cut off or garbled). Try again; if it persists, check your network or proxy.`,
  },
  {
    match: { names: ['RegionDisabledException'] },
    code: 'STS_ERROR',
    message: ({ session, region }) =>
      `STS is not enabled in region ${region} for session ${session}. Pick another region or enable it for the account.`,
  },
];

/** When no rule matches. */
const FALLBACK: Omit<StsErrorRule, 'match'> = {
  code: 'STS_ERROR',
  message: ({ session, name, status }) => {
    const detail = name ? `${name}${status ? ` (HTTP ${status})` : ''}` : 'an unreadable response';
    return `STS failed for session ${session} with ${detail}. Try again; if it persists, check the AWS status page.`;
  },
};

function matches(match: StsErrorMatch, f: StsErrorFacts): boolean {
  if (match.flow !== undefined && f.about.flow !== match.flow) return false;
  if (match.mfa && !f.about.mfa) return false;
  if (match.names && !match.names.includes(f.name)) return false;
  if (match.namePattern && !match.namePattern.test(f.name)) return false;
  if (match.codes && !match.codes.has(f.name) && !match.codes.has(f.code)) return false;
  if (match.status !== undefined && f.status !== match.status) return false;
  if (match.messages && !match.messages.every((pattern) => pattern.test(f.message))) return false;
  if (match.anyOf && !match.anyOf.some((alternative) => matches(alternative, f))) return false;
  return true;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The first rule the facts meet, or the fallback. */
export function stsErrorRule(facts: StsErrorFacts): Omit<StsErrorRule, 'match'> {
  return STS_ERROR_RULES.find((rule) => matches(rule.match, facts)) ?? FALLBACK;
}

/** The facts the rules read off a thrown value of unknown shape. */
export function stsErrorFacts(
  error: unknown,
  ctx: StsCallContext,
  about: CallAbout = {},
): StsErrorFacts {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  return {
    name: e.name ?? e.code ?? '',
    code: e.code ?? '',
    message: e.message ?? '',
    status: e.$metadata?.httpStatusCode,
    session: ctx.sessionName,
    region: ctx.region,
    about,
  };
}

/** Turns an SDK error into an AirlockError whose message names the session and says what to do. */
export function mapStsError(
  error: unknown,
  ctx: StsCallContext,
  about: CallAbout = {},
): AirlockError {
  if (error instanceof AirlockError) return error;
  const facts = stsErrorFacts(error, ctx, about);
  const rule = stsErrorRule(facts);
  return new AirlockError(rule.code, rule.message(facts), { cause: error });
}
