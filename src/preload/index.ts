// The preload: exposes exactly `window.airlock = { invoke, on }`, typed from the IPC contract.
// It imports only types from the contract, so the sandboxed CJS bundle pulls in no zod.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  AirlockApi,
  EventChannel,
  EventPayloads,
  InvokeChannel,
} from '../shared/ipc-contract';
import { EVENT_IPC_CHANNEL, INVOKE_IPC_CHANNEL } from '../main/electron/ipc-channels';

/** Every event channel, checked exhaustive against the contract by the Record type. */
const EVENTS: Record<EventChannel, true> = {
  'session:changed': true,
  'session:removed': true,
  'prompt:mfa': true,
  'prompt:mfa-closed': true,
  'prompt:role': true,
  'prompt:role-closed': true,
  notification: true,
};

const INVOKES: Record<InvokeChannel, true> = {
  'sessions:list': true,
  'session:add': true,
  'session:edit': true,
  'session:remove': true,
  'session:start': true,
  'session:stop': true,
  'session:rotate': true,
  'session:whoami': true,
  'profiles:list': true,
  'profile:make-default': true,
  'settings:get': true,
  'settings:set': true,
  'prompt:answer-mfa': true,
  'prompt:answer-role': true,
  'app:ready': true,
};

const has = (table: object, key: unknown): boolean =>
  typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key);

type Listener = (payload: unknown) => void;
const listeners = new Map<EventChannel, Set<Listener>>();

ipcRenderer.on(EVENT_IPC_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (!has(EVENTS, name)) return;
  for (const listener of listeners.get(name as EventChannel) ?? []) listener(payload);
});

const api: AirlockApi = {
  invoke(channel, payload) {
    if (!has(INVOKES, channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'VALIDATION', message: 'Unknown request.' },
      });
    }
    return ipcRenderer.invoke(INVOKE_IPC_CHANNEL, { channel, payload });
  },
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void) {
    if (!has(EVENTS, event)) throw new TypeError(`Unknown Airlock event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const wrapped = listener as Listener;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('airlock', api);
