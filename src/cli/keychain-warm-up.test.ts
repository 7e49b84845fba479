// Which command lines open the keychain early (pure), and that the warm-up queues behind and ahead
// of the program's own keychain calls, from another copy of the module as the CLI's entry has.
import { describe, expect, it } from 'vitest';
import * as secretStoreModule from '../main/secrets/keytar-secret-store';
import { KeytarSecretStore, type KeytarApi } from '../main/secrets/keytar-secret-store';
import { warmsKeychain } from './keychain-warm-up';

describe('warmsKeychain', () => {
  it.each([
    [['session', 'start', 'prod']],
    [['session', 'rotate', 'prod']],
    [['session', 'stop', 'prod']],
    [['whoami', 'prod']],
    [['env', 'prod', '--output', 'json']],
    [['exec', 'prod', '--', 'aws', 's3', 'ls']],
    [['credential-process', 'prod', '--mfa-code-stdin']],
    [['console', 'prod', '--print']],
    [['serve']],
    [['sso', 'login', 'corp']],
    [['sso', 'sync', 'corp']],
  ])('opens it for %j', (argv) => {
    expect(warmsKeychain(argv)).toBe(true);
  });

  it.each([
    [[]],
    [['--version']],
    [['session', 'list']],
    [['session', 'start', 'prod', '--help']],
    [['session']],
    [['settings', 'get']],
    [['profile', 'list']],
    [['import']],
    [['sso', 'list']],
    [['exec', '-h']],
    [['no-such-command', 'start']],
  ])('leaves it closed for %j', (argv) => {
    expect(warmsKeychain(argv)).toBe(false);
  });
});

describe('the warm-up and the program share one keychain queue', () => {
  /** keytar stand-in that records the order of calls and how many ran at once. */
  function recordingKeytar() {
    const calls: string[] = [];
    let running = 0;
    let most = 0;
    const api: KeytarApi = {
      getPassword: async (_service, account) => {
        running += 1;
        most = Math.max(most, running);
        calls.push(account);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return account === 'a:session' ? 'value' : null;
      },
      setPassword: async () => undefined,
      deletePassword: async () => false,
      findCredentials: async () => [],
    };
    return { api, calls, most: () => most };
  }

  it('never runs the warm-up beside a call of another copy of the module, and keeps their order', async () => {
    // The CLI's entry and its program each bundle keytar-secret-store.ts: a second instance here.
    const entryCopy = (await import(
      // @ts-expect-error -- a query string makes Vite load a second instance of the same file
      '../main/secrets/keytar-secret-store.ts?entry-copy'
    )) as typeof secretStoreModule;
    const keytar = recordingKeytar();
    const warmed = entryCopy.warmKeychain(keytar.api, 'svc');
    const store = new KeytarSecretStore('svc', async () => keytar.api);
    const [value] = await Promise.all([store.get('a', 'session'), warmed]);
    expect(value).toBe('value');
    expect(keytar.calls).toEqual([entryCopy.WARM_UP_ACCOUNT, 'a:session']);
    expect(keytar.most()).toBe(1);
  });

  it('ignores a warm-up that fails: the next call runs and reports for itself', async () => {
    const failing: KeytarApi = {
      getPassword: async () => {
        throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      },
      setPassword: async () => undefined,
      deletePassword: async () => false,
      findCredentials: async () => [],
    };
    await expect(secretStoreModule.warmKeychain(failing, 'svc')).resolves.toBeUndefined();
    const store = new KeytarSecretStore('svc', async () => failing);
    await expect(store.get('a', 'session')).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringMatching(/Secret Service/),
    });
  });
});
