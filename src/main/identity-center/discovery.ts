// Discovery: every (account, role) pair an integration grants, from ListAccounts then ListAccountRoles
// per account, a few accounts at a time, reporting progress as accounts finish.
import type { IntegrationConfig, SyncProgress } from '../../shared/identity-center';
import type { PortalAccount, PortalClient } from './portal-client';

export interface DiscoveredPair {
  accountId: string;
  accountName: string;
  roleName: string;
}

export interface DiscoveryOptions {
  /** Let the token source sign in when it has no token it can refresh (a person asked for the sync). */
  interactive?: boolean;
  /** Accounts whose roles are listed at once; the portal's pacer keeps the rate, this hides latency. */
  concurrency?: number;
  onProgress?: (progress: SyncProgress) => void;
}

const DEFAULT_CONCURRENCY = 4;

export async function discoverPairs(
  portal: PortalClient,
  integration: IntegrationConfig,
  options: DiscoveryOptions = {},
): Promise<DiscoveredPair[]> {
  const connection = portal.connect(integration, { interactive: options.interactive ?? false });
  const accounts = await connection.listAccounts();
  const report = (done: number) =>
    options.onProgress?.({ integration: integration.name, done, total: accounts.length });
  report(0);

  const rolesOf: string[][] = new Array<string[]>(accounts.length);
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    // A failure stops the other workers from taking more accounts; Promise.all reports it.
    while (!failed && next < accounts.length) {
      const index = next++;
      try {
        rolesOf[index] = await connection.listAccountRoles(accounts[index]!.accountId);
      } catch (error) {
        failed = true;
        throw error;
      }
      report(++done);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, accounts.length));
  await Promise.all(Array.from({ length: width }, worker));

  return accounts.flatMap((account: PortalAccount, i) =>
    rolesOf[i]!.map((roleName) => ({ ...account, roleName })),
  );
}
