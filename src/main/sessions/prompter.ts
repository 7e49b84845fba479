// The Prompter port: how the core asks a person for an MFA code, a SAML login, a role choice or an Identity Center login.
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

/** Open the Identity Center sign-in page (PKCE login); the core listens for the browser's redirect. */
export interface BrowserLoginRequest {
  integrationName: string;
  /** https (http only on loopback, for tests); the core has checked it, a prompter checks again before opening. */
  url: string;
}

/** Show the device flow's code: the person approves it at the verification URL, on any device. */
export interface DeviceCodeRequest {
  integrationName: string;
  userCode: string;
  verificationUri: string;
  /** The verification URL with the code filled in, when Identity Center gives one. */
  verificationUriComplete?: string;
  /** ISO time the code stops working. */
  expiresAt: string;
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
  /**
   * Identity Center login prompts. The core aborts `done` once the login ends (a token, an error,
   * a timeout); the prompter then takes its prompt down. The promise may resolve as soon as the
   * prompt is shown (or the browser opened), or stay pending until `done`; it rejects only when the
   * person cancels (PROMPT_CANCELLED) or the prompt cannot be shown, which ends the login.
   * A prompter without them cannot log in: the core then asks for `airlock sso login`.
   */
  openBrowser?(request: BrowserLoginRequest, done: AbortSignal): Promise<void>;
  showDeviceCode?(request: DeviceCodeRequest, done: AbortSignal): Promise<void>;
}
