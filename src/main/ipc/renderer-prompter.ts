// Prompter for the GUI: asks through 'prompt:*' events and waits for the renderer's answer invokes.
import { randomUUID } from 'node:crypto';
import { AirlockError } from '../airlock-error';
import type { CoreEvents } from '../core-events';
import type { SamlRoleChoice } from '../../shared/sessions';
import type {
  MfaRequest,
  Prompter,
  RoleChoiceRequest,
  SamlLoginRequest,
} from '../sessions/prompter';

interface Pending<T> {
  resolve(value: T): void;
  reject(error: AirlockError): void;
}

export class RendererPrompter implements Prompter {
  private readonly mfa = new Map<string, Pending<string>>();
  private readonly roles = new Map<
    string,
    Pending<SamlRoleChoice> & { choices: SamlRoleChoice[] }
  >();

  constructor(
    private readonly events: CoreEvents,
    private readonly login: (request: SamlLoginRequest) => Promise<string>,
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
  }
}
