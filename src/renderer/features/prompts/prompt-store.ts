// Open prompts from the core (MFA codes, SAML role choices, Identity Center logins) and their answers.
import type {
  MfaPromptEvent,
  RolePromptEvent,
  SsoLoginPromptEvent,
} from '../../../shared/ipc-contract';
import type { ErrorView } from '../../../shared/errors';
import { invoke, on, toErrorView } from '../../api';

export interface MfaPrompt {
  event: MfaPromptEvent;
  /** Bumped on every event, so the modal resets its input when the core asks again. */
  seq: number;
  /** 'verifying' after a code was sent, until the session settles or the core asks again. */
  phase: 'asking' | 'verifying';
  answerError?: ErrorView;
}

export interface PromptsSnapshot {
  mfa: readonly MfaPrompt[];
  roles: readonly RolePromptEvent[];
  ssoLogins: readonly SsoLoginPromptEvent[];
}

export class PromptStore {
  private snapshot: PromptsSnapshot = { mfa: [], roles: [], ssoLogins: [] };
  private listeners = new Set<() => void>();
  private seq = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PromptsSnapshot => this.snapshot;

  connect(): () => void {
    const offs = [
      on('prompt:mfa', (event) => {
        const prompt: MfaPrompt = { event, seq: ++this.seq, phase: 'asking' };
        const index = this.snapshot.mfa.findIndex(
          (p) => p.event.requestId === event.requestId || p.event.sessionId === event.sessionId,
        );
        const mfa = [...this.snapshot.mfa];
        if (index >= 0) mfa[index] = prompt;
        else mfa.push(prompt);
        this.set({ mfa });
      }),
      on('prompt:mfa-closed', ({ requestId }) => {
        // A code being verified stays on screen: the core may ask again with an error.
        this.set({
          mfa: this.snapshot.mfa.filter(
            (p) => p.event.requestId !== requestId || p.phase === 'verifying',
          ),
        });
      }),
      on('session:changed', (view) => {
        if (view.state.status === 'pending') return;
        const mfa = this.snapshot.mfa.filter(
          (p) => p.event.sessionId !== view.id || p.phase !== 'verifying',
        );
        if (mfa.length !== this.snapshot.mfa.length) this.set({ mfa });
      }),
      on('prompt:role', (event) => {
        this.set({
          roles: [...this.snapshot.roles.filter((r) => r.requestId !== event.requestId), event],
        });
      }),
      on('prompt:role-closed', ({ requestId }) => {
        this.set({ roles: this.snapshot.roles.filter((r) => r.requestId !== requestId) });
      }),
      on('prompt:sso-login', (event) => {
        this.set({
          ssoLogins: [
            ...this.snapshot.ssoLogins.filter((p) => p.requestId !== event.requestId),
            event,
          ],
        });
      }),
      on('prompt:sso-login-closed', ({ requestId }) => {
        this.set({ ssoLogins: this.snapshot.ssoLogins.filter((p) => p.requestId !== requestId) });
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  async answerMfa(requestId: string, code: string | null): Promise<void> {
    this.updateMfa(requestId, (p) =>
      code === null ? undefined : { ...p, phase: 'verifying', answerError: undefined },
    );
    try {
      const { accepted } = await invoke('prompt:answer-mfa', { requestId, code });
      if (!accepted && code !== null) {
        this.updateMfa(requestId, () => undefined);
      }
    } catch (error) {
      if (code !== null) {
        this.updateMfa(requestId, (p) => ({
          ...p,
          phase: 'asking',
          answerError: toErrorView(error),
        }));
      }
    }
  }

  async answerRole(requestId: string, roleArn: string | null): Promise<void> {
    this.set({ roles: this.snapshot.roles.filter((r) => r.requestId !== requestId) });
    await invoke('prompt:answer-role', { requestId, roleArn }).catch(() => undefined);
  }

  /** Ends the login behind the prompt; the core's own 'prompt:sso-login-closed' follows. */
  async cancelSsoLogin(requestId: string): Promise<void> {
    this.set({ ssoLogins: this.snapshot.ssoLogins.filter((p) => p.requestId !== requestId) });
    await invoke('prompt:cancel-sso-login', { requestId }).catch(() => undefined);
  }

  private updateMfa(requestId: string, fn: (p: MfaPrompt) => MfaPrompt | undefined): void {
    const mfa: MfaPrompt[] = [];
    for (const p of this.snapshot.mfa) {
      const next = p.event.requestId === requestId ? fn(p) : p;
      if (next) mfa.push(next);
    }
    this.set({ mfa });
  }

  private set(patch: Partial<PromptsSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
