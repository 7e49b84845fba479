// Posts notices as core events, each key once until its event is over: a rotation retried at every
// back-off, or thirty sessions of one expired Identity Center login, make one notice, not a storm.
import type { NotificationEvent } from '../../shared/ipc-contract';
import type { CoreEvents } from '../core-events';
import { rotationFailedKey } from './notice-plan';

export class NoticeBoard {
  private readonly live = new Set<string>();

  constructor(private readonly events: CoreEvents) {
    // A session that rotated (or started, or stopped) has no failure streak left: the next is news.
    events.on('session:changed', (view) => {
      if (!view.state.failures) this.live.delete(rotationFailedKey(view.id));
    });
  }

  /** Emits the notice unless one with the same key is still live; a notice without a key always goes. */
  post(notice: NotificationEvent): void {
    if (notice.key) {
      if (this.live.has(notice.key)) return;
      this.live.add(notice.key);
    }
    this.events.emit('notification', notice);
  }

  /** The event behind this key is over (e.g. signed in again): a new one is told again. */
  settle(key: string): void {
    this.live.delete(key);
  }
}
