// A session core with IAM Identity Center wired the way create-core is to wire it: its own STS + Identity
// Center peer, temp HOME and store, the real keychain, a PortalClient over a real peer token source.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AwsFiles, resolveAwsFilePaths } from '../../src/main/aws-files/aws-files';
import { CoreEvents } from '../../src/main/core-events';
import { PortalClient } from '../../src/main/identity-center/portal-client';
import { SsoSync } from '../../src/main/identity-center/sso-sync';
import { KeytarSecretStore } from '../../src/main/secrets/keytar-secret-store';
import { SessionService } from '../../src/main/sessions/session-service';
import { StsGateway } from '../../src/main/sts/sts-gateway';
import { SessionStore } from '../../src/main/store/session-store';
import { systemClock, type Clock } from '../../src/main/rotation/clock';
import type { IntegrationConfig } from '../../src/shared/identity-center';
import { startStsPeer, type StsPeer } from '../sts-peer/index';
import { peerTokenSource, type PeerTokenSource } from './peer-token-source';

export interface SsoFixture {
  peer: StsPeer;
  integration: IntegrationConfig;
  tokens: PeerTokenSource;
  portal: PortalClient;
  sessions: SessionService;
  sync: SsoSync;
  store: SessionStore;
  events: CoreEvents;
  home: string;
  configFile: string;
  credentialsFile: string;
  close(): Promise<void>;
}

export async function startSsoFixture(
  options: { clock?: Clock; peer?: StsPeer; cliCommand?: string } = {},
): Promise<SsoFixture> {
  const peer = options.peer ?? (await startStsPeer());
  const home = mkdtempSync(join(tmpdir(), 'airlock-sso-'));
  const env = {
    HOME: home,
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
  };
  const clock = options.clock ?? systemClock;
  const integration: IntegrationConfig = {
    name: 'corp',
    startUrl: peer.identityCenter.seed.startUrl,
    region: peer.identityCenter.seed.region,
    scopes: ['sso:account:access'],
  };
  const integrations: Record<string, IntegrationConfig> = { corp: integration };
  const tokens = peerTokenSource(peer.identityCenter);
  const portal = new PortalClient({ tokens, endpoint: peer.identityCenter.portalEndpoint });
  const store = new SessionStore(join(home, '.config', 'Airlock'));
  const secrets = new KeytarSecretStore(`airlock-test-${randomUUID().slice(0, 8)}`);
  const events = new CoreEvents();
  const sts = new StsGateway({ endpoint: peer.endpoint });
  const lookup = (name: string) => integrations[name];
  const sessions = new SessionService({
    store,
    secrets,
    files: new AwsFiles(resolveAwsFilePaths(env, home)),
    sts,
    events,
    clock,
    cliCommand: options.cliCommand ?? 'airlock',
    sso: { portal, integration: lookup },
  });
  const sync = new SsoSync({
    store,
    portal,
    integration: lookup,
    secrets,
    events,
    view: (s) => sessions.view(s),
    now: () => clock.now(),
  });
  return {
    peer,
    integration,
    tokens,
    portal,
    sessions,
    sync,
    store,
    events,
    home,
    configFile: env.AWS_CONFIG_FILE,
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE,
    async close() {
      sessions.dispose();
      sts.destroy();
      portal.destroy();
      rmSync(home, { recursive: true, force: true });
      if (!options.peer) await peer.stop();
    },
  };
}
