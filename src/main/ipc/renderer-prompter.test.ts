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
});
