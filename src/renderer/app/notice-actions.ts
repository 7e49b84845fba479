// A notice's button: what it says (naming the session or integration) and what it asks of main.
import type { NotificationAction, NotificationEvent } from '../../shared/ipc-contract';
import { invoke, toErrorView } from '../api';

/** The action of a notice; an older one naming only an integration offers Log in. */
export function actionOf(event: NotificationEvent): NotificationAction | undefined {
  if (event.action) return event.action;
  return event.integration ? { kind: 'sso-login', integration: event.integration } : undefined;
}

export function actionText(action: NotificationAction): { text: string; label: string } {
  switch (action.kind) {
    case 'retry':
      return { text: 'Retry', label: `Retry rotation of session ${action.sessionName}` };
    case 'reauth':
      return { text: 'Renew', label: `Renew session ${action.sessionName}` };
    case 'sso-login':
      return { text: 'Log in', label: `Log in to ${action.integration}` };
    case 'open-list':
      return { text: 'Open list', label: 'Open the session list' };
  }
}

/** Runs the action; resolves with an error notice to show, or undefined (done, or cancelled). */
export async function runAction(
  action: NotificationAction,
  openList: () => void,
): Promise<NotificationEvent | undefined> {
  try {
    switch (action.kind) {
      case 'retry':
        await invoke('session:rotate', { id: action.sessionId });
        return undefined;
      case 'reauth':
        await renew(action.sessionId);
        return undefined;
      case 'sso-login':
        await invoke('sso:login', { name: action.integration });
        return undefined;
      case 'open-list':
        openList();
        return undefined;
    }
  } catch (failure) {
    const error = toErrorView(failure);
    // Cancelling the prompt is the person's own choice, not news.
    if (error.code === 'PROMPT_CANCELLED') return undefined;
    return { level: 'error', message: error.message, action };
  }
}

/** Rotating asks for the MFA code or the SAML sign-in; once expired, the session starts again. */
async function renew(id: string): Promise<void> {
  try {
    await invoke('session:rotate', { id });
  } catch (failure) {
    if (toErrorView(failure).code !== 'NOT_ACTIVE') throw failure;
    await invoke('session:start', { id });
  }
}
