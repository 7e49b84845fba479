// Carries out planExpiryNotices: one timer at the next expiry − lead (no polling), a new look at
// every session or sign-in change, and the notices posted through the NoticeBoard.
import type { CoreEvents } from '../core-events';
import type { Clock, TimerHandle } from '../rotation/clock';
import type { StoreData } from '../store/session-store';
import type { NoticeBoard } from './notice-board';
import { planExpiryNotices } from './notice-plan';

export interface ExpiryNoticesDeps {
  clock: Clock;
  events: CoreEvents;
  board: NoticeBoard;
  read: () => StoreData;
  leadMs?: number;
}

export class ExpiryNotices {
  private notified = new Set<string>();
  private readonly loginGone = new Set<string>();
  private timer: TimerHandle | undefined;
  private armedFor: number | undefined;
  private readonly unsubscribe: (() => void)[];
  private stopped = false;
  private queued = false;

  constructor(private readonly deps: ExpiryNoticesDeps) {
    this.unsubscribe = [
      deps.events.on('session:changed', () => this.checkSoon()),
      deps.events.on('session:removed', () => this.checkSoon()),
      deps.events.on('sso:changed', (view) => {
        if (view.loginState === 'logged-in') this.loginGone.delete(view.name);
        else this.loginGone.add(view.name);
        this.check();
      }),
      // The sign-ins say when a login cannot be refreshed (their "log in again" notice).
      deps.events.on('notification', (notice) => {
        const integration = notice.action?.kind === 'sso-login' ? notice.action.integration : '';
        if (!integration || this.loginGone.has(integration)) return;
        this.loginGone.add(integration);
        // That notice has just told its sessions' person to log in: their expiry is not news now.
        this.check(integration);
      }),
      deps.events.on('sso:removed', ({ name }) => {
        this.loginGone.delete(name);
        this.check();
      }),
    ];
  }

  /**
   * Posts what is due now and arms one timer for the next expiry − lead. `told`: an integration
   * whose "log in again" was just posted; its sessions due now are marked told, not told twice.
   */
  check(told?: string): void {
    if (this.stopped) return;
    const plan = planExpiryNotices({
      sessions: Object.values(this.deps.read().sessions),
      loginGone: this.loginGone,
      notified: this.notified,
      now: this.deps.clock.now(),
      ...(this.deps.leadMs !== undefined ? { leadMs: this.deps.leadMs } : {}),
    });
    // Expiries left behind are over: the board may forget their keys.
    for (const key of this.notified) if (!plan.notified.has(key)) this.deps.board.settle(key);
    this.notified = plan.notified;
    for (const notice of plan.notices) {
      if (told && notice.action?.kind === 'sso-login' && notice.action.integration === told)
        continue;
      this.deps.board.post(notice);
      // The plan remembers which expiries it told; only the per-session keys wait for their expiry.
      if (notice.key && !notice.key.startsWith('expiry:')) this.deps.board.settle(notice.key);
    }
    this.arm(plan.wakeAt);
  }

  /**
   * One look for a burst of session events (a sync of thousands emits one per session, in one
   * go): a plan is O(sessions), so a look per event would be quadratic.
   */
  private checkSoon(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      this.check();
    });
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    for (const off of this.unsubscribe) off();
  }

  private arm(at: number | undefined): void {
    if (at === this.armedFor && this.timer) return;
    this.timer?.cancel();
    this.timer = undefined;
    this.armedFor = at;
    if (at !== undefined) {
      this.timer = this.deps.clock.at(at, () => {
        this.timer = undefined;
        this.armedFor = undefined;
        this.check();
      });
    }
  }
}
