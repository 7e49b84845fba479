// Error codes shared by main, CLI and renderer; the human message travels with the code.

export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'MFA_REQUIRED',
  'MFA_REJECTED',
  'PROMPT_CANCELLED',
  'ACCESS_DENIED',
  'EXPIRED_TOKEN',
  'INVALID_CLIENT_TOKEN',
  'SIGNATURE_MISMATCH',
  'THROTTLED',
  'NETWORK',
  'CLOCK_SKEW',
  'STS_ERROR',
  'PARENT_INACTIVE',
  'NOT_ACTIVE',
  'IN_USE',
  'PROFILE_CONFLICT',
  'FILE_IO',
  'FILE_PARSE',
  'KEYCHAIN_UNAVAILABLE',
  'SAML_INVALID',
  'WEB_IDENTITY_INVALID',
  'SSO_LOGIN_REQUIRED',
  'SSO_LOGIN_FAILED',
  'STORE_CORRUPT',
  'UNTRUSTED_SENDER',
  'BROWSER_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What crosses a boundary (IPC, CLI JSON): a code and a message a person can act on. */
export interface ErrorView {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorView };
