// The credential cache reads back only well-formed keys, and only while they stay valid long enough.
import { describe, expect, it } from 'vitest';
import { CredentialCache, parseStoredCredentials } from './credential-cache';
import type { SecretSlot, SecretStore } from './secret-store';

/** Pure logic under test: an in-memory SecretStore stands in for the keychain here. */
class MemorySecrets implements SecretStore {
  readonly entries = new Map<string, string>();
  async get(id: string, slot: SecretSlot) {
    return this.entries.get(`${id}/${slot}`);
  }
  async set(id: string, slot: SecretSlot, value: string) {
    this.entries.set(`${id}/${slot}`, value);
  }
  async delete(id: string, slot: SecretSlot) {
    return this.entries.delete(`${id}/${slot}`);
  }
}

const good = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
  secretAccessKey: 'secret/secret/secret/secret',
  sessionToken: 'token-token-token',
  expiration: '2026-12-01T13:00:00.000Z',
};

describe('parseStoredCredentials', () => {
  it('reads a well-formed temporary set back as it was written', () => {
    expect(parseStoredCredentials(JSON.stringify(good), 'temporary')).toEqual(good);
  });

  it.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['no secret', JSON.stringify({ ...good, secretAccessKey: undefined })],
    ['a number for a key', JSON.stringify({ ...good, accessKeyId: 42 })],
    ['a malformed key id', JSON.stringify({ ...good, accessKeyId: 'hello' })],
    ['no expiration', JSON.stringify({ ...good, expiration: undefined })],
    ['a bad expiration', JSON.stringify({ ...good, expiration: 'soon' })],
    ['a non-string token', JSON.stringify({ ...good, sessionToken: { a: 1 } })],
  ])('reads %s as no entry', (_what, text) => {
    expect(parseStoredCredentials(text, 'temporary')).toBeUndefined();
  });

  it('drops everything but the two long-term fields', () => {
    const text = JSON.stringify({
      accessKeyId: 'AKIAEXAMPLEEXAMPLE12',
      secretAccessKey: 's'.repeat(40),
      x: 1,
    });
    expect(parseStoredCredentials(text, 'long-term')).toEqual({
      accessKeyId: 'AKIAEXAMPLEEXAMPLE12',
      secretAccessKey: 's'.repeat(40),
    });
  });
});

describe('CredentialCache', () => {
  it('serves cached credentials only while they stay valid for the margin asked', async () => {
    const secrets = new MemorySecrets();
    let now = Date.parse('2026-12-01T12:00:00.000Z');
    const cache = new CredentialCache(secrets, () => now);
    await cache.remember('s1', good);
    expect(await cache.temporary('s1', 59 * 60_000)).toEqual(good);
    expect(await cache.temporary('s1', 60 * 60_000)).toBeUndefined();
    now += 61 * 60_000;
    expect(await cache.temporary('s1', 0)).toBeUndefined();
  });

  it('writes only the credential fields, whatever the caller passes', async () => {
    const secrets = new MemorySecrets();
    const cache = new CredentialCache(secrets, () => 0);
    await cache.remember('s1', { ...good, extra: 'x' } as typeof good);
    expect(JSON.parse(secrets.entries.get('s1/session')!)).toEqual(good);
  });

  it('holds what it wrote or read: the keychain is asked once per set, never past expiry', async () => {
    const secrets = new CountingSecrets();
    let now = Date.parse('2026-12-01T12:00:00.000Z');
    const cache = new CredentialCache(secrets, () => now);
    await cache.remember('s1', good);
    expect(await cache.temporary('s1', 0)).toEqual(good);
    expect(secrets.gets).toBe(0);

    secrets.entries.set('s2/session', JSON.stringify(good));
    await cache.temporary('s2', 0);
    await cache.temporary('s2', 0);
    expect(secrets.gets).toBe(1);

    // Not valid long enough: the keychain may hold a newer set (another process rotated it).
    const newer = {
      ...good,
      accessKeyId: 'ASIANEWERNEWERNEWER1',
      expiration: '2026-12-01T14:00:00.000Z',
    };
    secrets.entries.set('s2/session', JSON.stringify(newer));
    expect(await cache.temporary('s2', 90 * 60_000)).toEqual(newer);
    expect(secrets.gets).toBe(2);

    now += 3 * 60 * 60_000;
    expect(await cache.temporary('s1', 0)).toBeUndefined();
    expect(await cache.temporary('s2', 0)).toBeUndefined();
  });

  it('forgets and releases: the next read goes to the keychain', async () => {
    const secrets = new CountingSecrets();
    const cache = new CredentialCache(secrets, () => Date.parse('2026-12-01T12:00:00.000Z'));
    await cache.remember('s1', good);
    await cache.forget('s1');
    expect(await cache.temporary('s1', 0)).toBeUndefined();

    await cache.remember('s2', good);
    const other = { ...good, accessKeyId: 'ASIAOTHEROTHEROTHER1' };
    secrets.entries.set('s2/session', JSON.stringify(other));
    expect(await cache.temporary('s2', 0)).toEqual(good);
    cache.release(['s2']);
    expect(await cache.temporary('s2', 0)).toEqual(other);
  });

  it('does not hold a read that a forget overtook', async () => {
    const secrets = new CountingSecrets();
    const cache = new CredentialCache(secrets, () => Date.parse('2026-12-01T12:00:00.000Z'));
    secrets.entries.set('s1/session', JSON.stringify(good));
    let release!: () => void;
    secrets.gate = new Promise<void>((resolve) => (release = resolve));
    const reading = cache.temporary('s1', 0);
    await cache.forget('s1');
    release();
    // The read saw the entry before the forget; it answers with it but keeps nothing.
    expect(await reading).toEqual(good);
    expect(await cache.temporary('s1', 0)).toBeUndefined();
  });
});

/** Counts keychain reads; a read can be held at a gate to race it against a forget. */
class CountingSecrets extends MemorySecrets {
  gets = 0;
  gate: Promise<void> | undefined;
  override async get(id: string, slot: SecretSlot) {
    this.gets++;
    const value = this.entries.get(`${id}/${slot}`);
    await this.gate;
    return value;
  }
}
