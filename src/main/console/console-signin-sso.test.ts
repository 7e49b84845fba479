// Console sign-in of an sso-role session: GetRoleCredentials' credentials go to the federation peer as
// they are (no SessionDuration, no GetFederationToken), and the peer checks them with the STS peer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startFederationPeer,
  type FederationPeer,
} from '../../../test-support/federation-peer/index';
import {
  startSsoFixture,
  type SsoFixture,
} from '../../../test-support/identity-center-peer/sso-fixture';
import { startStsPeer, type StsPeer } from '../../../test-support/sts-peer/index';
import { StsGateway } from '../sts/sts-gateway';
import { ConsoleSigninService } from './console-signin';

const ADMIN = 'airlock-dev-AdministratorAccess';
let peer: StsPeer;
let federation: FederationPeer;
let f: SsoFixture;
let consoleSignin: ConsoleSigninService;

beforeAll(async () => {
  peer = await startStsPeer();
  await peer.identityCenter.seedAccounts(0, 0);
  federation = await startFederationPeer({ stsEndpoint: peer.endpoint, chainedRoleArns: [] });
  f = await startSsoFixture({ peer });
  await f.sync.sync('corp');
  consoleSignin = new ConsoleSigninService({
    sessions: f.sessions,
    sts: new StsGateway({ endpoint: peer.endpoint }),
    longTermKeys: async () => undefined,
    federationUrl: federation.url,
  });
}, 120_000);

afterAll(async () => {
  await f?.close();
  await federation?.stop();
  await peer?.stop();
});

describe('console sign-in of an sso-role', () => {
  it('starts the session first and signs in as the assumed role, without SessionDuration', async () => {
    expect(f.sessions.get(ADMIN).state.status).toBe('inactive');
    const calls = async () =>
      (await peer.identityCenter.counters()).requests.GetRoleCredentials ?? 0;
    const before = await calls();
    const signin = await consoleSignin.signinUrl(ADMIN, { region: 'eu-west-1' });
    expect(signin.session.state.status).toBe('active');
    const opened = await federation.open(signin.url);
    expect(opened.arn).toBe(
      'arn:aws:sts::123456789012:assumed-role/AdministratorAccess/airlock-user',
    );
    expect(opened.sessionDuration).toBeUndefined();
    expect(opened.destination).toBe('https://console.aws.amazon.com/console/home?region=eu-west-1');
    // One GetRoleCredentials for the start; the sign-in used those credentials, not new ones.
    expect(await calls()).toBe(before + 1);
  });
});
