// The names of every IPC channel as plain data, with no zod: the preload's allow-lists come from
// here, and ipc-contract.ts is checked at compile time to define exactly these channels.

/** Requests the renderer may make; each answers with a `Result`. */
export const INVOKE_CHANNELS = [
  'sessions:list',
  'session:add',
  'session:edit',
  'session:remove',
  'session:start',
  'session:stop',
  'session:rotate',
  'session:whoami',
  'session:open-console',
  'session:set-region',
  'session:set-marks',
  'session:copy-env',
  'profiles:list',
  'profile:make-default',
  'settings:get',
  'settings:set',
  'prompt:answer-mfa',
  'prompt:answer-role',
  'saml:forget-logins',
  'sso:list',
  'sso:add',
  'sso:edit',
  'sso:login',
  'sso:logout',
  'sso:remove',
  'sso:sync',
  'prompt:cancel-sso-login',
  'prompt:open-sso-page',
  'import:plan',
  'import:apply',
  'segments:list',
  'segments:save',
  'segments:rename',
  'segments:remove',
  'app:ready',
] as const;

/** Events main sends the renderer. */
export const EVENT_CHANNELS = [
  'session:changed',
  'session:removed',
  'prompt:mfa',
  'prompt:mfa-closed',
  'prompt:role',
  'prompt:role-closed',
  'prompt:sso-login',
  'prompt:sso-login-closed',
  'notification',
  'sso:changed',
  'sso:removed',
  'sso:progress',
  'switcher:open',
] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

/** The one Electron channel for requests, renderer → main: `{ channel, payload }`, answered with a Result. */
export const INVOKE_WIRE_CHANNEL = 'airlock:invoke';
/** The one Electron channel for events, main → renderer: `(event, payload)`. */
export const EVENT_WIRE_CHANNEL = 'airlock:event';

const invokeSet: ReadonlySet<string> = new Set(INVOKE_CHANNELS);
const eventSet: ReadonlySet<string> = new Set(EVENT_CHANNELS);

/** A Set, not `in`: '__proto__', 'constructor' and friends are not channels. */
export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && invokeSet.has(value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && eventSet.has(value);
}
