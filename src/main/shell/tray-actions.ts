// Carries out a tray menu click, with no electron in it: start/stop and "Open console" run on the
// core, and a failure becomes an error notification naming the session (a cancelled prompt is not
// one). electron/tray.ts passes the window, quit and shell.openExternal.
import { toErrorView } from '../airlock-error';
import { openConsole } from '../console/console-opener';
import type { Core } from '../create-core';
import type { TrayAction } from './tray-menu';

export interface TrayActionDeps {
  core: Pick<Core, 'console' | 'sessions' | 'store' | 'events'>;
  openExternal: (url: string) => Promise<void>;
  showMainWindow: () => void;
  quit: () => void;
}

/** Resolves once the action is done; it never rejects: failures are notifications. */
export async function runTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  if (action.type === 'open') return deps.showMainWindow();
  if (action.type === 'quit') return deps.quit();
  const { core } = deps;
  try {
    if (action.type === 'console') {
      await openConsole({ core, openExternal: deps.openExternal }, action.sessionId);
    } else if (action.start) {
      await core.sessions.start(action.sessionId);
    } else {
      await core.sessions.stop(action.sessionId);
    }
  } catch (error) {
    const view = toErrorView(error);
    if (view.code === 'PROMPT_CANCELLED') return;
    core.events.emit('notification', {
      level: 'error',
      sessionId: action.sessionId,
      message: view.message,
    });
  }
}
