import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventChannel, MfaPromptEvent } from '../../../shared/ipc-contract';
import type { SessionView } from '../../../shared/sessions';
import { PromptStore } from './prompt-store';

type Listener = (payload: unknown) => void;

/** A stand-in for the preload's window.airlock: records invokes, lets the test emit events. */
function installFakeApi() {
  const listeners = new Map<string, Set<Listener>>();
  const invokes: { channel: string; payload: unknown }[] = [];
  const api = {
    invoke: async (channel: string, payload: unknown) => {
      invokes.push({ channel, payload });
      return { ok: true, value: { accepted: true } };
    },
    on: (event: string, fn: Listener) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
      return () => set.delete(fn);
    },
  };
  (globalThis as unknown as { window: unknown }).window = { airlock: api };
  const emit = (event: EventChannel, payload: unknown) => {
    for (const fn of listeners.get(event) ?? []) fn(payload);
  };
  return { emit, invokes };
}

const prompt = (requestId: string, extra: Partial<MfaPromptEvent> = {}): MfaPromptEvent => ({
  requestId,
  sessionId: 'dev',
  sessionName: 'dev',
  deviceArn: 'arn:aws:iam::123456789012:mfa/dev',
  ...extra,
});

const view = (status: SessionView['state']['status']): SessionView => ({
  id: 'dev',
  kind: 'iam-user',
  name: 'dev',
  profile: 'dev',
  state: { status },
  profiles: [],
});

describe('prompt store', () => {
  let fake: ReturnType<typeof installFakeApi>;
  let store: PromptStore;
  let disconnect: () => void;
  beforeEach(() => {
    fake = installFakeApi();
    store = new PromptStore();
    disconnect = store.connect();
  });
  afterEach(() => disconnect());

  it('keeps a submitted code on screen until the session settles', async () => {
    fake.emit('prompt:mfa', prompt('r1'));
    await store.answerMfa('r1', '123456');
    expect(fake.invokes).toEqual([
      { channel: 'prompt:answer-mfa', payload: { requestId: 'r1', code: '123456' } },
    ]);
    fake.emit('prompt:mfa-closed', { requestId: 'r1' });
    expect(store.getSnapshot().mfa.map((p) => p.phase)).toEqual(['verifying']);
    fake.emit('session:changed', view('pending'));
    expect(store.getSnapshot().mfa).toHaveLength(1);
    fake.emit('session:changed', view('active'));
    expect(store.getSnapshot().mfa).toHaveLength(0);
  });

  it('replaces the prompt when the core asks again after a rejected code, with the error', async () => {
    fake.emit('prompt:mfa', prompt('r1'));
    await store.answerMfa('r1', '000000');
    fake.emit('prompt:mfa-closed', { requestId: 'r1' });
    const error = { code: 'MFA_REJECTED' as const, message: 'Wrong code.' };
    fake.emit('prompt:mfa', prompt('r2', { error }));
    const [current] = store.getSnapshot().mfa;
    expect(store.getSnapshot().mfa).toHaveLength(1);
    expect(current).toMatchObject({ phase: 'asking', event: { requestId: 'r2', error } });
  });

  it('drops a prompt at once when cancelled, and when main closes an unanswered one', async () => {
    fake.emit('prompt:mfa', prompt('r1'));
    await store.answerMfa('r1', null);
    expect(store.getSnapshot().mfa).toHaveLength(0);
    fake.emit('prompt:mfa', prompt('r2'));
    fake.emit('prompt:mfa-closed', { requestId: 'r2' });
    expect(store.getSnapshot().mfa).toHaveLength(0);
  });

  it('queues role prompts and removes one when answered', async () => {
    const roles = [
      { roleArn: 'arn:aws:iam::1:role/A', principalArn: 'arn:aws:iam::1:saml-provider/p' },
    ];
    fake.emit('prompt:role', { requestId: 'x', sessionId: 's', sessionName: 's', roles });
    fake.emit('prompt:role', { requestId: 'y', sessionId: 't', sessionName: 't', roles });
    await store.answerRole('x', 'arn:aws:iam::1:role/A');
    expect(store.getSnapshot().roles.map((r) => r.requestId)).toEqual(['y']);
  });
});
