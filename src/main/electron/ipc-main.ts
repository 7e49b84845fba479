// ipcMain side of the contract: one handle for every invoke, routed after a sender check; core
// events go to the window once its page said app:ready.
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Result } from '../../shared/errors';
import { isTrustedSenderUrl } from '../window-policy';
import type { AppContext } from './app-context';
import { EVENT_IPC_CHANNEL, INVOKE_IPC_CHANNEL } from './ipc-channels';
import { RENDERER_FILE_URL, devServerUrl } from './paths';

const UNTRUSTED: Result<never> = {
  ok: false,
  error: {
    code: 'UNTRUSTED_SENDER',
    message: 'The request came from a page Airlock does not trust.',
  },
};

/** The router re-checks the URL; here we also insist on the main window's top frame. */
function senderUrl(ctx: AppContext, event: IpcMainInvokeEvent): string | undefined {
  const frame = event.senderFrame;
  if (!frame || !ctx.mainWindow || event.sender !== ctx.mainWindow.webContents) return undefined;
  if (frame !== event.sender.mainFrame) return undefined;
  return frame.url;
}

export function trustedSender(url: string): boolean {
  const dev = devServerUrl();
  return isTrustedSenderUrl(url, {
    appFileUrl: RENDERER_FILE_URL,
    ...(dev ? { devServerUrl: dev } : {}),
  });
}

export function setupIpc(ctx: AppContext): void {
  ipcMain.handle(INVOKE_IPC_CHANNEL, async (event, message: unknown) => {
    const url = senderUrl(ctx, event);
    if (url === undefined) return UNTRUSTED;
    if (typeof message !== 'object' || message === null || !('channel' in message)) {
      return { ok: false, error: { code: 'VALIDATION', message: 'Malformed request.' } };
    }
    const { channel, payload } = message as { channel: unknown; payload?: unknown };
    const result = await ctx.router.invoke(channel, payload, { url });
    if (channel === 'app:ready' && result.ok) {
      const contents = event.sender;
      ctx.forwarder.ready((name, body) => {
        if (!contents.isDestroyed()) contents.send(EVENT_IPC_CHANNEL, name, body);
      });
    }
    return result;
  });
  ctx.core.events.onAny((event, payload) => ctx.forwarder.forward(event, payload));
}
