// Two concurrent SAML logins to one IdP each get their own sign-in POST (issue 11, Medium 3). The
// partitions' webRequest here keeps Electron's rule, one onBeforeRequest listener per session with
// a new one replacing the old, the rule that let the second login steal the first one's POST.
import { describe, expect, it } from 'vitest';
import {
  SamlSigninRouter,
  type PartitionWebRequest,
  type SigninListener,
  type SigninRequestDetails,
} from './saml-signin-router';

/** Each partition's one listener, as Electron keeps it, and how often it was set. */
class Partitions {
  readonly listeners = new Map<string, SigninListener<SigninRequestDetails>>();
  readonly installs: string[] = [];
  readonly removals: string[] = [];

  webRequestOf = (partition: string): PartitionWebRequest<SigninRequestDetails> => ({
    onBeforeRequest: (filter, listener) => {
      expect(filter.urls).toContain('https://*.signin.aws.amazon.com/saml*');
      if (listener) {
        this.listeners.set(partition, listener);
        this.installs.push(partition);
      } else {
        this.listeners.delete(partition);
        this.removals.push(partition);
      }
    },
  });

  /** A request in the partition: what its one listener answered, or `{}` (let through) without one. */
  request(partition: string, details: SigninRequestDetails): { cancel?: boolean } {
    const listener = this.listeners.get(partition);
    let answer: { cancel?: boolean } | undefined;
    if (!listener) return {};
    listener(details, (response) => (answer = response));
    return answer ?? {};
  }
}

const SIGNIN = 'https://signin.aws.amazon.com/saml';
const post = (webContentsId: number, url = SIGNIN) => ({ url, method: 'POST', webContentsId });

/** A login that records the POSTs it was handed and cancels them, as saml-window.ts does. */
function login(seen: number[]): SigninListener<SigninRequestDetails> {
  return (details, callback) => {
    seen.push(details.webContentsId ?? -1);
    callback({ cancel: true });
  };
}

describe('SamlSigninRouter', () => {
  it('gives each of two concurrent logins to one IdP its own POST, through one listener', () => {
    const partitions = new Partitions();
    const router = new SamlSigninRouter(partitions.webRequestOf);
    const first: number[] = [];
    const second: number[] = [];
    router.register('persist:saml-a', 11, login(first));
    router.register('persist:saml-a', 12, login(second));
    expect(partitions.installs).toEqual(['persist:saml-a']);
    // The second window's IdP page posts first, then the first window's.
    expect(partitions.request('persist:saml-a', post(12))).toEqual({ cancel: true });
    expect(partitions.request('persist:saml-a', post(11, `${SIGNIN}?x=1`))).toEqual({
      cancel: true,
    });
    expect(first).toEqual([11]);
    expect(second).toEqual([12]);
  });

  it('routes a regional sign-in endpoint as the global one', () => {
    const partitions = new Partitions();
    const router = new SamlSigninRouter(partitions.webRequestOf);
    const seen: number[] = [];
    router.register('p', 5, login(seen));
    partitions.request('p', post(5, 'https://eu-west-1.signin.aws.amazon.com/saml'));
    expect(seen).toEqual([5]);
  });

  it('cancels a sign-in request from a window with no login, or that is not a POST, handing it to nobody', () => {
    const partitions = new Partitions();
    const router = new SamlSigninRouter(partitions.webRequestOf);
    const seen: number[] = [];
    router.register('p', 5, login(seen));
    expect(partitions.request('p', post(99))).toEqual({ cancel: true });
    expect(partitions.request('p', { url: SIGNIN, method: 'POST' })).toEqual({ cancel: true });
    expect(partitions.request('p', { url: SIGNIN, method: 'GET', webContentsId: 5 })).toEqual({
      cancel: true,
    });
    expect(seen).toEqual([]);
  });

  it('lets through what the filter caught but is not the sign-in endpoint', () => {
    const partitions = new Partitions();
    const router = new SamlSigninRouter(partitions.webRequestOf);
    const seen: number[] = [];
    router.register('p', 5, login(seen));
    expect(partitions.request('p', post(5, 'https://signin.aws.amazon.com/saml/metadata'))).toEqual(
      {},
    );
    expect(seen).toEqual([]);
  });

  it('keeps the listener while a login of the partition is in flight, removes it after the last', () => {
    const partitions = new Partitions();
    const router = new SamlSigninRouter(partitions.webRequestOf);
    const second: number[] = [];
    const doneFirst = router.register('p', 1, login([]));
    const doneSecond = router.register('p', 2, login(second));
    doneFirst();
    doneFirst();
    expect(partitions.removals).toEqual([]);
    partitions.request('p', post(2));
    expect(second).toEqual([2]);
    expect(partitions.request('p', post(1))).toEqual({ cancel: true });
    doneSecond();
    expect(partitions.removals).toEqual(['p']);
    expect(partitions.listeners.size).toBe(0);
    router.register('p', 3, login([]));
    expect(partitions.installs).toEqual(['p', 'p']);
  });

  it('gives each partition its own listener, each routing only its own logins', () => {
    const partitions = new Partitions();
    const router = new SamlSigninRouter(partitions.webRequestOf);
    const a: number[] = [];
    const b: number[] = [];
    router.register('persist:saml-a', 1, login(a));
    router.register('saml-b', 2, login(b));
    expect(partitions.installs).toEqual(['persist:saml-a', 'saml-b']);
    expect(partitions.request('persist:saml-a', post(2))).toEqual({ cancel: true });
    partitions.request('saml-b', post(2));
    expect(a).toEqual([]);
    expect(b).toEqual([2]);
  });
});
