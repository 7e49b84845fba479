// Carries out a notice's action clicked in an OS notification, with no electron in it: the window
// comes up first (the MFA modal and the Identity Center prompt live there), then the core acts;
// a failure becomes a notice again, with the same action (a cancelled prompt is not one).
import { toErrorView } from '../airlock-error';
import type { Core } from '../create-core';
import type { NotificationAction } from '../../shared/ipc-contract';

export interface NoticeActionDeps {
  core: Pick<Core, 'sessions' | 'identityCenter' | 'events'>;
  showMainWindow: () => void;
}

async function renew(core: NoticeActionDeps['core'], id: string): Promise<void> {
  try {
    await core.sessions.rotate(id);
  } catch (error) {
    if (toErrorView(error).code !== 'NOT_ACTIVE') throw error;
    await core.sessions.start(id);
  }
}

/** Resolves once the action is done; it never rejects: failures are notifications. */
export async function runNoticeAction(
  action: NotificationAction,
  deps: NoticeActionDeps,
): Promise<void> {
  deps.showMainWindow();
  try {
    switch (action.kind) {
      case 'retry':
        await deps.core.sessions.rotate(action.sessionId);
        return;
      case 'reauth':
        await renew(deps.core, action.sessionId);
        return;
      case 'sso-login':
        await deps.core.identityCenter.login(action.integration);
        return;
      case 'open-list':
        return;
    }
  } catch (error) {
    const view = toErrorView(error);
    if (view.code === 'PROMPT_CANCELLED') return;
    deps.core.events.emit('notification', { level: 'error', message: view.message, action });
  }
}
