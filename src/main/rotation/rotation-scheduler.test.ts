// The scheduler keeps waking at each deadline, even after a wake-up that found nothing due.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test-support/manual-clock';
import { RotationScheduler, backoffMs, type Deadline, type DueWork } from './rotation-scheduler';

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
  it('still fires at a later deadline after a wake-up with nothing due', async () => {
    const deadlines: Deadline[] = [{ id: 'a', rotateAt: 1_060_000, expiresAt: 1_120_000 }];
    const { clock, runs, scheduler } = harness(deadlines);
    scheduler.reschedule();
    // Nothing is due yet (e.g. the CLI changed the store, or runDueNow was called early).
    await scheduler.fire();
    expect(runs).toEqual([]);
    clock.advanceTo(1_060_000);
    await scheduler.idle();
    await scheduler.fire();
    expect(runs[0]).toEqual({ rotate: ['a'], expire: [] });
  });

  it('arms one timer, not a duplicate, when fired early', async () => {
    const { clock, scheduler } = harness([{ id: 'a', rotateAt: 1_060_000 }]);
    scheduler.reschedule();
    await scheduler.fire();
    await scheduler.fire();
    expect(clock.pending()).toEqual([1_060_000]);
  });

  it('backs off 30 s, 1, 2, 4, 8 min, then caps at 10 min', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(backoffMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000,
    ]);
  });
});
