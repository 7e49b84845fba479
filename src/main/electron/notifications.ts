// OS notifications: a rotation that failed, and an MFA code needed while the window is hidden.
import { Notification } from 'electron';
import type { AppContext } from './app-context';

function notify(ctx: AppContext, title: string, body: string): void {
  const notification = new Notification({ title, body, silent: false });
  notification.on('click', () => ctx.showMainWindow());
  notification.show();
}

export function setupNotifications(ctx: AppContext): void {
  if (!Notification.isSupported()) return;
  ctx.core.events.on('prompt:mfa', (prompt) => {
    if (ctx.isMainWindowVisible()) return;
    notify(
      ctx,
      'Airlock needs an MFA code',
      `${prompt.sessionName}: click to enter the code from ${prompt.deviceArn}.`,
    );
  });
  ctx.core.events.on('notification', (event) => {
    if (event.level === 'info') return;
    notify(ctx, event.level === 'error' ? 'Airlock: action needed' : 'Airlock', event.message);
  });
}
