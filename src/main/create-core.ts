// Composition root: builds the session core for the Electron shell, the CLI and the tests alike.
import { homedir } from 'node:os';
import { AwsFiles, resolveAwsFilePaths } from './aws-files/aws-files';
import { awsFilePermissionWarnings } from './aws-files/file-permissions';
import { CoreEvents } from './core-events';
import { ExpiryNotices } from './notices/expiry-notices';
import { NoticeBoard } from './notices/notice-board';
import { KeytarSecretStore } from './secrets/keytar-secret-store';
import type { SecretStore } from './secrets/secret-store';
import { StsGateway } from './sts/sts-gateway';
import { systemClock, type Clock } from './rotation/clock';
import { SessionStore, defaultAirlockHome } from './store/session-store';
import { watchStore } from './store/store-watch';
import { SessionService } from './sessions/session-service';
import { createIdentityCenter } from './identity-center/create-identity-center';
import { IdentityCenterService } from './identity-center/identity-center-service';
import { PortalClient } from './identity-center/portal-client';
import { SsoSync } from './identity-center/sso-sync';
import type { Prompter } from './sessions/prompter';
import { ImportService } from './import/import-service';
import { ConsoleSigninService } from './console/console-signin';
import { CredentialCache } from './secrets/credential-cache';
import type { NotificationEvent } from '../shared/ipc-contract';
import type { Settings } from '../shared/settings';
import { SegmentCatalog } from './segments/segment-catalog';

export interface CoreOptions {
  /** Where the store lives; default AIRLOCK_HOME, else the app's user-data folder. */
  airlockHome?: string;
  /** The user's home, for ~/.aws; default $HOME. */
  homeDir?: string;
  /** Environment to read AWS_* and AIRLOCK_* from; default process.env. */
  env?: Record<string, string | undefined>;
  secrets?: SecretStore;
  prompter?: Prompter;
  events?: CoreEvents;
  clock?: Clock;
  /** The command the config file's credential_process runs; default $AIRLOCK_CLI_COMMAND or "airlock". */
  cliCommand?: string;
  /** Arm the rotation scheduler (the app); the CLI only sweeps expired sessions. */
  rotate?: boolean;
  sts?: { maxAttempts?: number; requestTimeoutMs?: number };
}

export interface Core {
  sessions: SessionService;
  /** IAM Identity Center integrations: login, sync, logout. */
  identityCenter: IdentityCenterService;
  /** `airlock import`: the AWS files' profiles as sessions, and back (docs/import.md). */
  imports: ImportService;
  /** Console sign-in URLs (docs/console.md). */
  console: ConsoleSigninService;
  events: CoreEvents;
  store: SessionStore;
  files: AwsFiles;
  /** Start-up warnings about the AWS files (others can write them); also emitted as notifications. */
  warnings: string[];
  /**
   * The notifications emitted while the core started (the store set aside, AWS files others can
   * write): the app's renderer link and OS notifications subscribe only after that, so they replay these.
   */
  startupNotices: readonly NotificationEvent[];
  settings: { get(): Promise<Settings>; set(patch: Partial<Settings>): Promise<Settings> };
  /** Saved filters of the sessions list (store only, no secrets). */
  segments: SegmentCatalog;
  dispose(): Promise<void>;
}

export async function createCore(options: CoreOptions = {}): Promise<Core> {
  const env = options.env ?? process.env;
  const homeDir = options.homeDir ?? env.HOME ?? homedir();
  const events = options.events ?? new CoreEvents();
  const store = new SessionStore(options.airlockHome ?? defaultAirlockHome(env, homeDir));
  await store.migrate();
  const files = new AwsFiles(resolveAwsFilePaths(env, homeDir));
  // The STS client's settings (AWS_ENDPOINT_URL_STS, endpoint_url, FIPS, retry mode, …) come from
  // this env and these files, resolved by Airlock with the SDK's precedence.
  const sts = new StsGateway({
    shared: { env, paths: resolveAwsFilePaths(env, homeDir) },
    ...options.sts,
  });
  // Unset: dev.airlock.app, with the entries of the old name `airlock` moved on first use.
  const secrets = options.secrets ?? new KeytarSecretStore(env.AIRLOCK_KEYCHAIN_SERVICE);
  const clock = options.clock ?? systemClock;
  // Identity Center: as for STS, the SDK reads AWS_ENDPOINT_URL_SSO(_OIDC) itself unless given an env.
  const ssoEndpoints = options.env
    ? {
        ...(env.AWS_ENDPOINT_URL_SSO_OIDC ? { oidc: env.AWS_ENDPOINT_URL_SSO_OIDC } : {}),
        ...(env.AWS_ENDPOINT_URL_SSO ? { portal: env.AWS_ENDPOINT_URL_SSO } : {}),
      }
    : {};
  // One board for the whole core: the sign-ins and the rotations tell an event once between them.
  const notices = new NoticeBoard(events);
  const identityCenter = createIdentityCenter({
    store,
    secrets,
    homeDir,
    endpoints: ssoEndpoints,
    events,
    notices,
    now: () => clock.now(),
    ...(options.prompter ? { prompter: options.prompter } : {}),
  });
  const portal = new PortalClient({
    tokens: identityCenter.logins,
    ...(ssoEndpoints.portal ? { endpoint: ssoEndpoints.portal } : {}),
  });
  const integration = (name: string) => store.read().integrations?.[name];
  const sessions = new SessionService({
    store,
    secrets,
    files,
    sts,
    events,
    clock,
    notices,
    ...(options.prompter ? { prompter: options.prompter } : {}),
    cliCommand: options.cliCommand ?? env.AIRLOCK_CLI_COMMAND ?? 'airlock',
    sso: { portal, integration },
  });
  const sso = new IdentityCenterService({
    identityCenter,
    sync: new SsoSync({
      store,
      portal,
      integration,
      secrets,
      events,
      view: (s) => sessions.view(s),
      now: () => clock.now(),
    }),
    sessions,
    store,
    events,
  });
  const longTerm = new CredentialCache(secrets, () => clock.now());
  const consoleSignin = new ConsoleSigninService({
    sessions,
    sts,
    longTermKeys: (id) => longTerm.longTerm(id),
    ...(env.AIRLOCK_FEDERATION_URL ? { federationUrl: env.AIRLOCK_FEDERATION_URL } : {}),
  });
  const imports = new ImportService({
    store,
    files,
    secrets,
    sessions,
    identityCenter: sso,
    now: () => clock.now(),
  });
  const warnings = await awsFilePermissionWarnings(files.paths);
  const startupNotices = [...store.warnings, ...warnings].map((message): NotificationEvent => ({
    level: 'warning',
    message,
  }));
  for (const notice of startupNotices) events.emit('notification', notice);

  let unwatch: (() => void) | undefined;
  let expiryNotices: ExpiryNotices | undefined;
  if (options.rotate) {
    await sessions.sweep();
    sessions.reschedule();
    expiryNotices = new ExpiryNotices({ clock, events, board: notices, read: () => store.read() });
    expiryNotices.check();
    // The CLI may change the store while the app runs: re-arm, and tell the UI what changed.
    unwatch = watchStore(store, (diff, data) => {
      sessions.changedElsewhere([...diff.changed, ...diff.removed]);
      sessions.reschedule();
      for (const id of diff.changed) {
        const s = data.sessions[id];
        if (s) events.emit('session:changed', sessions.view(s));
      }
      for (const id of diff.removed) events.emit('session:removed', { id });
    });
  }

  return {
    sessions,
    identityCenter: sso,
    imports,
    console: consoleSignin,
    events,
    store,
    files,
    warnings,
    startupNotices,
    settings: {
      get: async () => sessions.settings(),
      set: (patch) => sessions.updateSettings(patch),
    },
    segments: new SegmentCatalog(store),
    async dispose() {
      unwatch?.();
      expiryNotices?.stop();
      sessions.dispose();
      sts.destroy();
      portal.destroy();
      identityCenter.dispose();
    },
  };
}
