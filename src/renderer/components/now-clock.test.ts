import { describe, expect, it } from 'vitest';
import { TICK_MS, createNowClock, type ClockHost } from './now-clock';

/** A page on a manual clock: timers run only when the test advances time. */
function manualPage(hidden = false) {
  let t = 1_000_000;
  let nextId = 1;
  const timers = new Map<number, { tick: () => void; ms: number; due: number }>();
  const watchers = new Set<() => void>();
  const page = {
    hidden,
    callbacks: 0,
    get timers() {
      return timers.size;
    },
    get watchers() {
      return watchers.size;
    },
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const next = [...timers.values()].sort((a, b) => a.due - b.due)[0];
        if (!next || next.due > end) break;
        t = next.due;
        next.due += next.ms;
        page.callbacks++;
        next.tick();
      }
      t = end;
    },
    setHidden(value: boolean) {
      page.hidden = value;
      for (const fn of [...watchers]) fn();
    },
    now: () => t,
  };
  const host: ClockHost = {
    now: () => t,
    setInterval(tick, ms) {
      const id = nextId++;
      timers.set(id, { tick, ms, due: t + ms });
      return id;
    },
    clearInterval: (id) => void timers.delete(id),
    isHidden: () => page.hidden,
    onVisibilityChange(changed) {
      watchers.add(changed);
      return () => watchers.delete(changed);
    },
  };
  return { page, host };
}

describe('now-clock', () => {
  it('ticks once a second for all subscribers together, and not at all with none', () => {
    const { page, host } = manualPage();
    const clock = createNowClock(host);
    let a = 0;
    let b = 0;
    const offA = clock.subscribe(() => a++);
    const offB = clock.subscribe(() => b++);
    page.advance(5 * TICK_MS);
    expect([a, b, page.callbacks, page.timers]).toEqual([5, 5, 5, 1]);
    expect(clock.getNow()).toBe(page.now());
    offA();
    offB();
    expect([page.timers, page.watchers]).toEqual([0, 0]);
    page.advance(60 * TICK_MS);
    expect(page.callbacks).toBe(5);
  });

  it('runs no timer while the page is hidden and is right at once when shown', () => {
    const { page, host } = manualPage();
    const clock = createNowClock(host);
    const seen: number[] = [];
    clock.subscribe(() => seen.push(clock.getNow()));
    page.advance(2 * TICK_MS);
    page.setHidden(true);
    expect(page.timers).toBe(0);
    const before = page.callbacks;
    page.advance(10 * 60 * TICK_MS + 400);
    expect(page.callbacks).toBe(before);
    expect(seen).toHaveLength(2);

    page.setHidden(false);
    // The listener heard the fresh time on show, without waiting for a tick.
    expect(seen).toHaveLength(3);
    expect(clock.getNow()).toBe(page.now());
    expect(page.timers).toBe(1);
    page.advance(TICK_MS);
    expect(seen).toHaveLength(4);
  });

  it('a first subscriber on a hidden page starts no timer until the page is shown', () => {
    const { page, host } = manualPage(true);
    const clock = createNowClock(host);
    let heard = 0;
    const off = clock.subscribe(() => heard++);
    page.advance(30 * TICK_MS);
    expect([heard, page.timers, page.callbacks]).toEqual([0, 0, 0]);
    expect(clock.getNow()).toBe(page.now() - 30 * TICK_MS);
    page.setHidden(false);
    expect([heard, page.timers]).toEqual([1, 1]);
    expect(clock.getNow()).toBe(page.now());
    off();
    expect([page.timers, page.watchers]).toEqual([0, 0]);
  });
});
