// Time as a port, so rotation and expiry are tested with a controllable clock instead of sleeps.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs fn once at epoch-millisecond `at` (or at once when that is past). */
  at(at: number, fn: () => void): TimerHandle;
}

/** Node's setTimeout caps delays at 2^31-1 ms; longer waits are re-armed in steps. */
const MAX_DELAY = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  at(at, fn) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      const delay = at - Date.now();
      if (delay > MAX_DELAY) {
        timer = setTimeout(arm, MAX_DELAY);
      } else {
        timer = setTimeout(fn, Math.max(0, delay));
      }
      timer.unref?.();
    };
    arm();
    return { cancel: () => clearTimeout(timer) };
  },
};
