// Wakes once at the earliest rotation or expiry deadline of all sessions: no polling loop.
import type { Clock, TimerHandle } from './clock';

export interface Deadline {
  id: string;
  /** Epoch ms when the session should be rotated (or retried after a failure). */
  rotateAt?: number;
  /** Epoch ms when its credentials expire and must leave the files. */
  expiresAt?: number;
}

export interface DueWork {
  rotate: string[];
  expire: string[];
}

export class RotationScheduler {
  private timer: TimerHandle | undefined;
  private armedFor: number | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly deadlines: () => Deadline[],
    private readonly onDue: (work: DueWork) => Promise<void>,
  ) {}

  /** Re-reads the deadlines and arms one timer for the earliest. Call after any change. */
  reschedule(): void {
    if (this.stopped) return;
    let next: number | undefined;
    for (const d of this.deadlines()) {
      for (const t of [d.rotateAt, d.expiresAt]) {
        if (t !== undefined && (next === undefined || t < next)) next = t;
      }
    }
    if (next === this.armedFor && this.timer) return;
    this.timer?.cancel();
    this.timer = undefined;
    this.armedFor = next;
    if (next !== undefined) this.timer = this.clock.at(next, () => void this.fire());
  }

  /** Runs everything due now; resolves when that work (and the rescheduling) is done. */
  async fire(): Promise<void> {
    if (this.running) return this.running;
    // Called early (runDueNow) the armed timer would fire again later as a duplicate.
    this.timer?.cancel();
    this.timer = undefined;
    this.armedFor = undefined;
    // Assigned before it settles: clearing `running` inside a body that finishes synchronously
    // (nothing due) would run first and leave a settled promise that blocks every later fire.
    const running = this.runDue().finally(() => {
      this.running = undefined;
      this.reschedule();
    });
    this.running = running;
    return running;
  }

  private async runDue(): Promise<void> {
    const now = this.clock.now();
    const work: DueWork = { rotate: [], expire: [] };
    for (const d of this.deadlines()) {
      if (d.expiresAt !== undefined && d.expiresAt <= now) work.expire.push(d.id);
      else if (d.rotateAt !== undefined && d.rotateAt <= now) work.rotate.push(d.id);
    }
    if (work.rotate.length || work.expire.length) await this.onDue(work);
  }

  /** Resolves when a rotation in progress has finished. */
  async idle(): Promise<void> {
    await this.running;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }
}
