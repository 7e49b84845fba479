// Identity Center sync at scale: 1,000 accounts × 3 roles against the peer throttling at 20 requests/s,
// against the throttle's floor (the requests that must succeed ÷ the rate) measured in the same run.
import { printTable } from './bench-stats';
import { startSsoFixture } from '../test-support/identity-center-peer/sso-fixture';

const ACCOUNTS = 1000;
const ROLES = 3;
const RATE = 20;

export async function runIdentityCenterBench(): Promise<void> {
  const f = await startSsoFixture();
  try {
    const center = f.peer.identityCenter;
    const total = await center.seedAccounts(ACCOUNTS, ROLES);
    await center.configure({ portalRequestsPerSecond: RATE });
    await center.resetCounters();
    let lastProgress = 0;
    const started = performance.now();
    const summary = await f.sync.sync('corp', {
      onProgress: (p) => {
        if (p.done - lastProgress >= 250 || p.done === p.total) {
          lastProgress = p.done;
          process.stderr.write(`  sync: ${p.done}/${p.total} accounts\n`);
        }
      },
    });
    const elapsed = (performance.now() - started) / 1000;
    const counters = await center.counters();
    const requests =
      (counters.requests.ListAccounts ?? 0) + (counters.requests.ListAccountRoles ?? 0);
    const succeeded = requests - counters.throttled;
    const floor = succeeded / RATE;
    printTable(
      `Identity Center sync: ${total} accounts (${ACCOUNTS} × ${ROLES} roles + the seed), portal throttled at ${RATE} requests/s`,
      ['measure', 'value'],
      [
        ['sessions added', String(summary.added)],
        ['requests (throttled ones included)', String(requests)],
        ['throttled (429)', String(counters.throttled)],
        ['retries', String(f.portal.stats.retries)],
        ['throttle floor (successful requests ÷ rate)', `${floor.toFixed(1)} s`],
        ['sync time', `${elapsed.toFixed(1)} s`],
        [
          'time over the floor',
          `${(elapsed - floor).toFixed(1)} s (${((elapsed / floor - 1) * 100).toFixed(1)} %)`,
        ],
      ],
    );
  } finally {
    await f.close();
  }
}
