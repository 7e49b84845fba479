// Pure: what an OS notification shows for a core notice and what its click (or its button, where
// the OS has buttons) does. electron/notifications.ts only turns this into an Electron Notification.
import type { NotificationAction, NotificationEvent } from '../../shared/ipc-contract';

export interface OsNotice {
  title: string;
  body: string;
  /** The button's text (macOS shows it; elsewhere a click does the same). */
  button?: string;
  /** What the click or the button does; with none, the click shows the window. */
  action?: NotificationAction;
  /** An older OS notification with this key is closed first. */
  key?: string;
}

const BUTTON: Record<NotificationAction['kind'], string> = {
  retry: 'Retry',
  reauth: 'Renew',
  'sso-login': 'Log in',
  'open-list': 'Open list',
};

/** Info notices stay in the window; warnings and errors reach the OS, window shown or not. */
export function describeOsNotice(event: NotificationEvent): OsNotice | undefined {
  if (event.level === 'info') return undefined;
  return {
    title: event.level === 'error' ? 'Airlock: action needed' : 'Airlock',
    body: event.message,
    ...(event.action ? { button: BUTTON[event.action.kind], action: event.action } : {}),
    ...(event.key ? { key: event.key } : {}),
  };
}
