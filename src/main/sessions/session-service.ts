// SessionService: the state machine (inactive → pending → active → expired | failed). It carries
// out plans made elsewhere: config checks, profile edits, transitions, rotation policy, reconcile;
// the catalog, region switch, credential hand-out and scheduled rotations are modules it fronts.
import { AirlockError } from '../airlock-error';
import type { AwsFiles } from '../aws-files/aws-files';
import type { CoreEvents } from '../core-events';
import { CredentialCache } from '../secrets/credential-cache';
import type { SecretStore } from '../secrets/secret-store';
import type { AwsCredentials, StsGateway } from '../sts/sts-gateway';
import type { Clock } from '../rotation/clock';
import { deadlinesOf, expiredAt } from '../rotation/rotation-policy';
import type { SessionStore, StoredSession } from '../store/session-store';
import { CredentialResolver, type SsoRoleDeps, type StartOptions } from './credential-resolver';
import { CredentialHandout, type EnvExport } from './credential-handout';
import { findSession } from './config-checks';
import { DefaultProfile } from './default-profile';
import { RegionSwitch } from './region-switch';
import { RotationRunner } from './rotation-runner';
import { SessionCatalog } from './session-catalog';
import type { Prompter } from './prompter';
import { SessionWriter } from './session-writer';
import type { EnvFormat } from './env-export';
import { reconcile } from './reconcile';
import { NoticeBoard } from '../notices/notice-board';
import * as transition from './session-transitions';
import type {
  CallerIdentity,
  LongTermKeys,
  NewSessionInput,
  ProfileView,
  SessionConfig,
  SessionMarksPatch,
  SessionView,
} from '../../shared/sessions';
import type { Settings } from '../../shared/settings';

export type { EnvExport } from './credential-handout';

export interface SessionServiceDeps {
  store: SessionStore;
  secrets: SecretStore;
  files: AwsFiles;
  sts: StsGateway;
  events: CoreEvents;
  clock: Clock;
  prompter?: Prompter;
  /** IAM Identity Center: without it, starting an sso-role session fails with a clear error. */
  sso?: SsoRoleDeps;
  /** Where notices go, each event once; create-core shares one with Identity Center's sign-ins. */
  notices?: NoticeBoard;
  /** The command written as credential_process, e.g. "airlock" or "/usr/bin/node /opt/airlock/bin/airlock.mjs". */
  cliCommand: string;
}

export class SessionService {
  private readonly cache: CredentialCache;
  private readonly resolver: CredentialResolver;
  private readonly rotation: RotationRunner;
  private readonly defaultProfile: DefaultProfile;
  private readonly writer: SessionWriter;
  private readonly catalog: SessionCatalog;
  private readonly regions: RegionSwitch;
  private readonly handout: CredentialHandout;
  /** Pending is transient: it lives in memory, so a crash never leaves a session stuck in it. */
  private readonly pending = new Set<string>();

  constructor(private readonly deps: SessionServiceDeps) {
    this.cache = new CredentialCache(deps.secrets, () => deps.clock.now());
    this.defaultProfile = new DefaultProfile(deps);
    this.writer = new SessionWriter({
      ...deps,
      cache: this.cache,
      defaultProfile: this.defaultProfile,
      view: (s) => this.view(s),
      retired: () => this.rotation.reschedule(),
    });
    this.catalog = new SessionCatalog({
      ...deps,
      cache: this.cache,
      changed: (stored) => this.changed(stored),
      stop: (id) => this.stop(id),
      setRegion: (id, region) => this.regions.set(id, region),
    });
    this.regions = new RegionSwitch({ ...deps, changed: (stored) => this.changed(stored) });
    this.resolver = new CredentialResolver({
      sts: deps.sts,
      ...(deps.sso ? { sso: deps.sso } : {}),
      cache: this.cache,
      ...(deps.prompter ? { prompter: deps.prompter } : {}),
      // Settings are read where they are used: the CLI may change them while the app runs.
      defaultRegion: () => this.settings().defaultRegion,
      session: (id) => this.stored(id),
      now: () => deps.clock.now(),
    });
    this.rotation = new RotationRunner({
      ...deps,
      resolver: this.resolver,
      writer: this.writer,
      notices: deps.notices ?? new NoticeBoard(deps.events),
      isPending: (id) => this.pending.has(id),
    });
    this.handout = new CredentialHandout({
      ...deps,
      cache: this.cache,
      resolver: this.resolver,
      writer: this.writer,
      settings: () => this.settings(),
      changed: (stored) => this.changed(stored),
    });
  }

  // ---- queries and settings -------------------------------------------------------------------

  list(): SessionView[] {
    return Object.values(this.deps.store.read().sessions).map((s) => this.view(s));
  }

  get(idOrName: string): SessionView {
    return this.view(this.stored(idOrName));
  }

  /** The view of a stored session as this process sees it (pending lives only here). */
  view(s: StoredSession): SessionView {
    return transition.toView(s, this.pending.has(s.id));
  }

  settings(): Settings {
    return this.deps.store.read().settings;
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const next = await this.deps.store.update(
      (data) => (data.settings = { ...data.settings, ...patch }),
    );
    this.rotation.reschedule();
    return next;
  }

  listProfiles(): Promise<ProfileView[]> {
    return this.catalog.listProfiles();
  }

  // ---- configuration --------------------------------------------------------------------------

  add(input: NewSessionInput): Promise<SessionView> {
    return this.catalog.add(input);
  }

  edit(idOrName: string, config: SessionConfig, keys?: LongTermKeys): Promise<SessionView> {
    return this.catalog.edit(idOrName, config, keys);
  }

  remove(idOrName: string): Promise<{ id: string }> {
    return this.catalog.remove(idOrName);
  }

  /** Pin, colour, tags: what a person marks a session with (store only, no file, no STS). */
  setMarks(idOrName: string, patch: SessionMarksPatch): Promise<SessionView> {
    return this.catalog.setMarks(idOrName, patch);
  }

  /** A new region; an active session's config profile changes at once, with the same credentials. */
  setRegion(idOrName: string, region: string): Promise<SessionView> {
    return this.regions.set(idOrName, region);
  }

  private stored(idOrName: string): StoredSession {
    return findSession(this.deps.store.read(), idOrName);
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  async start(idOrName: string, options: StartOptions = {}): Promise<SessionView> {
    const s = this.stored(idOrName);
    this.deps.sts.warmUp();
    if (this.pending.has(s.id)) {
      throw new AirlockError('VALIDATION', `Session ${s.config.name} is already starting.`);
    }
    this.pending.add(s.id);
    this.changed(s);
    try {
      // Inside the try: an unreadable credentials file must leave the session failed with its error.
      await this.writer.assertProfileFree(s);
      const issued = await this.resolver.issue(s, options);
      this.pending.delete(s.id);
      await this.writer.persist([{ s, issued }]);
      return this.get(s.id);
    } catch (error) {
      this.pending.delete(s.id);
      // An active session keeps its status: its previous credentials are still in the files.
      const keep = transition.isPromptOutcome(error) || s.state.status === 'active';
      await this.writer.recordError(s.id, error, keep ? {} : { status: 'failed' });
      throw error;
    } finally {
      this.rotation.reschedule();
    }
  }

  async rotate(idOrName: string, options: StartOptions = {}): Promise<SessionView> {
    const s = this.stored(idOrName);
    if (s.state.status !== 'active') {
      // Starting it here would silently take its profile from whichever session holds it.
      throw new AirlockError(
        'NOT_ACTIVE',
        `Session ${s.config.name} is not active, so there is nothing to rotate. Start it with "airlock session start ${s.config.name}".`,
      );
    }
    const issued = await this.resolver.issue(s, options);
    await this.writer.persist([{ s, issued }]);
    this.rotation.reschedule();
    return this.get(s.id);
  }

  // ---- credentials handed out (credential-handout.ts) --------------------------------------------

  /** Cached while valid for minValidityMs (default: the rotation window), else new. */
  credentials(
    idOrName: string,
    minValidityMs?: number,
    options?: StartOptions,
  ): Promise<AwsCredentials> {
    return this.handout.credentials(idOrName, minValidityMs, options);
  }

  /** Export lines for the clipboard or `airlock env`, never the renderer. */
  exportEnv(idOrName: string, format?: EnvFormat): Promise<EnvExport> {
    return this.handout.exportEnv(idOrName, format);
  }

  whoami(idOrName: string, options?: StartOptions): Promise<CallerIdentity> {
    return this.handout.whoami(idOrName, options);
  }

  async stop(idOrName: string): Promise<SessionView> {
    const s = this.stored(idOrName);
    await this.writer.retire([s.id], 'inactive');
    return this.get(s.id);
  }

  async stopAll(): Promise<SessionView[]> {
    const ids = Object.values(this.deps.store.read().sessions)
      .filter((s) => s.state.status === 'active' || s.profiles.length > 0)
      .map((s) => s.id);
    if (ids.length) await this.writer.retire(ids, 'inactive');
    return ids.map((id) => this.get(id));
  }

  /** Makes this session's credentials the `default` profile too; a hand-written default is kept in the keychain and restored. */
  async makeDefault(idOrName: string): Promise<SessionView> {
    let s = this.stored(idOrName);
    if (s.state.status !== 'active') {
      await this.start(s.id);
      s = this.stored(s.id);
    }
    const creds = await this.cache.temporary(s.id, 0);
    if (!creds) {
      throw new AirlockError(
        'PARENT_INACTIVE',
        `Session ${s.config.name} has no live credentials. Start it again.`,
      );
    }
    for (const c of await this.defaultProfile.take(s, creds)) this.changed(c);
    return this.get(s.id);
  }

  // ---- rotation (rotation-runner.ts) and repair ------------------------------------------------

  /** Arms the scheduler from the store (e.g. after another process changed it). */
  reschedule(): void {
    this.rotation.reschedule();
  }

  /** Another process changed or removed these sessions: credentials held for them are re-read. */
  changedElsewhere(ids: Iterable<string>): void {
    this.cache.release(ids);
  }

  /** For tests and the CLI: run whatever is due now and wait for it. */
  runDueNow(): Promise<void> {
    return this.rotation.runDueNow();
  }

  /** Removes expired sessions' profiles and repairs what a crash left; every CLI command runs it. */
  async sweep(): Promise<void> {
    const expired = expiredAt(deadlinesOf(this.deps.store.read()), this.deps.clock.now());
    if (expired.length) await this.writer.retire(expired, 'expired', transition.EXPIRED_ERROR);
    const lost = await reconcile({
      store: this.deps.store,
      files: this.deps.files,
      defaultProfile: this.defaultProfile,
      cliCommand: this.deps.cliCommand,
      now: () => this.nowIso(),
    });
    for (const s of lost) this.changed(s);
  }

  dispose(): void {
    this.rotation.stop();
  }

  private nowIso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  private changed(s: StoredSession): SessionView {
    return this.writer.changed(s);
  }
}
