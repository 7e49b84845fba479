// The one typed map of IPC: each invoke channel defined once (payload schema + result type), each
// event once (payload type). The channel names are the zod-free lists of ipc-channels.ts, and the
// compiler holds this map and those lists to the same set of names.
import * as z from 'zod';
import type { ErrorView, Result } from './errors';
import type { EventChannel, InvokeChannel } from './ipc-channels';
import {
  newSessionInputSchema,
  regionSchema,
  sessionMarksSchema,
  sessionIdSchema,
  sessionConfigSchema,
  longTermKeysSchema,
  type CallerIdentity,
  type ProfileView,
  type SamlRoleChoice,
  type SessionView,
} from './sessions';
import { settingsSchema, type Settings } from './settings';
import {
  integrationConfigSchema,
  integrationEditSchema,
  integrationNameSchema,
  type IntegrationView,
  type SyncProgress,
  type SyncSummary,
} from './identity-center';
import { importSelectionSchema, type ImportApplyResult, type ImportPlanLine } from './import';
import { segmentInputSchema, segmentNameSchema, type SegmentView } from './segments';

export type { EventChannel, InvokeChannel } from './ipc-channels';

declare const resultType: unique symbol;

/** One invoke channel: the schema main validates its payload with, and (type only) what it answers. */
export interface ChannelDefinition<S extends z.ZodType = z.ZodType, R = unknown> {
  readonly payload: S;
  readonly [resultType]?: R;
}

function channel<S extends z.ZodType>(payload: S) {
  return { returns: <R>(): ChannelDefinition<S, R> => ({ payload }) };
}

const byId = z.object({ id: sessionIdSchema }).strict();
const none = z.undefined().or(z.object({}).strict());
const requestId = z.string().min(1).max(64);
const byName = z.object({ name: integrationNameSchema }).strict();

export const invokeContract = {
  'sessions:list': channel(none).returns<SessionView[]>(),
  'session:add': channel(newSessionInputSchema.strict()).returns<SessionView>(),
  'session:edit': channel(
    z
      .object({
        id: sessionIdSchema,
        config: sessionConfigSchema,
        keys: longTermKeysSchema.optional(),
      })
      .strict(),
  ).returns<SessionView>(),
  'session:remove': channel(byId).returns<{ id: string }>(),
  'session:start': channel(byId).returns<SessionView>(),
  'session:stop': channel(byId).returns<SessionView>(),
  'session:rotate': channel(byId).returns<SessionView>(),
  'session:whoami': channel(byId).returns<CallerIdentity>(),
  /** Opens the console signed in as the session (started first); the sign-in URL stays in main. */
  'session:open-console': channel(
    z.object({ id: sessionIdSchema, region: regionSchema.optional() }).strict(),
  ).returns<{ id: string; region: string }>(),
  /** An active session's config profile takes the region at once, with no new credentials. */
  'session:set-region': channel(
    z.object({ id: sessionIdSchema, region: regionSchema }).strict(),
  ).returns<SessionView>(),
  /** Pin, colour (null clears) and tags (replaced; [] clears): store only. */
  'session:set-marks': channel(
    sessionMarksSchema.extend({ id: sessionIdSchema }).strict(),
  ).returns<SessionView>(),
  /**
   * Main writes this session's `export` lines to the clipboard itself: the renderer gets only the
   * variable names and the expiry, never a credential.
   */
  'session:copy-env': channel(byId).returns<{ variables: string[]; expiresAt?: string }>(),
  'profiles:list': channel(none).returns<ProfileView[]>(),
  'profile:make-default': channel(byId).returns<SessionView>(),
  'settings:get': channel(none).returns<Settings>(),
  'settings:set': channel(settingsSchema.partial().strict()).returns<Settings>(),
  'prompt:answer-mfa': channel(
    z
      .object({
        requestId,
        code: z
          .string()
          .regex(/^\d{6}$/)
          .nullable(),
      })
      .strict(),
  ).returns<{ accepted: boolean }>(),
  'prompt:answer-role': channel(
    z.object({ requestId, roleArn: z.string().max(2048).nullable() }).strict(),
  ).returns<{ accepted: boolean }>(),
  /** Clears every SAML window's cookies and storage: the next login asks the IdP again. */
  'saml:forget-logins': channel(none).returns<{ cleared: number }>(),
  /** Identity Center integrations: config and login state, never a token. */
  'sso:list': channel(none).returns<IntegrationView[]>(),
  'sso:add': channel(integrationConfigSchema.strict()).returns<IntegrationView>(),
  /** Start URL, region, scopes, sync templates; never the name. A new start URL or region ends the sign-in. */
  'sso:edit': channel(
    z.object({ name: integrationNameSchema, changes: integrationEditSchema }).strict(),
  ).returns<IntegrationView>(),
  /** Resolves once signed in; the sign-in itself goes through the 'prompt:sso-login' events. */
  'sso:login': channel(
    z.object({ name: integrationNameSchema, useDeviceCode: z.boolean().optional() }).strict(),
  ).returns<IntegrationView>(),
  'sso:logout': channel(byName).returns<IntegrationView>(),
  /** `force` also removes its sso-role sessions; without it, an integration with sessions is kept. */
  'sso:remove': channel(
    z.object({ name: integrationNameSchema, force: z.boolean().optional() }).strict(),
  ).returns<{ name: string }>(),
  /** Progress arrives as 'sso:progress' events while it runs. */
  'sso:sync': channel(
    z.object({ name: integrationNameSchema, prune: z.boolean().optional() }).strict(),
  ).returns<SyncSummary>(),
  /** Ends the Identity Center login waiting behind this prompt. */
  'prompt:cancel-sso-login': channel(z.object({ requestId }).strict()).returns<{
    accepted: boolean;
  }>(),
  /** Opens the prompt's page (sign-in or device verification) in the system browser again. */
  'prompt:open-sso-page': channel(z.object({ requestId }).strict()).returns<{ opened: boolean }>(),
  /** How each profile of the AWS files would be imported (docs/import.md); changes nothing. */
  'import:plan': channel(none).returns<ImportPlanLine[]>(),
  /** Imports these profiles (all the plan does not skip when absent). */
  'import:apply': channel(importSelectionSchema.strict()).returns<ImportApplyResult>(),
  /** Saved filters of the sessions list, in the sidebar's order (docs/desktop-app.md). */
  'segments:list': channel(none).returns<SegmentView[]>(),
  /** A new name (unique in any case) unless `replace`, which overwrites that segment's filter and grouping. */
  'segments:save': channel(
    segmentInputSchema.extend({ replace: z.boolean().optional() }).strict(),
  ).returns<SegmentView>(),
  'segments:rename': channel(
    z.object({ name: segmentNameSchema, newName: segmentNameSchema }).strict(),
  ).returns<SegmentView>(),
  'segments:remove': channel(z.object({ name: segmentNameSchema }).strict()).returns<{
    name: string;
  }>(),
  'app:ready': channel(none).returns<{ version: string }>(),
} as const satisfies Record<InvokeChannel, ChannelDefinition>; // both ways: a missing or an extra name fails

type Contract = typeof invokeContract;

/** What the renderer passes (zod input). */
export type InvokePayload<C extends InvokeChannel> = z.input<Contract[C]['payload']>;
/** What the handler receives once the schema parsed it (zod output). */
export type ParsedPayload<C extends InvokeChannel> = z.output<Contract[C]['payload']>;
/** What the handler resolves with. */
export type InvokeValue<C extends InvokeChannel> =
  Contract[C] extends ChannelDefinition<z.ZodType, infer R> ? R : never;
/** What crosses back: the value or a coded error. */
export type InvokeResult<C extends InvokeChannel> = Result<InvokeValue<C>>;
/** `invoke`'s arguments after the channel: the payload, required unless the schema accepts none. */
export type InvokeArgs<C extends InvokeChannel> =
  undefined extends InvokePayload<C> ? [payload?: InvokePayload<C>] : [payload: InvokePayload<C>];

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

/** An Identity Center login waiting on the person: in the system browser, or with a device code. */
export type SsoLoginPromptEvent = { requestId: string; integrationName: string } & (
  | { method: 'browser' }
  | {
      method: 'device-code';
      userCode: string;
      verificationUri: string;
      verificationUriComplete?: string;
      /** ISO time the code stops working. */
      expiresAt: string;
    }
);

/** What a notice's one button does; names travel along so the button can say whose it is. */
export type NotificationAction =
  /** Rotate the session now (a failed rotation). */
  | { kind: 'retry'; sessionId: string; sessionName: string }
  /** Renew a session that needs a person: rotate it (start it once expired); MFA modal or SAML window. */
  | { kind: 'reauth'; sessionId: string; sessionName: string }
  /** Sign in to an Identity Center integration again. */
  | { kind: 'sso-login'; integration: string }
  /** Many notices at once: show the window on the session list. */
  | { kind: 'open-list' };

export interface NotificationEvent {
  level: 'info' | 'warning' | 'error';
  sessionId?: string;
  /** An Identity Center integration whose sign-in cannot be refreshed: the app offers Log in. */
  integration?: string;
  message: string;
  /**
   * The event this notice is about (e.g. `rotation-failed:<id>`): main posts a key once until the
   * event is over, and the renderer replaces an older toast with the same key.
   */
  key?: string;
  action?: NotificationAction;
}

/** Each event, once: its payload. */
export interface EventPayloads {
  'session:changed': SessionView;
  'session:removed': { id: string };
  'prompt:mfa': MfaPromptEvent;
  'prompt:mfa-closed': { requestId: string };
  'prompt:role': RolePromptEvent;
  'prompt:role-closed': { requestId: string };
  'prompt:sso-login': SsoLoginPromptEvent;
  'prompt:sso-login-closed': { requestId: string };
  'sso:changed': IntegrationView;
  'sso:removed': { name: string };
  'sso:progress': SyncProgress;
  /** The global shortcut was pressed: open the quick switcher. */
  'switcher:open': Record<string, never>;
  notification: NotificationEvent;
}

/** Compiles only while A and B hold the same names, so neither list can gain a channel alone. */
type SameNames<A extends PropertyKey, B extends PropertyKey> = [
  Exclude<A, B>,
  Exclude<B, A>,
] extends [never, never]
  ? true
  : { onlyInFirst: Exclude<A, B>; onlyInSecond: Exclude<B, A> };
type Holds<T extends true> = T;
type _EventNamesAgree = Holds<SameNames<keyof EventPayloads, EventChannel>>;

/** The single object the preload exposes as `window.airlock`. */
export interface AirlockApi {
  invoke<C extends InvokeChannel>(channel: C, ...payload: InvokeArgs<C>): Promise<InvokeResult<C>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}
