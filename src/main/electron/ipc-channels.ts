// The two Electron IPC channel names the preload and ipc-main share; contract channels ride inside.

/** renderer → main: `{ channel, payload }`, answered with a Result. */
export const INVOKE_IPC_CHANNEL = 'airlock:invoke';
/** main → renderer: `(eventName, payload)`. */
export const EVENT_IPC_CHANNEL = 'airlock:event';
