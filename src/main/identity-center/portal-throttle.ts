// Client-side pacing for the portal's rate limit: one shared rate that backs off at a 429 and creeps up
// on success, and the full-jitter delay before a throttled request is retried.

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Below this the pacer never goes: a limit of less than 1 request/s is not one AWS sets. */
const MIN_RATE = 1;
/** After a 429 the rate drops to this share of what just succeeded in the last second. */
const BACK_OFF = 0.9;
/** Each success raises the rate by this share: about 10 % a second at 10 requests/s. */
const CREEP = 0.01;
/** Fewer successes than this in the last second say nothing about the limit (a lone 429). */
const MIN_SAMPLE = 3;

/** Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base·2^attempt)). */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/**
 * Spaces request starts 1/rate apart, FIFO. The rate starts unlimited; a 429 sets it just under
 * the rate that was getting through, so the throttle's limit is found in one round and each
 * worker stops hammering it. Without pacing, retries compete with fresh requests and a request
 * can lose the race until its attempts run out.
 */
export class AdaptivePacer {
  private rate = Infinity;
  private nextAt = 0;
  private readonly successes: number[] = [];

  constructor(private readonly clock: PacerClock) {}

  /** Requests per second it paces to now (Infinity before the first 429). */
  get currentRate(): number {
    return this.rate;
  }

  /** Waits for this request's turn. */
  async slot(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = Number.isFinite(this.rate) ? at + 1000 / this.rate : at;
    if (at > now) await this.clock.sleep(at - now);
  }

  succeeded(): void {
    const now = this.clock.now();
    this.successes.push(now);
    this.trim(now);
    if (Number.isFinite(this.rate)) this.rate *= 1 + CREEP;
  }

  throttled(): void {
    const now = this.clock.now();
    this.trim(now);
    const recent = this.successes.length;
    if (recent < MIN_SAMPLE && !Number.isFinite(this.rate)) return;
    const through = recent >= MIN_SAMPLE ? Math.min(this.rate, recent) : this.rate;
    this.rate = Math.max(MIN_RATE, through * BACK_OFF);
  }

  private trim(now: number): void {
    while (this.successes.length && now - this.successes[0]! >= 1000) this.successes.shift();
  }
}
