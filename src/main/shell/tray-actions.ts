// Carries out a tray menu click, with no electron in it: start, stop, rotate, set region, copy env
// and "Open console" run on the core, and a failure becomes an error notification naming the
// session (a cancelled prompt is not one). electron/tray.ts passes the window, the quick switcher,
// quit, shell.openExternal and the clipboard.
import { toErrorView } from '../airlock-error';
import { openConsole } from '../console/console-opener';
import type { Core } from '../create-core';
import type { TrayAction } from './tray-menu';

export interface TrayActionDeps {
  core: Pick<Core, 'console' | 'sessions' | 'store' | 'events'>;
  openExternal: (url: string) => Promise<void>;
  /** The export lines go here and nowhere else (never the renderer, never a notification). */
  writeClipboard: (text: string) => void;
  showMainWindow: () => void;
  quit: () => void;
}

type SessionAction = Exclude<TrayAction, { type: 'more' | 'open' | 'quit' }>;

async function runOnCore(action: SessionAction, deps: TrayActionDeps): Promise<void> {
  const { sessions } = deps.core;
  switch (action.type) {
    case 'toggle':
      await (action.start ? sessions.start(action.sessionId) : sessions.stop(action.sessionId));
      return;
    case 'rotate':
      await sessions.rotate(action.sessionId);
      return;
    case 'region':
      await sessions.setRegion(action.sessionId, action.region);
      return;
    case 'console':
      await openConsole({ core: deps.core, openExternal: deps.openExternal }, action.sessionId);
      return;
    case 'copy-env': {
      const { text } = await sessions.exportEnv(action.sessionId);
      deps.writeClipboard(text);
      return;
    }
  }
}

/** Resolves once the action is done; it never rejects: failures are notifications. */
export async function runTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  if (action.type === 'open') return deps.showMainWindow();
  if (action.type === 'quit') return deps.quit();
  if (action.type === 'more') {
    // As the global shortcut does: the window first, then the switcher inside it.
    deps.showMainWindow();
    deps.core.events.emit('switcher:open', {});
    return;
  }
  try {
    await runOnCore(action, deps);
  } catch (error) {
    const view = toErrorView(error);
    if (view.code === 'PROMPT_CANCELLED') return;
    deps.core.events.emit('notification', {
      level: 'error',
      sessionId: action.sessionId,
      message: view.message,
    });
  }
}
