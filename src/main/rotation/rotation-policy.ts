// When each session rotates and when it expires: a pure function of the stored sessions and the window.
import type { StoreData, StoredSession } from '../store/session-store';
import type { Deadline } from './rotation-scheduler';

/** Back-off after n failed rotations in a row: 30 s, 1 min, 2 min … capped at 10 min. */
export function backoffMs(failures: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, failures - 1), 600_000);
}

/**
 * One deadline per active session: rotate at (expiry − window), never before half of the current
 * set's life has passed (a window as long as the life would make every fresh set due at once, in a
 * loop), and after a failure not before the back-off. Past expiry there is nothing left to rotate.
 */
export function rotationDeadlines(
  sessions: Iterable<StoredSession>,
  windowMs: number,
  isPending: (id: string) => boolean = () => false,
): Deadline[] {
  const out: Deadline[] = [];
  for (const s of sessions) {
    if (s.state.status !== 'active' || !s.state.expiresAt || isPending(s.id)) continue;
    const expiresAt = Date.parse(s.state.expiresAt);
    let rotateAt = expiresAt - windowMs;
    const issuedAt = Date.parse(s.state.issuedAt ?? s.state.startedAt ?? '');
    if (Number.isFinite(issuedAt)) {
      rotateAt = Math.max(rotateAt, issuedAt + (expiresAt - issuedAt) / 2);
    }
    if (s.state.failures && s.state.lastError) {
      rotateAt = Math.max(rotateAt, Date.parse(s.state.lastError.at) + backoffMs(s.state.failures));
    }
    out.push({ id: s.id, expiresAt, ...(rotateAt < expiresAt ? { rotateAt } : {}) });
  }
  return out;
}

/** The deadlines of every session in the store, with the store's own rotation window. */
export function deadlinesOf(data: StoreData, isPending?: (id: string) => boolean): Deadline[] {
  const windowMs = data.settings.rotationWindowSeconds * 1000;
  return rotationDeadlines(Object.values(data.sessions), windowMs, isPending);
}

/** The sessions whose credentials have expired by `now`. */
export function expiredAt(deadlines: readonly Deadline[], now: number): string[] {
  return deadlines.filter((d) => d.expiresAt !== undefined && d.expiresAt <= now).map((d) => d.id);
}
