// What an OS notification shows for a core notice, and which action its click carries.
import { describe, expect, it } from 'vitest';
import { describeOsNotice } from './os-notice';

describe('describeOsNotice', () => {
  it('a failed rotation: "action needed", the message, a Retry button that retries that session', () => {
    const action = { kind: 'retry', sessionId: 's1', sessionName: 'prod' } as const;
    expect(
      describeOsNotice({
        level: 'error',
        sessionId: 's1',
        key: 'rotation-failed:s1',
        message: 'Rotation of session prod failed: network',
        action,
      }),
    ).toEqual({
      title: 'Airlock: action needed',
      body: 'Rotation of session prod failed: network',
      button: 'Retry',
      action,
      key: 'rotation-failed:s1',
    });
  });

  it('names each action on its button', () => {
    const button = (action: Parameters<typeof describeOsNotice>[0]['action']) =>
      describeOsNotice({ level: 'warning', message: 'm', ...(action ? { action } : {}) })?.button;
    expect(button({ kind: 'reauth', sessionId: 's', sessionName: 'n' })).toBe('Renew');
    expect(button({ kind: 'sso-login', integration: 'corp' })).toBe('Log in');
    expect(button({ kind: 'open-list' })).toBe('Open list');
  });

  it('a warning without an action is titled Airlock, has no button, and its click only shows the window', () => {
    expect(describeOsNotice({ level: 'warning', message: 'config file is shared' })).toEqual({
      title: 'Airlock',
      body: 'config file is shared',
    });
  });

  it('info stays in the window', () => {
    expect(describeOsNotice({ level: 'info', message: 'done' })).toBeUndefined();
  });
});
