// Which of the roles a SAML assertion grants a session may use: only roles of the configured SAML
// provider in the configured role's account, so a login cannot be swapped for another account's.
import { AirlockError } from '../airlock-error';
import type { SamlRoleChoice } from '../../shared/sessions';

export interface SamlRoleTarget {
  sessionName: string;
  roleArn: string;
  principalArn: string;
}

/** The configured role itself, or the roles a person may choose between. */
export type SamlRolePick = { role: SamlRoleChoice } | { choose: SamlRoleChoice[] };

function accountOf(arn: string): string | undefined {
  return /^arn:[\w-]+:iam::(\d{12}):/.exec(arn)?.[1];
}

function describe(roles: readonly SamlRoleChoice[]): string {
  return roles.map((r) => `${r.roleArn} (provider ${r.principalArn})`).join(', ');
}

/** The granted roles of the configured provider, in the configured role's account. */
export function eligibleSamlRoles(
  granted: readonly SamlRoleChoice[],
  target: SamlRoleTarget,
): SamlRoleChoice[] {
  const account = accountOf(target.roleArn);
  return granted.filter(
    (r) => r.principalArn === target.principalArn && accountOf(r.roleArn) === account,
  );
}

/**
 * The configured role when granted through the configured provider; else a choice among the
 * eligible roles when someone can be asked and there is more than one. Anything else is
 * SAML_INVALID, naming the session, the provider and what the IdP granted.
 */
export function pickSamlRole(
  granted: readonly SamlRoleChoice[],
  target: SamlRoleTarget,
  canAsk: boolean,
): SamlRolePick {
  const eligible = eligibleSamlRoles(granted, target);
  const configured = eligible.find((r) => r.roleArn === target.roleArn);
  if (configured) return { role: configured };
  if (eligible.length === 0) {
    throw new AirlockError(
      'SAML_INVALID',
      `Your IdP grants session ${target.sessionName} no role through SAML provider ${target.principalArn} in account ${accountOf(target.roleArn) ?? '?'}; it grants ${describe(granted)}. Edit the session's role and provider, or ask the IdP's administrator.`,
    );
  }
  if (eligible.length === 1 || !canAsk) {
    throw new AirlockError(
      'SAML_INVALID',
      `Your IdP does not grant role ${target.roleArn} for session ${target.sessionName}; through provider ${target.principalArn} it grants ${eligible.map((r) => r.roleArn).join(', ')}. Edit the session to use one of those.`,
    );
  }
  return { choose: eligible };
}

/** A chosen role is used only if it was one of those offered. */
export function assertOffered(
  choice: SamlRoleChoice,
  offered: readonly SamlRoleChoice[],
  sessionName: string,
): SamlRoleChoice {
  const match = offered.find(
    (r) => r.roleArn === choice.roleArn && r.principalArn === choice.principalArn,
  );
  if (!match) {
    throw new AirlockError(
      'SAML_INVALID',
      `Role ${choice.roleArn} was not one of the roles offered for session ${sessionName}.`,
    );
  }
  return match;
}
