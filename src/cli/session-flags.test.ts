// The flags each kind needs on `session add`, derived from the shared schemas, and how a missing one is named.
import { describe, expect, it } from 'vitest';
import { SESSION_KINDS } from '../shared/sessions';
import { resolve } from 'node:path';
import { configFromFlags, requiredFlags, requireFlagsForAdd } from './session-flags';
import { UsageError } from './usage-error';

function refusal(flags: Parameters<typeof requireFlagsForAdd>[0], order?: string[]): string {
  try {
    requireFlagsForAdd(flags, order);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  return '<accepted>';
}

describe('session add flags', () => {
  it('requires, per kind, exactly the flags of its schema required keys (and an iam-user key id)', () => {
    expect(Object.fromEntries(SESSION_KINDS.map((k) => [k, requiredFlags(k).sort()]))).toEqual({
      'iam-user': ['--access-key-id', '--name', '--profile'],
      'iam-role': ['--name', '--parent', '--profile', '--role-arn'],
      saml: ['--idp-url', '--name', '--principal-arn', '--profile', '--role-arn'],
      'web-identity': ['--name', '--profile', '--role-arn'],
      'federated-user': ['--federated-name', '--name', '--parent', '--profile'],
      'sso-role': [
        '--account-id',
        '--account-name',
        '--integration',
        '--name',
        '--profile',
        '--role-name',
      ],
    });
  });

  it('refuses to add an sso-role by hand, pointing to the sync that creates them', () => {
    expect(refusal({ type: 'sso-role', name: 'x', profile: 'p' })).toBe(
      'session add cannot create sso-role sessions: "airlock sso sync INTEGRATION" creates one per account and role.',
    );
  });

  it('names only the missing flags, in the order given', () => {
    const order = ['--type', '--name', '--profile', '--role-arn', '--parent'];
    expect(refusal({ type: 'iam-role', name: 'x' }, order)).toBe(
      'session add --type iam-role needs --profile, --role-arn and --parent.',
    );
    expect(refusal({ type: 'iam-role', name: 'x', profile: 'p', roleArn: 'a' }, order)).toBe(
      'session add --type iam-role needs --parent.',
    );
    expect(refusal({ type: 'iam-user', name: 'x', profile: 'p' })).toBe(
      'session add --type iam-user needs --access-key-id.',
    );
    expect(refusal({ type: 'federated-user', parent: 'p', federatedName: 'f' })).toBe(
      'session add --type federated-user needs --name and --profile.',
    );
  });

  it('accepts an add that has every flag its kind needs', () => {
    expect(refusal({ type: 'web-identity', name: 'x', profile: 'p', roleArn: 'a' })).toBe(
      '<accepted>',
    );
  });

  it('stores a relative --token-file as the absolute path it names where the command runs', () => {
    const roleArn = 'arn:aws:iam::123456789012:role/ci';
    const flags = { type: 'web-identity', name: 'ci', profile: 'ci', roleArn, tokenFile: 'tok' };
    expect(configFromFlags(flags, (n) => n)).toMatchObject({ tokenFile: resolve('tok') });
  });
});
