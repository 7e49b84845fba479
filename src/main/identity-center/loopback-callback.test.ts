// The loopback listener over real HTTP: the code with the right state, refusals, the timeout, one request only.
import { describe, expect, it } from 'vitest';
import { listenForCallback } from './loopback-callback';

const options = { integrationName: 'corp', state: 'the-state' };

describe('listenForCallback', () => {
  it('listens on 127.0.0.1 at /oauth/callback and resolves the code when the state matches', async () => {
    const listener = await listenForCallback(options);
    expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    const favicon = await fetch(new URL('/favicon.ico', listener.redirectUri));
    expect(favicon.status).toBe(404);
    const answer = await fetch(`${listener.redirectUri}?code=abc&state=the-state`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('You can close this tab');
    await expect(listener.code).resolves.toBe('abc');
    // One-shot: the listener is gone after the callback.
    await expect(fetch(`${listener.redirectUri}?code=again&state=the-state`)).rejects.toThrow();
  });

  it('refuses a callback with another state, telling the browser and the caller', async () => {
    const listener = await listenForCallback(options);
    const answer = await fetch(`${listener.redirectUri}?code=abc&state=forged`);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('not started by Airlock');
    await expect(listener.code).rejects.toMatchObject({
      code: 'SSO_LOGIN_FAILED',
      message: expect.stringMatching(/login for corp was refused: .*state/),
    });
  });

  it('rejects with the error the authorization server sent, escaped in the page', async () => {
    const listener = await listenForCallback(options);
    const answer = await fetch(
      `${listener.redirectUri}?error=${encodeURIComponent('<b>x</b>')}&state=the-state`,
    );
    expect(await answer.text()).toContain('&#60;b&#62;x&#60;/b&#62;');
    await expect(listener.code).rejects.toMatchObject({ code: 'SSO_LOGIN_FAILED' });

    const denied = await listenForCallback(options);
    await fetch(`${denied.redirectUri}?error=access_denied&state=the-state`);
    await expect(denied.code).rejects.toThrow(
      'Identity Center login for corp was denied in the browser.',
    );
  });

  it('times out, and close() cancels a wait', async () => {
    const slow = await listenForCallback({ ...options, timeoutMs: 50 });
    await expect(slow.code).rejects.toThrow(
      'Identity Center login for corp timed out waiting for the browser',
    );
    const cancelled = await listenForCallback(options);
    cancelled.close();
    await expect(cancelled.code).rejects.toMatchObject({ code: 'PROMPT_CANCELLED' });
  });
});
