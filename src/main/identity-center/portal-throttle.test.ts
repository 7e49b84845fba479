// The pacer and the back-off on a manual clock: no sleeping.
import { describe, expect, it } from 'vitest';
import { AdaptivePacer, backoffDelay, type PacerClock } from './portal-throttle';

function manualClock(): PacerClock & { t: number; slept: number[] } {
  const clock = {
    t: 0,
    slept: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
  return clock;
}

describe('backoffDelay', () => {
  it('is full jitter: uniform below min(cap, base·2^attempt)', () => {
    expect(backoffDelay(0, 100, 5000, () => 0.999)).toBe(99);
    expect(backoffDelay(3, 100, 5000, () => 0.5)).toBe(400);
    expect(backoffDelay(10, 100, 5000, () => 0.999)).toBe(4995);
    expect(backoffDelay(4, 100, 5000, () => 0)).toBe(0);
  });
});

describe('AdaptivePacer', () => {
  it('does not pace until throttled', async () => {
    const clock = manualClock();
    const pacer = new AdaptivePacer(clock);
    for (let i = 0; i < 50; i++) await pacer.slot();
    expect(clock.slept).toEqual([]);
    expect(pacer.currentRate).toBe(Infinity);
  });

  it('after a 429 paces just under what got through in the last second, and creeps back up on success', async () => {
    const clock = manualClock();
    const pacer = new AdaptivePacer(clock);
    for (let i = 0; i < 10; i++) {
      pacer.succeeded();
      clock.t += 50;
    }
    pacer.throttled();
    expect(pacer.currentRate).toBeCloseTo(9, 5);
    await pacer.slot();
    await pacer.slot();
    expect(clock.slept).toHaveLength(1);
    expect(clock.slept[0]).toBeCloseTo(1000 / 9, 5);
    pacer.succeeded();
    expect(pacer.currentRate).toBeCloseTo(9.09, 5);
  });

  it('ignores a lone 429 with nothing to measure (an outage, not a rate)', () => {
    const pacer = new AdaptivePacer(manualClock());
    pacer.throttled();
    expect(pacer.currentRate).toBe(Infinity);
  });

  it('drops towards the floor of 1 request/s under repeated 429s', () => {
    const clock = manualClock();
    const pacer = new AdaptivePacer(clock);
    for (let i = 0; i < 4; i++) pacer.succeeded();
    for (let i = 0; i < 40; i++) pacer.throttled();
    expect(pacer.currentRate).toBe(1);
  });
});
