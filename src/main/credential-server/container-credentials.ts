// Pure pieces of the ECS container-credentials protocol: the answer's JSON and the token check.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AwsCredentials } from '../sts/sts-gateway';

/** What the JS SDK's credential-provider-http and botocore's ContainerProvider read. */
export interface ContainerCredentialsBody {
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  Expiration: string;
}

export function containerCredentialsBody(creds: AwsCredentials): ContainerCredentialsBody {
  // Both clients require all four fields; the session service only hands out temporary credentials.
  if (!creds.sessionToken || !creds.expiration) {
    throw new Error('container credentials need a session token and an expiration');
  }
  return {
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    Token: creds.sessionToken,
    Expiration: creds.expiration,
  };
}

export type TokenCheck = 'ok' | 'missing' | 'wrong';

/**
 * Both clients send the token as the whole Authorization header, without a scheme. Compared as
 * digests, so the comparison takes the same time whatever the length or content of the guess.
 */
export function checkToken(header: string | string[] | undefined, token: string): TokenCheck {
  if (header === undefined || header === '') return 'missing';
  if (Array.isArray(header)) return 'wrong';
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(header), digest(token)) ? 'ok' : 'wrong';
}
