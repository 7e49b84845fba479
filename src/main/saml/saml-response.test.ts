// Hostile and broken SAMLResponses: each is refused with SAML_INVALID and a clear message, fast, without expanding anything.
import { describe, expect, it } from 'vitest';
import { buildSamlResponseXml } from '../../../test-support/saml-fixture';
import { AirlockError } from '../airlock-error';
import {
  SAML_SIGNIN_URLS,
  SAML_SIGNIN_URL_FILTERS,
  extractSamlResponseFromFormBody,
  isSamlSigninUrl,
  parseSamlResponse,
} from './saml-response';

const ROLE = 'arn:aws:iam::123456789012:role/saml-admin';
const PRINCIPAL = 'arn:aws:iam::123456789012:saml-provider/airlock-idp';
const NAME = 'corp';
const b64 = (xml: string, encoding: BufferEncoding = 'utf8') =>
  Buffer.from(xml, encoding).toString('base64');
const valid = (options: Partial<Parameters<typeof buildSamlResponseXml>[0]> = {}) =>
  buildSamlResponseXml({ roles: [{ roleArn: ROLE, principalArn: PRINCIPAL }], ...options });
const timings: string[] = [];

function refuse(base64: string, why: RegExp, label: string): AirlockError {
  const started = performance.now();
  let thrown: unknown;
  try {
    parseSamlResponse(base64, NAME, Date.now());
  } catch (error) {
    thrown = error;
  }
  const ms = performance.now() - started;
  timings.push(`${label}=${ms.toFixed(1)}ms`);
  expect(thrown, label).toBeInstanceOf(AirlockError);
  const error = thrown as AirlockError;
  expect(error.code).toBe('SAML_INVALID');
  expect(error.message).toMatch(
    new RegExp(
      `^The SAML response for session ${NAME} ${why.source}\\. Log in through your IdP again, or ask its administrator to check the AWS app\\.$`,
    ),
  );
  expect(ms, `${label} is fast`).toBeLessThan(1_000);
  return error;
}

describe('parseSamlResponse', () => {
  it('reads roles, duration and expiry from a good response', () => {
    const info = parseSamlResponse(
      b64(valid({ sessionDurationSeconds: 1800, reversePairOrder: true })),
      NAME,
      Date.now(),
    );
    expect(info.roles).toEqual([{ roleArn: ROLE, principalArn: PRINCIPAL }]);
    expect(info.sessionDurationSeconds).toBe(1800);
    expect(Date.parse(info.notOnOrAfter!)).toBeGreaterThan(Date.now());
  });

  it('refuses XXE (an external entity reading a local file)', () => {
    const xml = valid()
      .replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
      )
      .replace(ROLE, `&xxe;${ROLE}`);
    const error = refuse(b64(xml), /contains a DOCTYPE, which Airlock refuses for safety/, 'xxe');
    expect(error.message).not.toContain('root:');
  });

  it('refuses a billion-laughs entity bomb without expanding it', () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) {
      entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    }
    const xml = valid()
      .replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<?xml version="1.0"?><!DOCTYPE lolz [${entities.join('')}]>`,
      )
      .replace(ROLE, `&lol9;${ROLE}`);
    refuse(b64(xml), /contains a DOCTYPE, which Airlock refuses for safety/, 'billion-laughs');
  });

  it('refuses a lower-case doctype and a parameter entity alike', () => {
    refuse(
      b64(`<!doctype x>${valid()}`),
      /contains a DOCTYPE, which Airlock refuses for safety/,
      'doctype-lower',
    );
    refuse(
      b64(
        valid().replace(
          '<samlp:Status>',
          '<!ENTITY % p SYSTEM "http://evil.example/x">\n<samlp:Status>',
        ),
      ),
      /contains a DOCTYPE, which Airlock refuses for safety/,
      'parameter-entity',
    );
  });

  it('refuses a DOCTYPE smuggled in UTF-16 (the check cannot be bypassed by encoding)', () => {
    const xml = `<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${valid().replace(/^<\?xml[^>]*>/, '')}`;
    refuse(b64(xml, 'utf16le'), /.+/, 'utf16');
  });

  it('refuses a 10 MB assertion by its size, before decoding it', () => {
    const padding = `<saml:Attribute Name="pad"><saml:AttributeValue>${'x'.repeat(10 * 1024 * 1024)}</saml:AttributeValue></saml:Attribute>`;
    const xml = valid().replace('<saml:AttributeStatement>', `<saml:AttributeStatement>${padding}`);
    refuse(b64(xml), /is larger than 512 KB/, 'ten-megabytes');
  });

  it('parses a large but allowed response (about 435 KB of attributes) quickly', () => {
    const padding = Array.from(
      { length: 3000 },
      (_, i) =>
        `<saml:Attribute Name="a${i}"><saml:AttributeValue>${'v'.repeat(60)}</saml:AttributeValue></saml:Attribute>`,
    ).join('');
    const xml = valid().replace('<saml:AttributeStatement>', `<saml:AttributeStatement>${padding}`);
    const started = performance.now();
    expect(parseSamlResponse(b64(xml), NAME, Date.now()).roles).toHaveLength(1);
    const ms = performance.now() - started;
    timings.push(`400kb-valid=${ms.toFixed(1)}ms`);
    expect(ms).toBeLessThan(2_000);
  });

  it('refuses deeply nested elements without a stack overflow', () => {
    const depth = 14_000;
    const nest = `${'<saml:x>'.repeat(depth)}${'</saml:x>'.repeat(depth)}`;
    const xml = valid().replace('<saml:AttributeStatement>', `${nest}<saml:AttributeStatement>`);
    let thrown: unknown;
    try {
      parseSamlResponse(b64(xml), NAME, Date.now());
    } catch (error) {
      thrown = error;
    }
    expect(Buffer.byteLength(xml)).toBeLessThan(512 * 1024);
    // Either parsed (the roles are still there) or refused cleanly: never a RangeError.
    timings.push(`nesting-${depth}=${thrown === undefined ? 'parsed' : (thrown as Error).name}`);
    if (thrown !== undefined) {
      expect(thrown).toBeInstanceOf(AirlockError);
      expect((thrown as AirlockError).code).toBe('SAML_INVALID');
    }
  });

  it('refuses a Response in the wrong namespace', () => {
    const xml = valid().replaceAll(
      'urn:oasis:names:tc:SAML:2.0:protocol',
      'urn:oasis:names:tc:SAML:1.0:protocol',
    );
    refuse(
      b64(xml),
      /is not a SAML 2\.0 Response \(wrong root element or namespace\)/,
      'wrong-namespace',
    );
  });

  it('refuses an Assertion in the wrong namespace', () => {
    const xml = valid().replaceAll('urn:oasis:names:tc:SAML:2.0:assertion', 'urn:example:not-saml');
    refuse(b64(xml), /holds no SAML 2\.0 assertion/, 'assertion-namespace');
  });

  it('refuses an expired NotOnOrAfter, naming when it expired', () => {
    const expired = new Date(Date.now() - 60_000);
    const error = refuse(b64(valid({ notOnOrAfter: expired })), /expired at .+/, 'expired');
    expect(error.message).toContain(
      `expired at ${new Date(Math.floor(expired.getTime() / 1000) * 1000).toISOString()}`,
    );
  });

  it('refuses an unreadable NotOnOrAfter', () => {
    const xml = valid().replace(
      /(<saml:Conditions NotBefore="[^"]*" NotOnOrAfter=")[^"]*"/,
      '$1next tuesday"',
    );
    refuse(b64(xml), /has an unreadable NotOnOrAfter time/, 'unreadable-expiry');
  });

  it('refuses a response with no roles, or only malformed role values', () => {
    refuse(
      b64(valid({ roles: [] })),
      /lists no AWS role \(attribute https:\/\/aws\.amazon\.com\/SAML\/Attributes\/Role\)/,
      'no-roles',
    );
    const malformed = valid().replace(
      `${ROLE},${PRINCIPAL}`,
      'arn:aws:iam::123:role/x,not-a-provider',
    );
    refuse(b64(malformed), /lists no AWS role .+/, 'malformed-role');
  });

  it('refuses text that is not base64, and XML that is not well-formed', () => {
    refuse('<samlp:Response>', /is not base64/, 'not-base64');
    refuse(
      b64('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><unclosed>'),
      /is not well-formed XML/,
      'not-well-formed',
    );
    refuse(b64(''), /.+/, 'empty');
  });

  it('extracts the SAMLResponse only from a form body that has one', () => {
    expect(extractSamlResponseFromFormBody('SAMLResponse=abc%2B%3D&RelayState=x')).toBe('abc+=');
    expect(extractSamlResponseFromFormBody('RelayState=x')).toBeUndefined();
    expect(extractSamlResponseFromFormBody('SAMLResponse=%20%20')).toBeUndefined();
    console.log(`[reliability] saml ${timings.join(' ')}`);
  });
});

describe('isSamlSigninUrl', () => {
  it('recognises the three global AWS SAML sign-in endpoints, with or without a query', () => {
    expect(isSamlSigninUrl('https://signin.aws.amazon.com/saml')).toBe(true);
    expect(isSamlSigninUrl('https://signin.aws.amazon.com/saml?x=1')).toBe(true);
    expect(isSamlSigninUrl('https://signin.amazonaws-us-gov.com/saml')).toBe(true);
    expect(isSamlSigninUrl('https://signin.amazonaws.cn/saml')).toBe(true);
  });

  it('recognises the regional endpoints of each partition', () => {
    expect(isSamlSigninUrl('https://eu-west-1.signin.aws.amazon.com/saml')).toBe(true);
    expect(isSamlSigninUrl('https://us-east-2.signin.aws.amazon.com/saml')).toBe(true);
    expect(isSamlSigninUrl('https://us-gov-west-1.signin.amazonaws-us-gov.com/saml')).toBe(true);
    expect(isSamlSigninUrl('https://cn-north-1.signin.amazonaws.cn/saml')).toBe(true);
  });

  it('refuses look-alikes: other hosts, paths, ports, schemes and non-region prefixes', () => {
    for (const url of [
      'https://signin.aws.amazon.com.evil.example/saml',
      'https://evil.example/signin.aws.amazon.com/saml',
      'https://evil.signin.aws.amazon.com/saml',
      'https://a.eu-west-1.signin.aws.amazon.com/saml',
      'https://signin.aws.amazon.com/saml/',
      'https://signin.aws.amazon.com/console',
      'https://signin.aws.amazon.com:8443/saml',
      'http://signin.aws.amazon.com/saml',
      'not a url',
    ]) {
      expect(isSamlSigninUrl(url), url).toBe(false);
    }
  });

  it('gives webRequest a filter for the global and the regional hosts of each partition', () => {
    expect(SAML_SIGNIN_URL_FILTERS).toEqual(
      expect.arrayContaining([
        'https://signin.aws.amazon.com/saml*',
        'https://*.signin.aws.amazon.com/saml*',
        'https://*.signin.amazonaws-us-gov.com/saml*',
        'https://*.signin.amazonaws.cn/saml*',
      ]),
    );
    for (const url of SAML_SIGNIN_URLS) expect(isSamlSigninUrl(url), url).toBe(true);
  });
});
