// The GUI prompter: prompts go out as events, answers come back by request id, and can all be cancelled.
import { describe, expect, it } from 'vitest';
import { CoreEvents } from '../core-events';
import { RendererPrompter } from './renderer-prompter';

const noSaml = async (): Promise<string> => {
  throw new Error('no SAML in this test');
};

describe('RendererPrompter', () => {
  it('resolves an MFA prompt with the answer given for its request id', async () => {
    const events = new CoreEvents();
    const prompter = new RendererPrompter(events, noSaml);
    const ids: string[] = [];
    events.on('prompt:mfa', (e) => ids.push(e.requestId));
    const code = prompter.askMfaCode({
      sessionId: 's',
      sessionName: 'dev',
      deviceArn: 'arn:aws:iam::123456789012:mfa/me',
    });
    expect(prompter.answerMfa('unknown', '123456')).toBe(false);
    expect(prompter.answerMfa(ids[0]!, '123456')).toBe(true);
    await expect(code).resolves.toBe('123456');
    expect(prompter.answerMfa(ids[0]!, '123456')).toBe(false);
  });

  it('cancelAll rejects every waiting prompt with PROMPT_CANCELLED and closes it', async () => {
    const events = new CoreEvents();
    const prompter = new RendererPrompter(events, noSaml);
    const closed: string[] = [];
    events.on('prompt:mfa-closed', (e) => closed.push(e.requestId));
    events.on('prompt:role-closed', (e) => closed.push(e.requestId));
    const mfa = prompter.askMfaCode({
      sessionId: 's',
      sessionName: 'dev',
      deviceArn: 'arn:aws:iam::123456789012:mfa/me',
    });
    const role = prompter.chooseRole({
      sessionId: 's',
      sessionName: 'sso',
      roles: [
        {
          roleArn: 'arn:aws:iam::123456789012:role/A',
          principalArn: 'arn:aws:iam::123456789012:saml-provider/P',
        },
      ],
    });
    prompter.cancelAll();
    await expect(mfa).rejects.toMatchObject({ code: 'PROMPT_CANCELLED' });
    await expect(role).rejects.toMatchObject({ code: 'PROMPT_CANCELLED' });
    expect(closed).toHaveLength(2);
  });

  it('opens the sign-in page through openExternal and keeps the prompt up until the login ends', async () => {
    const events = new CoreEvents();
    const opened: string[] = [];
    const prompter = new RendererPrompter(events, noSaml, async (url) => {
      opened.push(url);
    });
    const shown: string[] = [];
    const closed: string[] = [];
    events.on('prompt:sso-login', (e) => shown.push(e.requestId));
    events.on('prompt:sso-login-closed', (e) => closed.push(e.requestId));
    const done = new AbortController();
    const waiting = prompter.openBrowser(
      { integrationName: 'corp', url: 'https://oidc.eu-west-1.amazonaws.com/authorize?x=1' },
      done.signal,
    );
    await Promise.resolve();
    expect(opened).toEqual(['https://oidc.eu-west-1.amazonaws.com/authorize?x=1']);
    await expect(prompter.openSsoPage(shown[0]!)).resolves.toBe(true);
    expect(opened).toHaveLength(2);
    done.abort();
    await expect(waiting).resolves.toBeUndefined();
    expect(closed).toEqual(shown);
    await expect(prompter.openSsoPage(shown[0]!)).resolves.toBe(false);
  });

  it('refuses to open a sign-in URL that is not https, and asks for nothing', async () => {
    const events = new CoreEvents();
    const opened: string[] = [];
    const prompter = new RendererPrompter(events, noSaml, async (url) => {
      opened.push(url);
    });
    const shown: string[] = [];
    events.on('prompt:sso-login', (e) => shown.push(e.requestId));
    await expect(
      prompter.openBrowser(
        { integrationName: 'corp', url: 'file:///etc/passwd' },
        new AbortController().signal,
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(opened).toEqual([]);
    expect(shown).toEqual([]);
  });

  it('a cancelled device-code prompt rejects with PROMPT_CANCELLED', async () => {
    const events = new CoreEvents();
    const prompter = new RendererPrompter(events, noSaml);
    const shown: { requestId: string; method: string }[] = [];
    events.on('prompt:sso-login', (e) => shown.push(e));
    const waiting = prompter.showDeviceCode(
      {
        integrationName: 'corp',
        userCode: 'ABCD-EFGH',
        verificationUri: 'https://device.sso.eu-west-1.amazonaws.com/',
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      },
      new AbortController().signal,
    );
    expect(shown[0]?.method).toBe('device-code');
    expect(prompter.cancelSsoLogin(shown[0]!.requestId)).toBe(true);
    await expect(waiting).rejects.toMatchObject({ code: 'PROMPT_CANCELLED' });
    expect(prompter.cancelSsoLogin(shown[0]!.requestId)).toBe(false);
  });

  it('without openExternal a browser login ends at once, saying to use a device code', async () => {
    const prompter = new RendererPrompter(new CoreEvents(), noSaml);
    await expect(
      prompter.openBrowser(
        { integrationName: 'corp', url: 'https://example.com/authorize' },
        new AbortController().signal,
      ),
    ).rejects.toMatchObject({ code: 'PROMPT_CANCELLED', message: /device code/ });
  });
});
