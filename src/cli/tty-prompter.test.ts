// The CLI's Identity Center prompts: the browser it opens signs in against the peer; --no-browser prints; bad URLs are refused.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStsPeer, type StsPeer } from '../../test-support/sts-peer/index';
import { createIdentityCenter } from '../main/identity-center/create-identity-center';
import { KeytarSecretStore } from '../main/secrets/keytar-secret-store';
import { SessionStore } from '../main/store/session-store';
import { TtyPrompter } from './tty-prompter';

const keyring = process.env.AIRLOCK_KEYRING === '1';
let peer: StsPeer;
let home: string;

beforeAll(async () => {
  peer = await startStsPeer();
  home = await mkdtemp(join(tmpdir(), 'airlock-tty-sso-'));
});
afterAll(async () => {
  await peer?.stop();
  await rm(home, { recursive: true, force: true });
});

function captured() {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { output, text: () => text };
}

describe('TtyPrompter: Identity Center', () => {
  it.skipIf(!keyring)(
    'PKCE login through the browser it opens; device login shows the code and opens the page with it',
    async () => {
      const center = peer.identityCenter;
      const opened: string[] = [];
      const out = captured();
      const prompter = new TtyPrompter(true, {
        output: out.output,
        // The system browser, played by the peer: consent, then follow the redirect (or approve the code).
        openUrl: async (url) => {
          opened.push(url);
          if (new URL(url).pathname === '/authorize') await fetch(await center.authorize(url));
          else await center.approveDevice(new URL(url).searchParams.get('user_code') ?? '');
        },
      });
      const store = new SessionStore(join(home, 'airlock'));
      const ic = createIdentityCenter({
        store,
        secrets: new KeytarSecretStore(`airlock-test-${randomUUID().slice(0, 8)}`),
        homeDir: home,
        endpoints: { oidc: center.oidcEndpoint, portal: center.portalEndpoint },
        prompter,
      });
      const corp = await ic.integrations.add({
        name: 'corp',
        startUrl: center.seed.startUrl,
        region: center.seed.region,
      });
      expect((await ic.logins.login(corp)).loginState).toBe('logged-in');
      expect(opened[0]).toMatch(new RegExp(`^${center.oidcEndpoint}/authorize\\?`));
      expect(out.text()).toContain(`If it does not open, visit:\n  ${opened[0]}`);

      expect((await ic.logins.login(corp, 'device')).loginState).toBe('logged-in');
      const code = new URL(opened[1]!).searchParams.get('user_code');
      expect(out.text()).toContain(`and enter the code\n  ${code}\n`);
      ic.dispose();
    },
    20_000,
  );

  it('--no-browser prints the address on the output and opens nothing', async () => {
    const out = captured();
    const opened: string[] = [];
    const prompter = new TtyPrompter(true, {
      browser: 'print',
      output: out.output,
      openUrl: async (u) => opened.push(u),
    });
    await prompter.openBrowser({
      integrationName: 'corp',
      url: 'https://oidc.eu-west-1.amazonaws.com/authorize?x=1',
    });
    await prompter.showDeviceCode({
      integrationName: 'corp',
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://device.sso.eu-west-1.amazonaws.com/',
      verificationUriComplete: 'https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH',
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
    });
    expect(opened).toEqual([]);
    expect(out.text()).toContain(
      'open this address in a browser on this computer:\n  https://oidc.eu-west-1.amazonaws.com/authorize?x=1',
    );
    expect(out.text()).toContain('ABCD-EFGH');
  });

  it('refuses to open anything but https (http only on loopback)', async () => {
    const opened: string[] = [];
    const prompter = new TtyPrompter(true, {
      output: new PassThrough(),
      openUrl: async (u) => opened.push(u),
    });
    for (const url of [
      'http://evil.example.com/authorize',
      'javascript:alert(1)',
      'file:///etc/passwd',
    ]) {
      await expect(prompter.openBrowser({ integrationName: 'corp', url })).rejects.toMatchObject({
        code: 'VALIDATION',
      });
    }
    await prompter.openBrowser({ integrationName: 'corp', url: 'http://127.0.0.1:8080/authorize' });
    expect(opened).toEqual(['http://127.0.0.1:8080/authorize']);
  });
});
