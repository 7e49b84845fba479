// SAMLResponse handling: extraction from the sign-in POST body and safe parsing of the assertion.
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { AirlockError } from '../airlock-error';
import type { SamlRoleChoice } from '../../shared/sessions';

const SAML_PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
const DURATION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';
/** Real assertions are a few KB; the limit stops memory blow-ups from hostile input. */
export const MAX_SAML_RESPONSE_BYTES = 512 * 1024;

/** The sign-in hosts of the three partitions; each also has `<region>.` endpoints. */
const SAML_SIGNIN_HOSTS = [
  'signin.aws.amazon.com',
  'signin.amazonaws-us-gov.com',
  'signin.amazonaws.cn',
] as const;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

/** The global AWS sign-in endpoints an IdP posts the SAMLResponse to. */
export const SAML_SIGNIN_URLS = SAML_SIGNIN_HOSTS.map((host) => `https://${host}/saml`);

/**
 * Request filters (Chrome match patterns, as webRequest takes them) for the global and the
 * regional endpoints (`https://eu-west-1.signin.aws.amazon.com/saml`); isSamlSigninUrl decides.
 */
export const SAML_SIGNIN_URL_FILTERS = SAML_SIGNIN_HOSTS.flatMap((host) => [
  `https://${host}/saml*`,
  `https://*.${host}/saml*`,
]);

/** `https://[<region>.]signin.<partition domain>/saml`, default port, any query. */
export function isSamlSigninUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' || parsed.port || parsed.username || parsed.password) {
    return false;
  }
  if (parsed.pathname !== '/saml') return false;
  return SAML_SIGNIN_HOSTS.some((host) => {
    if (parsed.hostname === host) return true;
    const region = parsed.hostname.endsWith(`.${host}`)
      ? parsed.hostname.slice(0, -host.length - 1)
      : undefined;
    return region !== undefined && REGION.test(region);
  });
}

/** urlencoded POST body → base64 SAMLResponse, or undefined when the body carries none. */
export function extractSamlResponseFromFormBody(body: string): string | undefined {
  const value = new URLSearchParams(body).get('SAMLResponse');
  return value && value.trim() ? value.trim() : undefined;
}

export interface SamlAssertionInfo {
  roles: SamlRoleChoice[];
  sessionDurationSeconds?: number;
  /** ISO time after which the assertion is no longer accepted. */
  notOnOrAfter?: string;
}

function invalid(sessionName: string, why: string): AirlockError {
  return new AirlockError(
    'SAML_INVALID',
    `The SAML response for session ${sessionName} ${why}. Log in through your IdP again, or ask its administrator to check the AWS app.`,
  );
}

function parseRolePair(value: string): SamlRoleChoice | undefined {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length !== 2) return undefined;
  const role = parts.find((p) => /^arn:aws[\w-]*:iam::\d{12}:role\//.test(p));
  const principal = parts.find((p) => /^arn:aws[\w-]*:iam::\d{12}:saml-provider\//.test(p));
  return role && principal ? { roleArn: role, principalArn: principal } : undefined;
}

function attributeValues(assertion: XmlElement, name: string): string[] {
  const values: string[] = [];
  const attributes = assertion.getElementsByTagNameNS(SAML_ASSERTION_NS, 'Attribute');
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes.item(i);
    if (!attribute || attribute.getAttribute('Name') !== name) continue;
    const nodes = attribute.getElementsByTagNameNS(SAML_ASSERTION_NS, 'AttributeValue');
    for (let j = 0; j < nodes.length; j++) {
      const text = nodes.item(j)?.textContent?.trim();
      if (text) values.push(text);
    }
  }
  return values;
}

/**
 * Parses the roles, SessionDuration and expiry of a base64 SAMLResponse.
 * DOCTYPEs are refused outright, so neither external entities nor entity expansion can happen.
 */
export function parseSamlResponse(
  base64: string,
  sessionName: string,
  now: number,
): SamlAssertionInfo {
  if (base64.length > (MAX_SAML_RESPONSE_BYTES * 4) / 3 + 4) {
    throw invalid(sessionName, `is larger than ${MAX_SAML_RESPONSE_BYTES / 1024} KB`);
  }
  if (!/^[A-Za-z0-9+/=\s]+$/.test(base64)) throw invalid(sessionName, 'is not base64');
  const xml = Buffer.from(base64, 'base64').toString('utf8');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw invalid(sessionName, 'contains a DOCTYPE, which Airlock refuses for safety');
  }
  let root: XmlElement | null;
  try {
    const parser = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    });
    root = parser.parseFromString(xml, 'text/xml').documentElement;
  } catch {
    throw invalid(sessionName, 'is not well-formed XML');
  }
  if (!root || root.namespaceURI !== SAML_PROTOCOL_NS || root.localName !== 'Response') {
    throw invalid(sessionName, 'is not a SAML 2.0 Response (wrong root element or namespace)');
  }
  const assertion = root.getElementsByTagNameNS(SAML_ASSERTION_NS, 'Assertion').item(0);
  if (!assertion) throw invalid(sessionName, 'holds no SAML 2.0 assertion');

  const roles: SamlRoleChoice[] = [];
  for (const value of attributeValues(assertion, ROLE_ATTRIBUTE)) {
    const pair = parseRolePair(value);
    if (
      pair &&
      !roles.some((r) => r.roleArn === pair.roleArn && r.principalArn === pair.principalArn)
    ) {
      roles.push(pair);
    }
  }
  if (roles.length === 0)
    throw invalid(sessionName, `lists no AWS role (attribute ${ROLE_ATTRIBUTE})`);

  const info: SamlAssertionInfo = { roles };
  const duration = Number(attributeValues(assertion, DURATION_ATTRIBUTE)[0]);
  if (Number.isInteger(duration) && duration > 0) info.sessionDurationSeconds = duration;

  const conditions = assertion.getElementsByTagNameNS(SAML_ASSERTION_NS, 'Conditions').item(0);
  const notOnOrAfter = conditions?.getAttribute('NotOnOrAfter');
  if (notOnOrAfter) {
    const at = Date.parse(notOnOrAfter);
    if (Number.isNaN(at)) throw invalid(sessionName, 'has an unreadable NotOnOrAfter time');
    if (at <= now) throw invalid(sessionName, `expired at ${new Date(at).toISOString()}`);
    info.notOnOrAfter = new Date(at).toISOString();
  }
  return info;
}
