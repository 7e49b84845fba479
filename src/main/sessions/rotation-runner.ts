// Carries out what the scheduler finds due: expired sessions retired, due rotations issued in
// parallel and written in one write per file, a failed rotation recorded (the policy's back-off
// reads it) and told once per failure streak. Nobody is asked during a scheduled rotation.
import type { NoticeBoard } from '../notices/notice-board';
import { rotationFailureNotice } from '../notices/notice-plan';
import type { Clock } from '../rotation/clock';
import { deadlinesOf } from '../rotation/rotation-policy';
import { RotationScheduler, type DueWork } from '../rotation/rotation-scheduler';
import type { SessionStore } from '../store/session-store';
import { findSession } from './config-checks';
import type { CredentialResolver } from './credential-resolver';
import type { Batch, SessionWriter } from './session-writer';
import * as transition from './session-transitions';

export interface RotationRunnerDeps {
  clock: Clock;
  store: SessionStore;
  resolver: CredentialResolver;
  writer: SessionWriter;
  notices: NoticeBoard;
  /** A session starting in this process has no deadline yet. */
  isPending: (id: string) => boolean;
}

export class RotationRunner {
  private readonly scheduler: RotationScheduler;

  constructor(private readonly deps: RotationRunnerDeps) {
    this.scheduler = new RotationScheduler(
      deps.clock,
      () => deadlinesOf(deps.store.read(), deps.isPending),
      (work) => this.run(work),
    );
  }

  /** Re-arms the one timer from the store's deadlines. */
  reschedule(): void {
    this.scheduler.reschedule();
  }

  /** Runs whatever is due now and waits for it. */
  runDueNow(): Promise<void> {
    return this.scheduler.fire();
  }

  stop(): void {
    this.scheduler.stop();
  }

  private async run(work: DueWork): Promise<void> {
    const { writer, resolver, store, notices } = this.deps;
    if (work.expire.length) await writer.retire(work.expire, 'expired', transition.EXPIRED_ERROR);
    const results = await Promise.allSettled(
      work.rotate.map(async (id) => {
        const s = findSession(store.read(), id);
        // Nobody is asked: an Identity Center sign-in that cannot refresh fails with what to run.
        return { s, issued: await resolver.issue(s, {}) };
      }),
    );
    const ok: Batch = [];
    for (const [i, r] of results.entries()) {
      if (r.status === 'fulfilled') ok.push(r.value);
      else {
        const view = await writer.recordError(work.rotate[i]!, r.reason, {}, true);
        // Once per failure streak (the board drops the same key until a rotation succeeds).
        notices.post(rotationFailureNotice(view));
      }
    }
    if (ok.length) await writer.persist(ok);
  }
}
