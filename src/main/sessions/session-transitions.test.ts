// Transitions on stored sessions, pure: a start records when the session was used, a rotation does not.
import { describe, expect, it } from 'vitest';
import type { StoredSession } from '../store/session-store';
import { markActive, toView } from './session-transitions';

const issued = {
  credentials: {
    accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
    secretAccessKey: 'secret',
    sessionToken: 'token',
    expiration: '2026-12-01T13:00:00.000Z',
  },
  arn: 'arn:aws:iam::123456789012:user/dev',
};

function stored(): StoredSession {
  return {
    id: 'a',
    config: { kind: 'iam-user', name: 'a', profile: 'a' },
    state: { status: 'inactive' },
    profiles: [],
    createdAt: '',
  };
}

describe('markActive', () => {
  it('records usedAt when a session starts, and keeps it through a rotation', () => {
    const s = stored();
    markActive(s, issued, '2026-12-01T12:00:00.000Z');
    expect(s.usedAt).toBe('2026-12-01T12:00:00.000Z');
    markActive(s, issued, '2026-12-01T12:50:00.000Z');
    expect(s.usedAt).toBe('2026-12-01T12:00:00.000Z');
    expect(toView(s, false).usedAt).toBe('2026-12-01T12:00:00.000Z');
    expect(toView(stored(), false)).not.toHaveProperty('usedAt');
  });
});
