// Builds base64 SAMLResponse documents like an IdP posts to AWS sign-in (unsigned: the peer doesn't check signatures).

export interface SamlRolePair {
  roleArn: string;
  principalArn: string;
}

export interface SamlResponseOptions {
  roles: SamlRolePair[];
  /** The SessionDuration attribute; omitted when absent (AWS then uses the request or 1 h). */
  sessionDurationSeconds?: number;
  /** Default: 5 minutes from now, as IdPs do. */
  notOnOrAfter?: Date;
  /** Write "principal,role" instead of "role,principal": AWS accepts both orders. */
  reversePairOrder?: boolean;
  /** NameID and RoleSessionName. Default 'alice@example.com'. */
  subject?: string;
  issuer?: string;
}

const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
const SESSION_NAME_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
const SESSION_DURATION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';
const AWS_SAML_AUDIENCE = 'https://signin.aws.amazon.com/saml';

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attribute(name: string, values: string[]): string {
  const body = values
    .map((value) => `<saml:AttributeValue>${escapeXml(value)}</saml:AttributeValue>`)
    .join('');
  return `<saml:Attribute Name="${name}">${body}</saml:Attribute>`;
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The SAMLResponse XML itself (before base64), for parsers that want the document. */
export function buildSamlResponseXml(options: SamlResponseOptions): string {
  const now = new Date();
  const notOnOrAfter = options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
  const subject = options.subject ?? 'alice@example.com';
  const issuer = options.issuer ?? 'https://idp.airlock.test/';
  const roleValues = options.roles.map(({ roleArn, principalArn }) =>
    options.reversePairOrder ? `${principalArn},${roleArn}` : `${roleArn},${principalArn}`,
  );
  const attributes = [
    attribute(ROLE_ATTRIBUTE, roleValues),
    attribute(SESSION_NAME_ATTRIBUTE, [subject]),
    ...(options.sessionDurationSeconds === undefined
      ? []
      : [attribute(SESSION_DURATION_ATTRIBUTE, [String(options.sessionDurationSeconds)])]),
  ].join('');
  const issueInstant = isoSeconds(now);
  const expiry = isoSeconds(notOnOrAfter);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_resp${now.getTime()}" Version="2.0" IssueInstant="${issueInstant}" Destination="${AWS_SAML_AUDIENCE}">`,
    `<saml:Issuer>${escapeXml(issuer)}</saml:Issuer>`,
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>',
    `<saml:Assertion ID="_assert${now.getTime()}" Version="2.0" IssueInstant="${issueInstant}">`,
    `<saml:Issuer>${escapeXml(issuer)}</saml:Issuer>`,
    '<saml:Subject>',
    `<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escapeXml(subject)}</saml:NameID>`,
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">',
    `<saml:SubjectConfirmationData NotOnOrAfter="${expiry}" Recipient="${AWS_SAML_AUDIENCE}"/>`,
    '</saml:SubjectConfirmation>',
    '</saml:Subject>',
    `<saml:Conditions NotBefore="${issueInstant}" NotOnOrAfter="${expiry}">`,
    `<saml:AudienceRestriction><saml:Audience>${AWS_SAML_AUDIENCE}</saml:Audience></saml:AudienceRestriction>`,
    '</saml:Conditions>',
    `<saml:AuthnStatement AuthnInstant="${issueInstant}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`,
    '</saml:Assertion>',
    '</samlp:Response>',
  ].join('');
}

/** The base64 value of the SAMLResponse form field, as posted to AWS sign-in and sent to STS. */
export function buildSamlResponse(options: SamlResponseOptions): string {
  return Buffer.from(buildSamlResponseXml(options), 'utf8').toString('base64');
}
