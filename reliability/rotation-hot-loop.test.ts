// Rotation never spins: a rotation window as long as the credentials' life must not rotate again at once.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeTestCore } from '../test-support/test-core';
import { ManualClock } from '../test-support/manual-clock';
import { startFaultProxy, type FaultProxy } from '../test-support/fault-proxy';

const { endpoint, seed } = inject('stsPeer');
let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy(endpoint);
});
afterAll(() => proxy.close());

describe('rotation pacing', () => {
  it('with a window (1 h) longer than the credentials (15 min), rotates at half-life, not in a loop', async () => {
    const clock = new ManualClock();
    const t = await makeTestCore({ endpoint: proxy.endpoint, clock, rotate: true });
    try {
      await t.core.settings.set({ rotationWindowSeconds: 3600 });
      const s = await t.core.sessions.add({
        config: { kind: 'iam-user', name: 'short', profile: 'short', durationSeconds: 900 },
        keys: { accessKeyId: seed.user.accessKeyId, secretAccessKey: seed.user.secretAccessKey },
      });
      const started = await t.core.sessions.start(s.id);
      const issuedAt = clock.now();
      const expiresAt = Date.parse(started.state.expiresAt!);
      proxy.resetCount();
      // Ten wake-ups in the first ten seconds: none may rotate.
      for (let i = 1; i <= 10; i++) {
        clock.advanceTo(issuedAt + i * 1000);
        await t.core.sessions.runDueNow();
      }
      expect(proxy.requests).toHaveLength(0);
      const next = clock.pending()[0]!;
      expect(next).toBeGreaterThan(issuedAt + 60_000);
      expect(next).toBeLessThan(expiresAt);
      clock.advanceTo(next);
      await t.core.sessions.runDueNow();
      expect(proxy.requests).toHaveLength(1);
      // And the fresh credentials are again not rotated at once.
      clock.advanceTo(next + 1000);
      await t.core.sessions.runDueNow();
      expect(proxy.requests).toHaveLength(1);
      console.log(
        `[reliability] rotation-pacing first_rotation_after_s=${Math.round((next - issuedAt) / 1000)} lifetime_s=${Math.round((expiresAt - issuedAt) / 1000)} requests_in_first_10s=0`,
      );
    } finally {
      await t.close();
    }
  });
});
