// The preload: exposes exactly `window.airlock = { invoke, on }`, typed from the IPC contract.
// Its only value import is the zod-free channel list, so the sandboxed CJS bundle carries no zod.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AirlockApi, EventPayloads } from '../shared/ipc-contract';
import {
  EVENT_WIRE_CHANNEL,
  INVOKE_WIRE_CHANNEL,
  isEventChannel,
  isInvokeChannel,
  type EventChannel,
} from '../shared/ipc-channels';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventChannel, Set<Listener>>();

ipcRenderer.on(EVENT_WIRE_CHANNEL, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (!isEventChannel(name)) return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const api: AirlockApi = {
  invoke(channel, ...[payload]) {
    if (!isInvokeChannel(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'VALIDATION', message: 'Unknown request.' },
      });
    }
    return ipcRenderer.invoke(INVOKE_WIRE_CHANNEL, { channel, payload });
  },
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void) {
    if (!isEventChannel(event)) throw new TypeError(`Unknown Airlock event: ${String(event)}`);
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
