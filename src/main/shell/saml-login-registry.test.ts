// Two SAML logins in one partition (the same IdP) each get their own POST: one listener per
// partition routes by the sending window.
import { describe, expect, it } from 'vitest';
import { SamlLoginRegistry } from './saml-login-registry';

describe('SamlLoginRegistry', () => {
  it('routes each POST to the login of the window that sent it, with two logins to one IdP', () => {
    const registry = new SamlLoginRegistry<string>();
    expect(registry.add('persist:saml-a', 11, 'first login')).toEqual({ first: true });
    expect(registry.add('persist:saml-a', 12, 'second login')).toEqual({ first: false });
    expect(registry.route('persist:saml-a', 11)).toBe('first login');
    expect(registry.route('persist:saml-a', 12)).toBe('second login');
  });

  it('routes nothing from a window without a login, another partition, or no sender', () => {
    const registry = new SamlLoginRegistry<string>();
    registry.add('persist:saml-a', 11, 'login');
    expect(registry.route('persist:saml-a', 99)).toBeUndefined();
    expect(registry.route('persist:saml-b', 11)).toBeUndefined();
    expect(registry.route('persist:saml-a', undefined)).toBeUndefined();
  });

  it('keeps the listener while another login of the partition is in flight', () => {
    const registry = new SamlLoginRegistry<string>();
    registry.add('p', 1, 'a');
    registry.add('p', 2, 'b');
    expect(registry.remove('p', 1)).toEqual({ last: false });
    expect(registry.route('p', 2)).toBe('b');
    expect(registry.remove('p', 2)).toEqual({ last: true });
    expect(registry.partitions()).toEqual([]);
    expect(registry.remove('p', 2)).toEqual({ last: false });
    expect(registry.add('p', 3, 'c')).toEqual({ first: true });
  });

  it('refuses a second login for the same window', () => {
    const registry = new SamlLoginRegistry<string>();
    registry.add('p', 1, 'a');
    expect(() => registry.add('p', 1, 'b')).toThrow(/already has a SAML login/);
  });
});
