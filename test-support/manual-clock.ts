// A controllable Clock: tests move time forward instead of sleeping.
import type { Clock, TimerHandle } from '../src/main/rotation/clock';

interface Timer {
  at: number;
  fn: () => void;
  live: boolean;
}

export class ManualClock implements Clock {
  private timers: Timer[] = [];

  constructor(private current = Date.now()) {}

  now(): number {
    return this.current;
  }

  at(at: number, fn: () => void): TimerHandle {
    const timer: Timer = { at, fn, live: true };
    this.timers.push(timer);
    return { cancel: () => void (timer.live = false) };
  }

  /** Armed, uncancelled timers, soonest first. */
  pending(): number[] {
    return this.timers
      .filter((t) => t.live)
      .map((t) => t.at)
      .sort((a, b) => a - b);
  }

  /** Moves to `to` and fires every timer due by then, in order. */
  advanceTo(to: number): void {
    this.current = Math.max(this.current, to);
    for (;;) {
      const due = this.timers
        .filter((t) => t.live && t.at <= this.current)
        .sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      due.fn();
    }
    this.timers = this.timers.filter((t) => t.live);
  }
}
