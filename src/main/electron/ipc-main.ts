// ipcMain adapter for the shell's RendererLink: one handle for every invoke, with the sender's URL
// only when it is the main window's top frame; events go back on the one event channel.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { EVENT_WIRE_CHANNEL, INVOKE_WIRE_CHANNEL } from '../../shared/ipc-channels';
import { isTrustedSenderUrl } from '../shell/window-policy';
import type { AppContext } from './app-context';
import { devServerUrl } from './paths';

/** The router re-checks the URL; here we also insist on the main window's top frame. */
function senderUrl(ctx: AppContext, event: IpcMainInvokeEvent): string | undefined {
  const frame = event.senderFrame;
  if (!frame || !ctx.mainWindow || event.sender !== ctx.mainWindow.webContents) return undefined;
  if (frame !== event.sender.mainFrame) return undefined;
  return frame.url;
}

export function trustedSender(url: string): boolean {
  const dev = devServerUrl();
  return isTrustedSenderUrl(url, dev ? { devServerUrl: dev } : {});
}

export function setupIpc(ctx: AppContext): void {
  ipcMain.handle(INVOKE_WIRE_CHANNEL, (event, message: unknown) => {
    const contents = event.sender;
    return ctx.link.invoke(message, {
      url: senderUrl(ctx, event),
      send: (name, payload) => {
        if (!contents.isDestroyed()) contents.send(EVENT_WIRE_CHANNEL, name, payload);
      },
    });
  });
}
