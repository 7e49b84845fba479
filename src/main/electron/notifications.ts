// OS notifications: the core's warnings and errors (described in shell/os-notice.ts, their action
// run by shell/notice-actions.ts), and an MFA code needed while the window is hidden.
import { Notification } from 'electron';
import type { AppContext } from './app-context';
import type { NotificationEvent } from '../../shared/ipc-contract';
import { describeOsNotice, type OsNotice } from '../shell/os-notice';
import { runNoticeAction } from '../shell/notice-actions';

/** Shown ones by key: a newer notice about the same event replaces the older one. */
const shown = new Map<string, Notification>();

function notify(ctx: AppContext, notice: OsNotice): void {
  const notification = new Notification({
    title: notice.title,
    body: notice.body,
    silent: false,
    ...(notice.button ? { actions: [{ type: 'button' as const, text: notice.button }] } : {}),
  });
  const act = (): void => {
    const action = notice.action;
    if (action)
      void runNoticeAction(action, {
        core: ctx.core,
        showMainWindow: () => ctx.showMainWindow(),
      });
    else ctx.showMainWindow();
  };
  notification.on('click', act);
  notification.on('action', act);
  if (notice.key) {
    const key = notice.key;
    shown.get(key)?.close();
    shown.set(key, notification);
    notification.on('close', () => {
      if (shown.get(key) === notification) shown.delete(key);
    });
  }
  notification.show();
}

export function setupNotifications(ctx: AppContext): void {
  if (!Notification.isSupported()) return;
  ctx.core.events.on('prompt:mfa', (prompt) => {
    if (ctx.isMainWindowVisible()) return;
    notify(ctx, {
      title: 'Airlock needs an MFA code',
      body: `${prompt.sessionName}: click to enter the code from ${prompt.deviceArn}.`,
    });
  });
  const onNotification = (event: NotificationEvent): void => {
    const notice = describeOsNotice(event);
    if (notice) notify(ctx, notice);
  };
  // Emitted while the core started, before this listener existed.
  for (const event of ctx.core.startupNotices) onNotification(event);
  ctx.core.events.on('notification', onNotification);
}
