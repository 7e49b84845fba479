// The scheduler wakes on its own timer at each deadline, even after a wake-up that found nothing due.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test-support/manual-clock';
import { RotationScheduler, type Deadline, type DueWork } from './rotation-scheduler';

function harness(deadlines: Deadline[]) {
  const clock = new ManualClock(1_000_000);
  const runs: DueWork[] = [];
  const scheduler = new RotationScheduler(
    clock,
    () => deadlines,
    async (work) => {
      runs.push(work);
    },
  );
  return { clock, runs, scheduler };
}

describe('RotationScheduler', () => {
  it('arms one timer at the earliest deadline and runs the due work when that timer fires', async () => {
    const { clock, runs, scheduler } = harness([
      { id: 'b', rotateAt: 1_090_000, expiresAt: 1_200_000 },
      { id: 'a', rotateAt: 1_060_000, expiresAt: 1_120_000 },
    ]);
    scheduler.reschedule();
    expect(clock.pending()).toEqual([1_060_000]);
    clock.advanceTo(1_059_999);
    await scheduler.idle();
    expect(runs).toEqual([]);
    clock.advanceTo(1_060_000);
    await scheduler.idle();
    expect(runs).toEqual([{ rotate: ['a'], expire: [] }]);
  });

  it('still fires on its own timer at a later deadline after a wake-up with nothing due', async () => {
    const deadlines: Deadline[] = [{ id: 'a', rotateAt: 1_060_000, expiresAt: 1_120_000 }];
    const { clock, runs, scheduler } = harness(deadlines);
    scheduler.reschedule();
    // Nothing is due yet (e.g. the CLI changed the store, or runDueNow was called early).
    await scheduler.fire();
    expect(runs).toEqual([]);
    // Only the timer the early wake-up re-armed can run the work now: nobody calls fire() again.
    expect(clock.pending()).toEqual([1_060_000]);
    clock.advanceTo(1_060_000);
    await scheduler.idle();
    expect(runs).toEqual([{ rotate: ['a'], expire: [] }]);
  });

  it('arms one timer, not a duplicate, when fired early', async () => {
    const { clock, scheduler } = harness([{ id: 'a', rotateAt: 1_060_000 }]);
    scheduler.reschedule();
    await scheduler.fire();
    await scheduler.fire();
    expect(clock.pending()).toEqual([1_060_000]);
  });

  it('puts expired sessions in expire, not rotate, and arms nothing once stopped', async () => {
    const { clock, runs, scheduler } = harness([
      { id: 'old', rotateAt: 1_000_500, expiresAt: 1_001_000 },
    ]);
    scheduler.reschedule();
    clock.advanceTo(1_001_000);
    await scheduler.idle();
    expect(runs).toEqual([{ rotate: [], expire: ['old'] }]);
    scheduler.stop();
    scheduler.reschedule();
    expect(clock.pending()).toEqual([]);
  });
});
