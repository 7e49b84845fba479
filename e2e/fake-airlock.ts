// An in-page stand-in for `window.airlock` with canned data, for screenshots and the renderer
// bench, where the point is the UI and not the core. Specs use the real core (harness.ts).
import type { Page } from 'playwright-core';
import type { EventChannel, EventPayloads } from '../src/shared/ipc-contract';
import type { IntegrationView } from '../src/shared/identity-center';
import type { SegmentView } from '../src/shared/segment-fields';
import type { ProfileView, SessionView } from '../src/shared/sessions';
import type { Settings } from '../src/shared/settings';
import { DEFAULT_SETTINGS } from '../src/shared/settings';

export interface FakeData {
  sessions: SessionView[];
  profiles?: ProfileView[];
  settings?: Settings;
  integrations?: IntegrationView[];
  /** Saved filters the sidebar lists. */
  segments?: SegmentView[];
}

type Listener = (payload: unknown) => void;

/**
 * Runs in the page: serialised by Playwright, so it may use nothing from this module's scope.
 * The data rides in as JSON text and is parsed on the first call, as an IPC reply would be.
 * (A binding would be closer to IPC, but Playwright's binding transport is slower than Electron's.)
 */
function installInPage(arg: { json: string }): void {
  const listeners = new Map<string, Set<Listener>>();
  type Loaded = { sessions: Map<string, SessionView>; data: FakeData & { settings: Settings } };
  let loaded: Loaded | undefined;
  const load = async (): Promise<Loaded> => {
    if (!loaded) {
      const data = JSON.parse(arg.json) as FakeData & { settings: Settings };
      loaded = { data, sessions: new Map(data.sessions.map((s) => [s.id, s])) };
    }
    return loaded;
  };
  const emit = (event: string, payload: unknown): void => {
    for (const fn of listeners.get(event) ?? []) fn(payload);
  };
  const ok = (value: unknown) => ({ ok: true, value });
  const update = (
    sessions: Map<string, SessionView>,
    id: string,
    state: Partial<SessionView['state']>,
  ) => {
    const current = sessions.get(id);
    if (!current) return { ok: false, error: { code: 'NOT_FOUND', message: `No session ${id}.` } };
    const next = { ...current, state: { ...current.state, ...state } } as SessionView;
    sessions.set(id, next);
    emit('session:changed', next);
    return { ok: true, value: next };
  };
  const api = {
    async invoke(channel: string, payload?: { id?: string } & Record<string, unknown>) {
      const { data, sessions } = await load();
      switch (channel) {
        case 'sessions:list':
          return ok([...sessions.values()]);
        case 'profiles:list':
          return ok(data.profiles ?? []);
        case 'settings:get':
          return ok(data.settings);
        case 'sso:list':
          return ok(data.integrations ?? []);
        case 'segments:list':
          return ok(data.segments ?? []);
        case 'settings:set':
          data.settings = { ...data.settings, ...(payload as Partial<Settings>) };
          return ok(data.settings);
        case 'session:start':
          return update(sessions, payload?.id ?? '', {
            status: 'active',
            expiresAt: new Date(Date.now() + 3600_000).toISOString(),
          });
        case 'session:stop':
          return update(sessions, payload?.id ?? '', { status: 'inactive', expiresAt: undefined });
        case 'app:ready':
          return ok({ version: 'fake' });
        default:
          return ok({ accepted: true });
      }
    },
    on(event: string, listener: Listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  Object.defineProperty(globalThis, 'airlock', { value: Object.freeze(api) });
  Object.defineProperty(globalThis, '__fakeEmit', { value: emit });
}

export async function installFakeAirlock(page: Page, data: FakeData): Promise<void> {
  // tsx compiles with keepNames, so serialised functions call __name; give the page one.
  await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  const json = JSON.stringify({ ...data, settings: data.settings ?? DEFAULT_SETTINGS });
  await page.addInitScript(installInPage, { json });
}

export async function emitFake<E extends EventChannel>(
  page: Page,
  event: E,
  payload: EventPayloads[E],
): Promise<void> {
  await page.evaluate(
    ([e, p]) =>
      (globalThis as unknown as { __fakeEmit(e: string, p: unknown): void }).__fakeEmit(e, p),
    [event, payload] as const,
  );
}

const ACCOUNTS = ['111122223333', '444455556666', '777788889999', '210987654321'];
const TEAMS = ['platform', 'payments', 'search', 'data', 'mobile', 'identity', 'billing', 'edge'];
const ENVS = ['dev', 'staging', 'prod'];
const ROLES = ['Admin', 'ReadOnly', 'Deploy', 'Billing'];

/** `count` plausible sessions: a few iam-users, the rest roles chained from them. */
export function makeSessions(count: number, now = Date.now()): SessionView[] {
  const out: SessionView[] = [];
  for (let i = 0; i < count; i++) {
    const team = TEAMS[i % TEAMS.length] ?? 'team';
    const env = ENVS[Math.floor(i / TEAMS.length) % ENVS.length] ?? 'dev';
    const account = ACCOUNTS[i % ACCOUNTS.length] ?? '111122223333';
    const role = ROLES[i % ROLES.length] ?? 'Admin';
    const suffix =
      i < TEAMS.length * ENVS.length ? '' : `-${Math.floor(i / (TEAMS.length * ENVS.length))}`;
    const name =
      i < 2 ? (['alice', 'ci-bot'][i] ?? 'user') : `${team}-${env}-${role.toLowerCase()}${suffix}`;
    const status: SessionView['state']['status'] =
      i % 11 === 3 ? 'active' : i % 17 === 5 ? 'expired' : i % 29 === 7 ? 'failed' : 'inactive';
    const state: SessionView['state'] = { status };
    if (status === 'active') {
      state.expiresAt = new Date(now + ((i * 7919) % 3500) * 1000 + 60_000).toISOString();
      state.accountId = account;
    }
    if (status === 'failed') {
      state.lastError = {
        code: 'ACCESS_DENIED',
        message: `AccessDenied: not authorized to perform sts:AssumeRole on ${role}.`,
        at: new Date(now).toISOString(),
      };
    }
    if (i < 2) {
      out.push({
        id: `s${i}`,
        kind: 'iam-user',
        name,
        profile: name,
        region: 'eu-west-1',
        mfaSerial: `arn:aws:iam::${account}:mfa/${name}`,
        state:
          i === 0
            ? {
                status: 'active',
                accountId: account,
                expiresAt: new Date(now + 9 * 3600_000).toISOString(),
              }
            : state,
        profiles: i === 0 ? [name, 'default'] : [],
        hasStoredKeys: true,
      });
      continue;
    }
    out.push({
      id: `s${i}`,
      name,
      profile: name,
      ...(i % 3 === 0 ? { region: 'us-east-1' } : {}),
      ...(i % 13 === 0
        ? {
            kind: 'saml' as const,
            idpUrl: 'https://idp.example.com/sso/aws',
            roleArn: `arn:aws:iam::${account}:role/${role}`,
            principalArn: `arn:aws:iam::${account}:saml-provider/ExampleIdP`,
          }
        : {
            kind: 'iam-role' as const,
            parentId: 's0',
            roleArn: `arn:aws:iam::${account}:role/${role}`,
          }),
      state,
      profiles: status === 'active' ? [name] : [],
    } as SessionView);
  }
  return out;
}
