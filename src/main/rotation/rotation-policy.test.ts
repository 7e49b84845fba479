// Rotation policy: expiry minus the window, never before half-life, back-off after failures.
import { describe, expect, it } from 'vitest';
import type { StoredSession } from '../store/session-store';
import { backoffMs, expiredAt, rotationDeadlines } from './rotation-policy';

const T0 = Date.parse('2026-12-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function active(
  id: string,
  issuedAt: number,
  lifeMs: number,
  extra: Partial<StoredSession['state']> = {},
): StoredSession {
  return {
    id,
    config: { kind: 'iam-user', name: id, profile: id },
    state: {
      status: 'active',
      issuedAt: iso(issuedAt),
      expiresAt: iso(issuedAt + lifeMs),
      ...extra,
    },
    profiles: [id],
    createdAt: iso(T0),
  };
}

describe('rotationDeadlines', () => {
  it('rotates at expiry minus the window', () => {
    const [d] = rotationDeadlines([active('a', T0, 3_600_000)], 600_000);
    expect(d).toEqual({ id: 'a', expiresAt: T0 + 3_600_000, rotateAt: T0 + 3_000_000 });
  });

  it('never rotates before half of the life has passed, however long the window', () => {
    const [d] = rotationDeadlines([active('a', T0, 900_000)], 3_600_000);
    expect(d?.rotateAt).toBe(T0 + 450_000);
  });

  it('waits for the back-off after failed rotations', () => {
    const failedAt = T0 + 3_000_000;
    const s = active('a', T0, 3_600_000, {
      failures: 3,
      lastError: { code: 'NETWORK', message: 'x', at: iso(failedAt) },
    });
    expect(rotationDeadlines([s], 600_000)[0]?.rotateAt).toBe(failedAt + 120_000);
  });

  it('gives no rotation once the back-off runs past expiry, only the expiry', () => {
    const failedAt = T0 + 3_590_000;
    const s = active('a', T0, 3_600_000, {
      failures: 6,
      lastError: { code: 'NETWORK', message: 'x', at: iso(failedAt) },
    });
    expect(rotationDeadlines([s], 600_000)).toEqual([{ id: 'a', expiresAt: T0 + 3_600_000 }]);
  });

  it('skips sessions that are not active, have no expiry, or are pending', () => {
    const inactive = { ...active('i', T0, 1), state: { status: 'inactive' as const } };
    const noExpiry = { ...active('n', T0, 1), state: { status: 'active' as const } };
    const pending = active('p', T0, 3_600_000);
    expect(rotationDeadlines([inactive, noExpiry, pending], 600_000, (id) => id === 'p')).toEqual(
      [],
    );
  });

  it('lists the expired ones', () => {
    const deadlines = rotationDeadlines([active('a', T0, 1_000), active('b', T0, 5_000)], 0);
    expect(expiredAt(deadlines, T0 + 1_000)).toEqual(['a']);
  });
});

describe('backoffMs', () => {
  it('backs off 30 s, 1, 2, 4, 8 min, then caps at 10 min', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(backoffMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000,
    ]);
  });
});
