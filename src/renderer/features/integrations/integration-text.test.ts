// The Integrations section's wording: login state with token expiry, sync progress and summary.
import { describe, expect, it } from 'vitest';
import type { IntegrationView } from '../../../shared/identity-center';
import { loginStateText, progressText, scopeList, summaryText } from './integration-text';

const base: IntegrationView = {
  name: 'corp',
  startUrl: 'https://d-1.awsapps.com/start',
  region: 'eu-west-1',
  scopes: ['sso:account:access'],
  loginState: 'logged-in',
  sessions: 0,
};

describe('integration text', () => {
  it('says how long the token lasts while signed in, and to log in again once expired', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(loginStateText({ ...base, tokenExpiresAt: '2025-01-01T01:04:00Z' }, now)).toBe(
      'Signed in · token expires in 1h 04m',
    );
    expect(loginStateText({ ...base, loginState: 'expired' }, now)).toBe(
      'Sign-in expired: log in again',
    );
    expect(loginStateText({ ...base, loginState: 'logged-out' }, now)).toBe('Not signed in');
  });

  it('counts accounts done out of total, and says it is still looking before the first count', () => {
    expect(progressText(undefined)).toBe('Finding accounts…');
    expect(progressText({ integration: 'corp', done: 3, total: 40 })).toBe('3 of 40 accounts');
    expect(summaryText({ added: 3, updated: 0, orphaned: 1, removed: 0 })).toMatch(/3 added/);
  });

  it('reads scopes separated by spaces or commas', () => {
    expect(scopeList(' sso:account:access, openid  ')).toEqual(['sso:account:access', 'openid']);
  });
});
