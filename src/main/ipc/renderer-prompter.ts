// Prompter for the GUI: asks through 'prompt:*' events and waits for the renderer's answer invokes.
import { randomUUID } from 'node:crypto';
import { AirlockError } from '../airlock-error';
import type { CoreEvents } from '../core-events';
import { assertOpenableUrl } from '../identity-center/browser-url';
import type { SamlRoleChoice } from '../../shared/sessions';
import type { SsoLoginPromptEvent } from '../../shared/ipc-contract';
import type {
  BrowserLoginRequest,
  DeviceCodeRequest,
  MfaRequest,
  Prompter,
  RoleChoiceRequest,
  SamlLoginRequest,
} from '../sessions/prompter';

interface Pending<T> {
  resolve(value: T): void;
  reject(error: AirlockError): void;
}

/** An Identity Center login waiting on the person; `url` is the page "open again" opens. */
interface PendingSsoLogin extends Pending<void> {
  url: string;
  integrationName: string;
}

/** The prompt event before it has a request id (each variant of the union on its own). */
type SsoPromptBody = SsoLoginPromptEvent extends infer E
  ? E extends SsoLoginPromptEvent
    ? Omit<E, 'requestId'>
    : never
  : never;

/** Opens a URL in the system browser: the shell passes shell.openExternal, the e2e harness a capture. */
export type OpenExternal = (url: string) => Promise<void>;

export class RendererPrompter implements Prompter {
  private readonly mfa = new Map<string, Pending<string>>();
  private readonly roles = new Map<
    string,
    Pending<SamlRoleChoice> & { choices: SamlRoleChoice[] }
  >();

  private readonly ssoLogins = new Map<string, PendingSsoLogin>();

  /** Without `openExternal` an Identity Center login cannot open a browser, and ends saying so. */
  constructor(
    private readonly events: CoreEvents,
    private readonly login: (request: SamlLoginRequest) => Promise<string>,
    private readonly openExternal?: OpenExternal,
  ) {}

  askMfaCode(request: MfaRequest): Promise<string> {
    const requestId = randomUUID();
    return new Promise<string>((resolve, reject) => {
      this.mfa.set(requestId, { resolve, reject });
      this.events.emit('prompt:mfa', {
        requestId,
        sessionId: request.sessionId,
        sessionName: request.sessionName,
        deviceArn: request.deviceArn,
        ...(request.error ? { error: request.error } : {}),
      });
    });
  }

  samlLogin(request: SamlLoginRequest): Promise<string> {
    return this.login(request);
  }

  chooseRole(request: RoleChoiceRequest): Promise<SamlRoleChoice> {
    const requestId = randomUUID();
    return new Promise<SamlRoleChoice>((resolve, reject) => {
      this.roles.set(requestId, { resolve, reject, choices: request.roles });
      this.events.emit('prompt:role', {
        requestId,
        sessionId: request.sessionId,
        sessionName: request.sessionName,
        roles: request.roles,
      });
    });
  }

  /** Opens the sign-in page in the system browser; the prompt stays up until the login ends. */
  async openBrowser(request: BrowserLoginRequest, done: AbortSignal): Promise<void> {
    const url = assertOpenableUrl(request.url, request.integrationName).href;
    const waiting = this.ssoPrompt(
      { method: 'browser', integrationName: request.integrationName },
      url,
      done,
    );
    await this.open(url, request.integrationName).catch((error: unknown) => {
      this.endSsoLogin(waiting.requestId, error as AirlockError);
    });
    return waiting.closed;
  }

  /** Shows the code in the app; the person opens the verification page from there, or on another device. */
  showDeviceCode(request: DeviceCodeRequest, done: AbortSignal): Promise<void> {
    const page = request.verificationUriComplete ?? request.verificationUri;
    const url = assertOpenableUrl(page, request.integrationName).href;
    return this.ssoPrompt(
      {
        method: 'device-code',
        integrationName: request.integrationName,
        userCode: request.userCode,
        verificationUri: request.verificationUri,
        ...(request.verificationUriComplete
          ? { verificationUriComplete: request.verificationUriComplete }
          : {}),
        expiresAt: request.expiresAt,
      },
      url,
      done,
    ).closed;
  }

  /** Ends the login behind this prompt (PROMPT_CANCELLED). False for an unknown or ended one. */
  cancelSsoLogin(requestId: string): boolean {
    return this.endSsoLogin(
      requestId,
      new AirlockError('PROMPT_CANCELLED', 'Identity Center login cancelled.'),
    );
  }

  /** Opens the prompt's page again. False for an unknown or ended prompt. */
  async openSsoPage(requestId: string): Promise<boolean> {
    const pending = this.ssoLogins.get(requestId);
    if (!pending) return false;
    await this.open(pending.url, pending.integrationName);
    return true;
  }

  /** A null code means the person cancelled. Returns false for an unknown or answered request. */
  answerMfa(requestId: string, code: string | null): boolean {
    const pending = this.mfa.get(requestId);
    if (!pending) return false;
    this.mfa.delete(requestId);
    this.events.emit('prompt:mfa-closed', { requestId });
    if (code === null)
      pending.reject(new AirlockError('PROMPT_CANCELLED', 'MFA prompt cancelled.'));
    else pending.resolve(code);
    return true;
  }

  answerRole(requestId: string, roleArn: string | null): boolean {
    const pending = this.roles.get(requestId);
    if (!pending) return false;
    const choice =
      roleArn === null ? undefined : pending.choices.find((c) => c.roleArn === roleArn);
    if (roleArn !== null && !choice) return false;
    this.roles.delete(requestId);
    this.events.emit('prompt:role-closed', { requestId });
    if (!choice) pending.reject(new AirlockError('PROMPT_CANCELLED', 'Role choice cancelled.'));
    else pending.resolve(choice);
    return true;
  }

  /** Rejects everything still waiting, e.g. when the window is gone. */
  cancelAll(): void {
    for (const id of [...this.mfa.keys()]) this.answerMfa(id, null);
    for (const id of [...this.roles.keys()]) this.answerRole(id, null);
    for (const id of [...this.ssoLogins.keys()]) this.cancelSsoLogin(id);
  }

  /** Emits the prompt; `closed` resolves when the core ends the login, rejects when the person cancels. */
  private ssoPrompt(
    event: SsoPromptBody,
    url: string,
    done: AbortSignal,
  ): { requestId: string; closed: Promise<void> } {
    const requestId = randomUUID();
    const closed = new Promise<void>((resolve, reject) => {
      if (done.aborted) return resolve();
      this.ssoLogins.set(requestId, {
        resolve,
        reject,
        url,
        integrationName: event.integrationName,
      });
      done.addEventListener('abort', () => this.endSsoLogin(requestId), { once: true });
      this.events.emit('prompt:sso-login', { requestId, ...event });
    });
    return { requestId, closed };
  }

  /** Takes the prompt down: resolves it when the login ended, rejects it with `error` otherwise. */
  private endSsoLogin(requestId: string, error?: AirlockError): boolean {
    const pending = this.ssoLogins.get(requestId);
    if (!pending) return false;
    this.ssoLogins.delete(requestId);
    this.events.emit('prompt:sso-login-closed', { requestId });
    if (error) pending.reject(error);
    else pending.resolve();
    return true;
  }

  private async open(url: string, integrationName: string): Promise<void> {
    if (!this.openExternal) {
      throw new AirlockError(
        'PROMPT_CANCELLED',
        `Airlock cannot open a browser here: log in to ${integrationName} with a device code.`,
      );
    }
    try {
      await this.openExternal(url);
    } catch (cause) {
      throw new AirlockError(
        'PROMPT_CANCELLED',
        `Airlock could not open the system browser for ${integrationName}: log in with a device code instead.`,
        { cause },
      );
    }
  }
}
