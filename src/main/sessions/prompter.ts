// The Prompter port: how the core asks a person for an MFA code, a SAML login or a role choice.
import type { ErrorView } from '../../shared/errors';
import type { SamlRoleChoice } from '../../shared/sessions';

export interface MfaRequest {
  sessionId: string;
  sessionName: string;
  deviceArn: string;
  /** Set when the previous code was rejected, so the prompt can say so. */
  error?: ErrorView;
}

export interface SamlLoginRequest {
  sessionId: string;
  sessionName: string;
  idpUrl: string;
}

export interface RoleChoiceRequest {
  sessionId: string;
  sessionName: string;
  roles: SamlRoleChoice[];
}

/**
 * Each method resolves with the answer or rejects with an AirlockError:
 * PROMPT_CANCELLED when the person declines, MFA_REQUIRED when nobody can be asked (no TTY).
 */
export interface Prompter {
  askMfaCode(request: MfaRequest): Promise<string>;
  /** Resolves with the base64 SAMLResponse the IdP posted to the AWS sign-in endpoint. */
  samlLogin(request: SamlLoginRequest): Promise<string>;
  chooseRole(request: RoleChoiceRequest): Promise<SamlRoleChoice>;
}
