// A SAML login is used only for the configured provider's roles in the configured account: the
// pure pick, and the resolver asking the picker with those roles only (issue 11, Medium 1).
import { describe, expect, it } from 'vitest';
import { buildSamlResponse } from '../../../test-support/saml-fixture';
import { AirlockError } from '../airlock-error';
import type { CredentialCache } from '../secrets/credential-cache';
import { CredentialResolver } from '../sessions/credential-resolver';
import type { Prompter } from '../sessions/prompter';
import type { StoredSession } from '../store/session-store';
import type { StsGateway } from '../sts/sts-gateway';
import type { SamlRoleChoice } from '../../shared/sessions';
import { assertOffered, eligibleSamlRoles, pickSamlRole } from './saml-roles';

const OURS = '123456789012';
const THEIRS = '210987654321';
const PROVIDER = `arn:aws:iam::${OURS}:saml-provider/corp-idp`;
const OTHER_PROVIDER = `arn:aws:iam::${OURS}:saml-provider/other-idp`;
const role = (account: string, name: string, principalArn = PROVIDER): SamlRoleChoice => ({
  roleArn: `arn:aws:iam::${account}:role/${name}`,
  principalArn,
});
const admin = role(OURS, 'Admin');
const readOnly = role(OURS, 'ReadOnly');
const foreignAdmin = role(THEIRS, 'Admin', `arn:aws:iam::${THEIRS}:saml-provider/corp-idp`);
const otherProviderRole = role(OURS, 'Billing', OTHER_PROVIDER);
const target = { sessionName: 'corp', roleArn: admin.roleArn, principalArn: PROVIDER };

function refusal(fn: () => unknown): AirlockError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AirlockError);
    return error as AirlockError;
  }
  throw new Error('expected a refusal');
}

describe('eligibleSamlRoles', () => {
  it("keeps only the configured provider's roles in the configured role's account", () => {
    expect(
      eligibleSamlRoles([foreignAdmin, admin, otherProviderRole, readOnly], {
        ...target,
        roleArn: `arn:aws:iam::${OURS}:role/Missing`,
      }),
    ).toEqual([admin, readOnly]);
  });

  it("drops another account's role even when it names our provider ARN", () => {
    const spoofed = role(THEIRS, 'Admin', PROVIDER);
    expect(eligibleSamlRoles([spoofed], target)).toEqual([]);
  });
});

describe('pickSamlRole', () => {
  it('uses the configured role when granted through the configured provider', () => {
    expect(pickSamlRole([foreignAdmin, readOnly, admin], target, true)).toEqual({ role: admin });
  });

  it('does not use the configured role when it comes through another provider', () => {
    const viaOther = { ...admin, principalArn: OTHER_PROVIDER };
    const error = refusal(() => pickSamlRole([viaOther], target, true));
    expect(error.code).toBe('SAML_INVALID');
    expect(error.message).toContain(`no role through SAML provider ${PROVIDER}`);
  });

  it("offers the picker only same-account roles of the provider, never another account's", () => {
    const missing = { ...target, roleArn: `arn:aws:iam::${OURS}:role/Missing` };
    expect(pickSamlRole([foreignAdmin, admin, otherProviderRole, readOnly], missing, true)).toEqual(
      { choose: [admin, readOnly] },
    );
  });

  it('refuses, naming the session, the provider and what was granted, when nothing is eligible', () => {
    const error = refusal(() => pickSamlRole([foreignAdmin, otherProviderRole], target, true));
    expect(error.code).toBe('SAML_INVALID');
    expect(error.message).toContain('session corp');
    expect(error.message).toContain(PROVIDER);
    expect(error.message).toContain(`account ${OURS}`);
    expect(error.message).toContain(foreignAdmin.roleArn);
    expect(error.message).toContain(otherProviderRole.roleArn);
  });

  it('refuses instead of asking when one eligible role is not the configured one, or nobody can choose', () => {
    expect(refusal(() => pickSamlRole([readOnly, foreignAdmin], target, true)).message).toMatch(
      /does not grant role .*Admin for session corp; through provider .* it grants .*ReadOnly\./,
    );
    const missing = { ...target, roleArn: `arn:aws:iam::${OURS}:role/Missing` };
    expect(refusal(() => pickSamlRole([admin, readOnly], missing, false)).code).toBe(
      'SAML_INVALID',
    );
  });

  it('accepts a chosen role only if it was offered', () => {
    expect(assertOffered(readOnly, [admin, readOnly], 'corp')).toEqual(readOnly);
    expect(refusal(() => assertOffered(foreignAdmin, [admin, readOnly], 'corp')).code).toBe(
      'SAML_INVALID',
    );
  });
});

describe('CredentialResolver.issue for a SAML session', () => {
  const session: StoredSession = {
    id: 's1',
    config: {
      kind: 'saml',
      name: 'corp',
      profile: 'corp',
      idpUrl: 'https://idp.example.com/sso',
      roleArn: `arn:aws:iam::${OURS}:role/Missing`,
      principalArn: PROVIDER,
    },
    state: { status: 'inactive' },
    profiles: [],
    createdAt: new Date(0).toISOString(),
  };

  function resolver(prompter: Prompter, calls: SamlRoleChoice[]): CredentialResolver {
    const sts = {
      assumeRoleWithSaml: async (_ctx: unknown, params: SamlRoleChoice) => {
        calls.push({ roleArn: params.roleArn, principalArn: params.principalArn });
        return {
          credentials: {
            accessKeyId: 'ASIAEXAMPLEEXAMPLE',
            secretAccessKey: 'secret',
            sessionToken: 'token',
            expiration: new Date(Date.now() + 3_600_000).toISOString(),
          },
          arn: `arn:aws:sts::${OURS}:assumed-role/x/y`,
        };
      },
    } as unknown as StsGateway;
    return new CredentialResolver({
      sts,
      cache: {} as CredentialCache,
      prompter,
      defaultRegion: () => 'us-east-1',
      session: () => session,
      now: () => Date.now(),
    });
  }

  it("asks the picker with the eligible roles only and assumes the one chosen, never another account's", async () => {
    const offered: SamlRoleChoice[][] = [];
    const calls: SamlRoleChoice[] = [];
    const prompter: Prompter = {
      askMfaCode: () => Promise.reject(new Error('no MFA here')),
      samlLogin: async () => buildSamlResponse({ roles: [foreignAdmin, admin, readOnly] }),
      chooseRole: async (request) => {
        offered.push(request.roles);
        return readOnly;
      },
    };
    await resolver(prompter, calls).issue(session, {});
    expect(offered).toEqual([[admin, readOnly]]);
    expect(calls).toEqual([readOnly]);
  });

  it('refuses a choice that was not offered, before any STS call', async () => {
    const calls: SamlRoleChoice[] = [];
    const prompter: Prompter = {
      askMfaCode: () => Promise.reject(new Error('no MFA here')),
      samlLogin: async () => buildSamlResponse({ roles: [foreignAdmin, admin, readOnly] }),
      chooseRole: async () => foreignAdmin,
    };
    await expect(resolver(prompter, calls).issue(session, {})).rejects.toMatchObject({
      code: 'SAML_INVALID',
    });
    expect(calls).toEqual([]);
  });
});
