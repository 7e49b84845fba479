// The answer's format and the token check, without a server.
import { describe, expect, it } from 'vitest';
import { checkToken, containerCredentialsBody } from './container-credentials';

describe('container credentials body', () => {
  it('names the four fields as the ECS protocol does', () => {
    expect(
      containerCredentialsBody({
        accessKeyId: 'ASIAX',
        secretAccessKey: 'secret',
        sessionToken: 'token',
        expiration: '2026-12-01T23:00:00.000Z',
      }),
    ).toEqual({
      AccessKeyId: 'ASIAX',
      SecretAccessKey: 'secret',
      Token: 'token',
      Expiration: '2026-12-01T23:00:00.000Z',
    });
  });

  it('refuses long-term keys, which have no token or expiration', () => {
    expect(() => containerCredentialsBody({ accessKeyId: 'AKIA', secretAccessKey: 's' })).toThrow();
  });
});

describe('token check', () => {
  const token = 'a'.repeat(64);

  it('accepts the exact token only', () => {
    expect(checkToken(token, token)).toBe('ok');
    expect(checkToken(`Bearer ${token}`, token)).toBe('wrong');
    expect(checkToken(token.slice(1), token)).toBe('wrong');
    expect(checkToken(`${token}a`, token)).toBe('wrong');
    expect(checkToken([token, token], token)).toBe('wrong');
  });

  it('tells a missing header from a wrong one', () => {
    expect(checkToken(undefined, token)).toBe('missing');
    expect(checkToken('', token)).toBe('missing');
  });
});
