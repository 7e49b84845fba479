// The contract's names agree with the zod-free lists, and payloads are required where the schema
// needs one. The `@ts-expect-error` lines are checked by tsc (npm run typecheck): each must fail to
// compile, or the directive itself becomes the error.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  invokeContract,
  type AirlockApi,
  type EventPayloads,
  type InvokeArgs,
  type InvokeValue,
} from './ipc-contract';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  isEventChannel,
  isInvokeChannel,
  type EventChannel,
  type InvokeChannel,
} from './ipc-channels';

/** Never called: it exists to be type-checked. */
function compileOnly(api: AirlockApi): void {
  // @ts-expect-error session:start has a required payload ({ id })
  void api.invoke('session:start');
  // @ts-expect-error session:add has a required payload (config + keys)
  void api.invoke('session:add');
  // @ts-expect-error the payload must match the channel's schema
  void api.invoke('session:stop', { name: 'dev' });
  // @ts-expect-error settings:set takes a (partial) settings object, not nothing
  void api.invoke('settings:set');
  // @ts-expect-error not a channel
  void api.invoke('session:explode');
  // @ts-expect-error not an event
  api.on('session:exploded', () => undefined);
  api.on('session:removed', (payload) => {
    // @ts-expect-error event payloads are typed: session:removed carries only { id }
    void payload.name;
  });
  void api.invoke('sessions:list');
  void api.invoke('app:ready', undefined);
  void api.invoke('session:start', { id: 'a' });
  // @ts-expect-error session:open-console needs the session's id
  void api.invoke('session:open-console', { region: 'eu-west-1' });
  void api.invoke('session:open-console', { id: 'a', region: 'eu-west-1' });
}

describe('IPC contract', () => {
  it('defines exactly the invoke channels the zod-free list names, each with a schema', () => {
    expect(Object.keys(invokeContract).sort()).toEqual([...INVOKE_CHANNELS].sort());
    for (const channel of INVOKE_CHANNELS) {
      expect(typeof invokeContract[channel].payload.safeParse, channel).toBe('function');
    }
    expectTypeOf<keyof typeof invokeContract>().toEqualTypeOf<InvokeChannel>();
    expectTypeOf<keyof EventPayloads>().toEqualTypeOf<EventChannel>();
    expect(new Set(EVENT_CHANNELS).size).toBe(EVENT_CHANNELS.length);
    expect(new Set(INVOKE_CHANNELS).size).toBe(INVOKE_CHANNELS.length);
  });

  it('makes the payload required exactly where the schema refuses undefined', () => {
    expect(typeof compileOnly).toBe('function');
    for (const channel of INVOKE_CHANNELS) {
      const acceptsNone = invokeContract[channel].payload.safeParse(undefined).success;
      const optional = [
        'sessions:list',
        'profiles:list',
        'settings:get',
        'saml:forget-logins',
        'sso:list',
        'import:plan',
        'segments:list',
        'app:ready',
      ];
      expect(acceptsNone, channel).toBe(optional.includes(channel));
    }
    expectTypeOf<InvokeArgs<'session:start'>>().toEqualTypeOf<[payload: { id: string }]>();
    expectTypeOf<[]>().toExtend<InvokeArgs<'sessions:list'>>();
    expectTypeOf<InvokeValue<'session:remove'>>().toEqualTypeOf<{ id: string }>();
    // The console's sign-in URL stays in main: the renderer learns only which session and region.
    expectTypeOf<InvokeValue<'session:open-console'>>().toEqualTypeOf<{
      id: string;
      region: string;
    }>();
  });

  it('recognises channel names only, never prototype keys', () => {
    expect(isInvokeChannel('session:start')).toBe(true);
    expect(isEventChannel('session:changed')).toBe(true);
    for (const name of ['__proto__', 'constructor', 'toString', 'session:start ', 42, null]) {
      expect(isInvokeChannel(name), String(name)).toBe(false);
      expect(isEventChannel(name), String(name)).toBe(false);
    }
    expect(isEventChannel('session:start')).toBe(false);
    expect(isInvokeChannel('session:changed')).toBe(false);
  });
});
