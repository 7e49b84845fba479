// The one typed map of IPC: invoke channels (payload schema + result type) and main→renderer events.
import * as z from 'zod';
import type { Result } from './errors';
import type { ErrorView } from './errors';
import {
  newSessionInputSchema,
  sessionIdSchema,
  sessionConfigSchema,
  longTermKeysSchema,
  settingsSchema,
  type CallerIdentity,
  type ProfileView,
  type SamlRoleChoice,
  type SessionView,
  type Settings,
} from './sessions';

const byId = z.object({ id: sessionIdSchema }).strict();
const none = z.undefined().or(z.object({}).strict());

export const invokeSchemas = {
  'sessions:list': none,
  'session:add': newSessionInputSchema.strict(),
  'session:edit': z
    .object({
      id: sessionIdSchema,
      config: sessionConfigSchema,
      keys: longTermKeysSchema.optional(),
    })
    .strict(),
  'session:remove': byId,
  'session:start': byId,
  'session:stop': byId,
  'session:rotate': byId,
  'session:whoami': byId,
  'profiles:list': none,
  'profile:make-default': byId,
  'settings:get': none,
  'settings:set': settingsSchema.partial().strict(),
  'prompt:answer-mfa': z
    .object({
      requestId: z.string().min(1).max(64),
      code: z
        .string()
        .regex(/^\d{6}$/)
        .nullable(),
    })
    .strict(),
  'prompt:answer-role': z
    .object({ requestId: z.string().min(1).max(64), roleArn: z.string().max(2048).nullable() })
    .strict(),
  'app:ready': none,
} as const;

export type InvokeChannel = keyof typeof invokeSchemas;
export type InvokePayload<C extends InvokeChannel> = z.input<(typeof invokeSchemas)[C]>;

export interface InvokeResults {
  'sessions:list': SessionView[];
  'session:add': SessionView;
  'session:edit': SessionView;
  'session:remove': { id: string };
  'session:start': SessionView;
  'session:stop': SessionView;
  'session:rotate': SessionView;
  'session:whoami': CallerIdentity;
  'profiles:list': ProfileView[];
  'profile:make-default': SessionView;
  'settings:get': Settings;
  'settings:set': Settings;
  'prompt:answer-mfa': { accepted: boolean };
  'prompt:answer-role': { accepted: boolean };
  'app:ready': { version: string };
}

export type InvokeResult<C extends InvokeChannel> = Result<InvokeResults[C]>;

export interface MfaPromptEvent {
  requestId: string;
  sessionId: string;
  sessionName: string;
  deviceArn: string;
  /** Set when a previous code for this request was rejected. */
  error?: ErrorView;
}

export interface RolePromptEvent {
  requestId: string;
  sessionId: string;
  sessionName: string;
  roles: SamlRoleChoice[];
}

export interface NotificationEvent {
  level: 'info' | 'warning' | 'error';
  sessionId?: string;
  message: string;
}

export interface EventPayloads {
  'session:changed': SessionView;
  'session:removed': { id: string };
  'prompt:mfa': MfaPromptEvent;
  'prompt:mfa-closed': { requestId: string };
  'prompt:role': RolePromptEvent;
  'prompt:role-closed': { requestId: string };
  notification: NotificationEvent;
}
export type EventChannel = keyof EventPayloads;
export const EVENT_CHANNELS: readonly EventChannel[] = [
  'session:changed',
  'session:removed',
  'prompt:mfa',
  'prompt:mfa-closed',
  'prompt:role',
  'prompt:role-closed',
  'notification',
];

/** The single object the preload exposes as `window.airlock`. */
export interface AirlockApi {
  invoke<C extends InvokeChannel>(channel: C, payload?: InvokePayload<C>): Promise<InvokeResult<C>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(invokeSchemas, value);
}
