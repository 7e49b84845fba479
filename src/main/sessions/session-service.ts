// SessionService: the state machine (inactive → pending → active → expired | failed) over STS, files, keychain and store.
import { randomUUID } from 'node:crypto';
import { AirlockError } from '../airlock-error';
import type { AwsFiles, ProfileEdit, ProfileSnapshot } from '../aws-files/aws-files';
import type { CoreEvents } from '../core-events';
import type { SecretStore } from '../secrets/secret-store';
import type { AwsCredentials, StsGateway } from '../sts/sts-gateway';
import type { Clock } from '../rotation/clock';
import {
  RotationScheduler,
  backoffMs,
  type Deadline,
  type DueWork,
} from '../rotation/rotation-scheduler';
import type { SessionStore, StoreData, StoredSession } from '../store/session-store';
import {
  CredentialResolver,
  accountFromArn,
  type Issued,
  type StartOptions,
} from './credential-resolver';
import type { Prompter } from './prompter';
import {
  newSessionInputSchema,
  sessionConfigSchema,
  type CallerIdentity,
  type LongTermKeys,
  type NewSessionInput,
  type ProfileView,
  type SessionConfig,
  type SessionState,
  type SessionView,
  type Settings,
} from '../../shared/sessions';
import type { ErrorView } from '../../shared/errors';

export interface SessionServiceDeps {
  store: SessionStore;
  secrets: SecretStore;
  files: AwsFiles;
  sts: StsGateway;
  events: CoreEvents;
  clock: Clock;
  prompter?: Prompter;
  /** The command written as credential_process, e.g. "airlock" or "/usr/bin/node /opt/airlock/bin/airlock.mjs". */
  cliCommand: string;
}

/** The keychain id under which a hand-written profile's original text is kept while Airlock owns it. */
const backupId = (profile: string): string =>
  `profile-${profile.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;

function views(data: StoreData, pending: ReadonlySet<string>): SessionView[] {
  return Object.values(data.sessions).map((s) => toView(s, pending.has(s.id)));
}

function toView(s: StoredSession, pending: boolean): SessionView {
  return {
    ...s.config,
    id: s.id,
    state: pending ? { ...s.state, status: 'pending' } : s.state,
    profiles: s.profiles,
  };
}

function isPromptOutcome(error: unknown): boolean {
  return (
    error instanceof AirlockError &&
    ['PROMPT_CANCELLED', 'MFA_REJECTED', 'MFA_REQUIRED'].includes(error.code)
  );
}

export class SessionService {
  private readonly resolver: CredentialResolver;
  private readonly scheduler: RotationScheduler;
  /** Pending is transient: it lives in memory, so a crash never leaves a session stuck in it. */
  private readonly pending = new Set<string>();
  private settingsCache: Settings;

  constructor(private readonly deps: SessionServiceDeps) {
    this.settingsCache = deps.store.read().settings;
    this.resolver = new CredentialResolver({
      sts: deps.sts,
      secrets: deps.secrets,
      ...(deps.prompter ? { prompter: deps.prompter } : {}),
      defaultRegion: () => this.settingsCache.defaultRegion,
      session: (id) => this.stored(id),
      now: () => deps.clock.now(),
    });
    this.scheduler = new RotationScheduler(
      deps.clock,
      () => this.deadlines(),
      (work) => this.runDue(work),
    );
  }

  // ---- queries -------------------------------------------------------------------------------

  list(): SessionView[] {
    return views(this.deps.store.read(), this.pending);
  }

  get(idOrName: string): SessionView {
    const s = this.stored(idOrName);
    return toView(s, this.pending.has(s.id));
  }

  private stored(idOrName: string, data = this.deps.store.read()): StoredSession {
    const s =
      data.sessions[idOrName] ??
      Object.values(data.sessions).find((x) => x.config.name === idOrName);
    if (!s) {
      throw new AirlockError(
        'NOT_FOUND',
        `No session named ${idOrName}. Run "airlock session list" to see them.`,
      );
    }
    return s;
  }

  settings(): Settings {
    this.settingsCache = this.deps.store.read().settings;
    return this.settingsCache;
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const next = await this.deps.store.update((data) => {
      data.settings = { ...data.settings, ...patch };
      return data.settings;
    });
    this.settingsCache = next;
    this.scheduler.reschedule();
    return next;
  }

  // ---- configuration -------------------------------------------------------------------------

  async add(input: NewSessionInput): Promise<SessionView> {
    const { config, keys } = newSessionInputSchema.parse(input);
    const data = this.deps.store.read();
    this.checkConfig(config, data, undefined);
    if (config.kind === 'iam-user' && !keys) {
      throw new AirlockError(
        'VALIDATION',
        `Session ${config.name} is an iam-user: its access key id and secret are required.`,
      );
    }
    const id = randomUUID().slice(0, 8);
    if (keys) await this.saveKeys(id, keys);
    const stored = await this.deps.store.update((d) => {
      this.checkConfig(config, d, undefined);
      const s: StoredSession = {
        id,
        config,
        state: { status: 'inactive' },
        profiles: [],
        createdAt: new Date(this.deps.clock.now()).toISOString(),
      };
      d.sessions[id] = s;
      return s;
    });
    return this.changed(stored);
  }

  async edit(idOrName: string, config: SessionConfig, keys?: LongTermKeys): Promise<SessionView> {
    const parsed = sessionConfigSchema.parse(config);
    const current = this.stored(idOrName);
    if (parsed.kind !== current.config.kind) {
      throw new AirlockError(
        'VALIDATION',
        `Session ${current.config.name} is a ${current.config.kind}; its kind cannot change. Add a new session instead.`,
      );
    }
    const wasActive = current.state.status === 'active';
    if (
      wasActive &&
      (parsed.profile !== current.config.profile || parsed.region !== current.config.region)
    ) {
      await this.stop(current.id);
    }
    if (keys) await this.saveKeys(current.id, keys);
    const stored = await this.deps.store.update((d) => {
      this.checkConfig(parsed, d, current.id);
      const s = this.stored(current.id, d);
      s.config = parsed;
      return s;
    });
    return this.changed(stored);
  }

  async remove(idOrName: string): Promise<{ id: string }> {
    const s = this.stored(idOrName);
    const children = Object.values(this.deps.store.read().sessions).filter(
      (c) => 'parentId' in c.config && c.config.parentId === s.id,
    );
    if (children.length) {
      throw new AirlockError(
        'VALIDATION',
        `Session ${s.config.name} is the parent of ${children.map((c) => c.config.name).join(', ')}. Remove or re-parent those first.`,
      );
    }
    if (s.state.status === 'active' || s.profiles.length) await this.stop(s.id);
    await this.deps.store.update((d) => {
      delete d.sessions[s.id];
    });
    await this.deps.secrets.delete(s.id, 'session');
    await this.deps.secrets.delete(s.id, 'long-term');
    this.deps.events.emit('session:removed', { id: s.id });
    return { id: s.id };
  }

  private async saveKeys(id: string, keys: LongTermKeys): Promise<void> {
    await this.deps.secrets.set(
      id,
      'long-term',
      JSON.stringify({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }),
    );
  }

  private checkConfig(config: SessionConfig, data: StoreData, selfId: string | undefined): void {
    for (const other of Object.values(data.sessions)) {
      if (other.id !== selfId && other.config.name === config.name) {
        throw new AirlockError(
          'ALREADY_EXISTS',
          `A session named ${config.name} already exists. Pick another name.`,
        );
      }
    }
    if ('parentId' in config) {
      const parent = data.sessions[config.parentId];
      if (!parent) {
        throw new AirlockError(
          'VALIDATION',
          `The parent of session ${config.name} does not exist. Pick an existing session as parent.`,
        );
      }
      if (config.kind === 'federated-user' && parent.config.kind !== 'iam-user') {
        throw new AirlockError(
          'VALIDATION',
          `Session ${config.name} is a federated user: its parent must be an iam-user session.`,
        );
      }
      // Walk up: a loop would make start recurse forever.
      const seen = new Set<string>(selfId ? [selfId] : []);
      let cursor: StoredSession | undefined = parent;
      while (cursor) {
        if (seen.has(cursor.id)) {
          throw new AirlockError(
            'VALIDATION',
            `Session ${config.name} would be its own ancestor. Pick another parent.`,
          );
        }
        seen.add(cursor.id);
        cursor = 'parentId' in cursor.config ? data.sessions[cursor.config.parentId] : undefined;
      }
    }
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  async start(idOrName: string, options: StartOptions = {}): Promise<SessionView> {
    const s = this.stored(idOrName);
    this.deps.sts.warmUp();
    if (this.pending.has(s.id)) {
      throw new AirlockError('VALIDATION', `Session ${s.config.name} is already starting.`);
    }
    this.pending.add(s.id);
    this.emit(s);
    try {
      // Inside the try: an unreadable credentials file must leave the session failed with its error.
      await this.assertProfileFree(s);
      const issued = await this.resolver.issue(s, options);
      this.pending.delete(s.id);
      await this.persist([{ s, issued }]);
      return this.get(s.id);
    } catch (error) {
      this.pending.delete(s.id);
      // An active session keeps its status: its previous credentials are still in the files.
      const keepStatus = isPromptOutcome(error) || s.state.status === 'active';
      await this.markError(s.id, error, keepStatus ? {} : { status: 'failed' });
      throw error;
    } finally {
      this.scheduler.reschedule();
    }
  }

  /** A hand-written profile is never taken over: refuse before asking STS (and the person) for anything. */
  private async assertProfileFree(s: StoredSession): Promise<void> {
    const profile = s.config.profile;
    const credentials = await this.deps.files.readProfile('credentials', profile);
    let path: string | undefined;
    if (credentials && credentials.owner === undefined)
      path = this.deps.files.paths.credentialsFile;
    if (!path && this.settingsCache.deliveryMode === 'credential-process') {
      const config = await this.deps.files.readProfile('config', profile);
      if (config && config.owner === undefined) {
        path = this.deps.files.paths.configFile;
      }
    }
    if (path) {
      throw new AirlockError(
        'PROFILE_CONFLICT',
        `Profile ${profile} in ${path} was written by hand, so Airlock will not overwrite it. Give session ${s.config.name} another profile, or rename that section.`,
      );
    }
  }

  /** Caches new credentials in the keychain and writes the files concurrently: neither needs the other. */
  private async persist(batch: { s: StoredSession; issued: Issued }[]): Promise<void> {
    const [cached, written] = await Promise.allSettled([
      Promise.all(
        batch.map(({ s, issued }) =>
          this.deps.secrets.set(s.id, 'session', JSON.stringify(issued.credentials)),
        ),
      ),
      this.activate(batch),
    ]);
    if (written.status === 'rejected') throw written.reason;
    if (cached.status === 'rejected') {
      // Children and credential_process rely on the cache: take the live profiles back out.
      await this.retire(
        batch.map(({ s }) => s.id),
        'inactive',
      );
      throw cached.reason;
    }
  }

  /** Writes the issued credentials for all these sessions in one write per file, then marks them active. */
  private async activate(batch: { s: StoredSession; issued: Issued }[]): Promise<SessionView[]> {
    const settings = this.settingsCache;
    const displaced: string[] = [];
    // Files and store change under the store's lock together, so no other Airlock process ever
    // sees one without the other, and a reconcile after a crash knows nobody is mid-write.
    const updated = await this.deps.store.update(async (data) => {
      const credEdits: ProfileEdit[] = [];
      const configEdits: ProfileEdit[] = [];
      for (const { s: given } of batch) {
        const s = this.stored(given.id, data);
        // One active session per profile: another session on this profile gives it up.
        for (const other of Object.values(data.sessions)) {
          if (
            other.id !== s.id &&
            other.state.status === 'active' &&
            other.config.profile === s.config.profile
          ) {
            displaced.push(other.id);
          }
        }
        const issued = batch.find((b) => b.s.id === s.id)!.issued;
        if (settings.deliveryMode === 'file') {
          for (const profile of new Set([s.config.profile, ...s.profiles])) {
            credEdits.push({
              profile,
              action: 'set',
              owner: s.id,
              handWritten: 'refuse',
              set: credentialValues(issued.credentials),
            });
          }
        } else {
          credEdits.push(
            ...this.ownedRemovals(
              s.config.profile,
              s.id,
              await this.deps.files.readProfile('credentials', s.config.profile),
            ),
          );
        }
        configEdits.push(this.configEdit(s));
      }
      // Two files, two independent atomic writes: they run side by side.
      await Promise.all([
        credEdits.length ? this.deps.files.apply('credentials', credEdits) : undefined,
        this.deps.files.apply('config', configEdits),
      ]);

      const now = new Date(this.deps.clock.now()).toISOString();
      for (const id of displaced) {
        const other = data.sessions[id];
        if (other) {
          other.state = { ...other.state, status: 'inactive', expiresAt: undefined };
          other.profiles = other.profiles.filter((p) => p !== other.config.profile);
        }
      }
      return batch.map(({ s, issued }) => {
        const cur = this.stored(s.id, data);
        cur.state = {
          status: 'active',
          startedAt: cur.state.status === 'active' ? cur.state.startedAt : now,
          issuedAt: now,
          expiresAt: issued.credentials.expiration,
          accountId: issued.accountId ?? accountFromArn(issued.arn) ?? cur.state.accountId,
          arn: issued.arn ?? cur.state.arn,
          failures: 0,
        };
        if (!cur.profiles.includes(cur.config.profile)) cur.profiles.unshift(cur.config.profile);
        return cur;
      });
    });
    for (const id of displaced) this.emit(this.stored(id));
    return updated.map((s) => this.changed(s));
  }

  /** The session's config section: its region, and credential_process in that mode. */
  private configEdit(s: StoredSession): ProfileEdit {
    const set: Record<string, string> = {
      region: s.config.region ?? this.settingsCache.defaultRegion,
    };
    const unset: string[] = [];
    if (this.settingsCache.deliveryMode === 'credential-process') {
      set.credential_process = `${this.deps.cliCommand} credential-process ${s.config.name}`;
    } else {
      unset.push('credential_process');
    }
    // A hand-written config section (the user's own region, output…) is left as it is.
    return {
      profile: s.config.profile,
      action: 'set',
      owner: s.id,
      handWritten: 'skip',
      set,
      unset,
    };
  }

  private ownedRemovals(
    profile: string,
    id: string,
    snapshot: { owner?: string } | undefined,
  ): ProfileEdit[] {
    return snapshot && snapshot.owner === id ? [{ profile, action: 'remove' }] : [];
  }

  async stop(idOrName: string): Promise<SessionView> {
    const s = this.stored(idOrName);
    await this.retire([s.id], 'inactive');
    return this.get(s.id);
  }

  async stopAll(): Promise<SessionView[]> {
    const ids = Object.values(this.deps.store.read().sessions)
      .filter((s) => s.state.status === 'active' || s.profiles.length > 0)
      .map((s) => s.id);
    if (ids.length) await this.retire(ids, 'inactive');
    return ids.map((id) => this.get(id));
  }

  /** Takes sessions' profiles out of the files (restoring hand-written ones) and sets their status. */
  private async retire(
    ids: string[],
    status: 'inactive' | 'expired',
    lastError?: ErrorView,
  ): Promise<void> {
    const restored: string[] = [];
    // As in activate: the files and the store change together, under the store's lock.
    const changed = await this.deps.store.update(async (data) => {
      const credentials = byName(await this.deps.files.listOwners('credentials'));
      const config = byName(await this.deps.files.listOwners('config'));
      const credEdits: ProfileEdit[] = [];
      const configEdits: ProfileEdit[] = [];
      for (const id of ids) {
        const s = this.stored(id, data);
        for (const profile of new Set([s.config.profile, ...s.profiles])) {
          const snapshot = credentials.get(profile);
          const keepsBackup =
            profile === 'default' &&
            data.defaultProfile?.sessionId === id &&
            data.defaultProfile.backedUp;
          const raw = keepsBackup
            ? await this.deps.secrets.get(backupId(profile), 'profile-backup')
            : undefined;
          if (raw !== undefined && snapshot?.owner === id) {
            credEdits.push({ profile, action: 'restore', raw });
            restored.push(profile);
          } else {
            credEdits.push(...this.ownedRemovals(profile, id, snapshot));
          }
          configEdits.push(...this.ownedRemovals(profile, id, config.get(profile)));
        }
      }
      await Promise.all([
        credEdits.length ? this.deps.files.apply('credentials', credEdits) : undefined,
        configEdits.length ? this.deps.files.apply('config', configEdits) : undefined,
      ]);
      if (data.defaultProfile && ids.includes(data.defaultProfile.sessionId)) {
        delete data.defaultProfile;
      }
      return ids.map((id) => {
        const s = this.stored(id, data);
        s.state = {
          status,
          ...(s.state.accountId ? { accountId: s.state.accountId } : {}),
          ...(s.state.arn ? { arn: s.state.arn } : {}),
          ...(lastError
            ? { lastError: { ...lastError, at: new Date(this.deps.clock.now()).toISOString() } }
            : {}),
        };
        s.profiles = [];
        return s;
      });
    });
    for (const profile of restored) {
      await this.deps.secrets.delete(backupId(profile), 'profile-backup');
    }
    for (const id of ids) await this.deps.secrets.delete(id, 'session');
    for (const s of changed) this.changed(s);
    this.scheduler.reschedule();
  }

  async rotate(idOrName: string, options: StartOptions = {}): Promise<SessionView> {
    const s = this.stored(idOrName);
    if (s.state.status !== 'active') return this.start(s.id, options);
    const issued = await this.resolver.issue(s, options);
    await this.persist([{ s, issued }]);
    this.scheduler.reschedule();
    return this.get(s.id);
  }

  /** Credentials to hand out (env, exec, credential_process): cached while valid for minValidityMs, else new. */
  async credentials(
    idOrName: string,
    minValidityMs?: number,
    options: StartOptions = {},
  ): Promise<AwsCredentials> {
    const s = this.stored(idOrName);
    const window = minValidityMs ?? this.settingsCache.rotationWindowSeconds * 1000;
    const cached = await this.resolver.cached(s, window);
    if (cached) return cached;
    const issued = await this.resolver.issue(s, options);
    await this.deps.secrets.set(s.id, 'session', JSON.stringify(issued.credentials));
    if (s.state.status === 'active') {
      await this.activate([{ s, issued }]);
      this.scheduler.reschedule();
    }
    return issued.credentials;
  }

  async whoami(idOrName: string): Promise<CallerIdentity> {
    const s = this.stored(idOrName);
    const creds = await this.credentials(s.id, 60_000);
    const identity = await this.deps.sts.getCallerIdentity(
      { sessionName: s.config.name, region: s.config.region ?? this.settingsCache.defaultRegion },
      creds,
    );
    const stored = await this.deps.store.update((d) => {
      const cur = this.stored(s.id, d);
      cur.state = { ...cur.state, accountId: identity.Account, arn: identity.Arn };
      return cur;
    });
    this.changed(stored);
    return identity;
  }

  // ---- profiles ------------------------------------------------------------------------------

  async listProfiles(): Promise<ProfileView[]> {
    const data = this.deps.store.read();
    const byName = new Map<string, ProfileView>();
    const entry = (name: string): ProfileView => {
      let v = byName.get(name);
      if (!v) {
        v = { name, owner: 'none', inCredentials: false, inConfig: false };
        byName.set(name, v);
      }
      return v;
    };
    for (const p of await this.deps.files.listOwners('credentials')) {
      const v = entry(p.name);
      v.inCredentials = true;
      const owner = p.owner ? data.sessions[p.owner] : undefined;
      v.owner = p.owner ? 'airlock' : 'user';
      if (owner) {
        v.sessionId = owner.id;
        v.sessionName = owner.config.name;
      }
    }
    for (const p of await this.deps.files.listOwners('config')) entry(p.name).inConfig = true;
    for (const s of Object.values(data.sessions)) {
      const v = entry(s.config.profile);
      if (v.owner === 'none') {
        v.sessionId = s.id;
        v.sessionName = s.config.name;
      }
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Makes this session's credentials the `default` profile too; a hand-written default is kept in the keychain and restored. */
  async makeDefault(idOrName: string): Promise<SessionView> {
    let s = this.stored(idOrName);
    if (s.state.status !== 'active') {
      await this.start(s.id);
      s = this.stored(s.id);
    }
    const creds = await this.resolver.cached(s, 0);
    if (!creds) {
      throw new AirlockError(
        'PARENT_INACTIVE',
        `Session ${s.config.name} has no live credentials. Start it again.`,
      );
    }
    const changed = await this.deps.store.update(async (data) => {
      const previous = data.defaultProfile;
      let backedUp = previous?.backedUp ?? false;
      const current = await this.deps.files.readProfile('credentials', 'default');
      if (current && current.owner === undefined) {
        // A hand-written [default] may hold keys: it waits in the keychain, not in the store.
        await this.deps.secrets.set(backupId('default'), 'profile-backup', current.raw);
        backedUp = true;
      }
      await Promise.all([
        this.deps.files.apply('credentials', [
          { profile: 'default', action: 'set', owner: s.id, set: credentialValues(creds) },
        ]),
        // Tools need a region for the default profile too; a hand-written [default] keeps its own.
        this.deps.files.apply('config', [
          {
            profile: 'default',
            action: 'set',
            owner: s.id,
            handWritten: 'skip',
            set: { region: s.config.region ?? this.settingsCache.defaultRegion },
          },
        ]),
      ]);
      const prev =
        previous && previous.sessionId !== s.id ? data.sessions[previous.sessionId] : undefined;
      if (prev) prev.profiles = prev.profiles.filter((p) => p !== 'default');
      data.defaultProfile = { sessionId: s.id, backedUp };
      const cur = this.stored(s.id, data);
      if (!cur.profiles.includes('default')) cur.profiles.push('default');
      return prev ? [cur, prev] : [cur];
    });
    for (const c of changed) this.changed(c);
    return this.get(s.id);
  }

  // ---- rotation ------------------------------------------------------------------------------

  private deadlines(): Deadline[] {
    const window = this.settingsCache.rotationWindowSeconds * 1000;
    const out: Deadline[] = [];
    for (const s of Object.values(this.deps.store.read().sessions)) {
      if (s.state.status !== 'active' || !s.state.expiresAt || this.pending.has(s.id)) continue;
      const expiresAt = Date.parse(s.state.expiresAt);
      let rotateAt = expiresAt - window;
      // A window as long as the credentials' life would make every fresh set due at once, in a
      // loop: never rotate before half of the current set's life has passed.
      const issuedAt = Date.parse(s.state.issuedAt ?? s.state.startedAt ?? '');
      if (Number.isFinite(issuedAt)) {
        rotateAt = Math.max(rotateAt, issuedAt + (expiresAt - issuedAt) / 2);
      }
      if (s.state.failures && s.state.lastError) {
        rotateAt = Math.max(
          rotateAt,
          Date.parse(s.state.lastError.at) + backoffMs(s.state.failures),
        );
      }
      out.push({ id: s.id, expiresAt, ...(rotateAt < expiresAt ? { rotateAt } : {}) });
    }
    return out;
  }

  /** Rotations due together are issued in parallel and written in one write per file. */
  private async runDue(work: DueWork): Promise<void> {
    if (work.expire.length) {
      await this.retire(work.expire, 'expired', {
        code: 'EXPIRED_TOKEN',
        message:
          'The credentials expired and were removed from the files. Start the session again.',
      });
    }
    const results = await Promise.allSettled(
      work.rotate.map(async (id) => {
        const s = this.stored(id);
        const issued = await this.resolver.issue(s, {});
        await this.deps.secrets.set(s.id, 'session', JSON.stringify(issued.credentials));
        return { s, issued };
      }),
    );
    const ok: { s: StoredSession; issued: Issued }[] = [];
    for (const [i, r] of results.entries()) {
      if (r.status === 'fulfilled') ok.push(r.value);
      else await this.rotationFailed(work.rotate[i]!, r.reason);
    }
    if (ok.length) await this.activate(ok);
  }

  private async rotationFailed(id: string, error: unknown): Promise<void> {
    const view = await this.markError(id, error, {}, true);
    this.deps.events.emit('notification', {
      level: 'error',
      sessionId: id,
      message: `Rotation of session ${view.name} failed: ${view.state.lastError?.message ?? 'unknown error'}`,
    });
  }

  /** Sets lastError (and optionally status); counts a failure for the back-off when asked. */
  private async markError(
    id: string,
    error: unknown,
    patch: Partial<SessionState>,
    countFailure = false,
  ): Promise<SessionView> {
    const view =
      error instanceof AirlockError
        ? error.toView()
        : { code: 'INTERNAL', message: 'Unexpected error.' };
    const s = await this.deps.store.update((d) => {
      const cur = this.stored(id, d);
      cur.state = {
        ...cur.state,
        ...patch,
        lastError: { ...view, at: new Date(this.deps.clock.now()).toISOString() },
        ...(countFailure ? { failures: (cur.state.failures ?? 0) + 1 } : {}),
      };
      return cur;
    });
    return this.changed(s);
  }

  /** Arms the scheduler from the store (e.g. after another process changed it). */
  reschedule(): void {
    this.scheduler.reschedule();
  }

  /** For tests and the CLI: run whatever is due now and wait for it. */
  async runDueNow(): Promise<void> {
    await this.scheduler.fire();
  }

  /** Removes expired sessions' profiles; the CLI calls this since no scheduler lives between its runs. */
  async sweep(): Promise<void> {
    const now = this.deps.clock.now();
    const expired = this.deadlines()
      .filter((d) => d.expiresAt !== undefined && d.expiresAt <= now)
      .map((d) => d.id);
    if (expired.length) {
      await this.retire(expired, 'expired', {
        code: 'EXPIRED_TOKEN',
        message:
          'The credentials expired and were removed from the files. Start the session again.',
      });
    }
    await this.reconcile();
  }

  /**
   * Brings the files back in line with the store after a process died between its two writes.
   * It runs under the store's lock, which every start, rotation and stop holds across both writes,
   * so nobody is mid-operation: an Airlock section whose session is not live is a leftover, and a
   * live file-mode session whose profile is gone is not live any more.
   */
  private async reconcile(): Promise<void> {
    // Checked without the lock first: almost always nothing is off, and then nothing is written.
    if (!(await this.drift(this.deps.store.read()))) return;
    let lost: StoredSession[] = [];
    await this.deps.store.update(async (data) => {
      const drift = await this.drift(data);
      if (!drift) return;
      const credEdits = drift.leftovers(drift.credentials);
      const backup = data.defaultProfile;
      if (backup?.backedUp && !drift.live(backup.sessionId, 'default')) {
        const raw = await this.deps.secrets.get(backupId('default'), 'profile-backup');
        const i = credEdits.findIndex((e) => e.profile === 'default');
        if (raw !== undefined && i >= 0) {
          credEdits[i] = { profile: 'default', action: 'restore', raw };
        }
        delete data.defaultProfile;
      }
      await Promise.all([
        credEdits.length ? this.deps.files.apply('credentials', credEdits) : undefined,
        this.deps.files.apply('config', [
          ...drift.leftovers(drift.config),
          ...drift.configless.map((c) => this.configEdit(c)),
        ]),
      ]);
      const at = new Date(this.deps.clock.now()).toISOString();
      for (const s of drift.lost) {
        s.state = {
          ...s.state,
          status: 'inactive',
          lastError: {
            code: 'FILE_IO',
            message: `The profile ${s.config.profile} of session ${s.config.name} was no longer in the credentials file. Start the session again.`,
            at,
          },
        };
        s.profiles = [];
      }
      lost = drift.lost;
    });
    for (const s of lost) this.changed(s);
  }

  /** What reconcile would change, or undefined when the files and the store agree. */
  private async drift(data: StoreData) {
    const live = (owner: string | undefined, profile: string): boolean => {
      const s = owner === undefined ? undefined : data.sessions[owner];
      return (
        s?.state.status === 'active' && new Set([s.config.profile, ...s.profiles]).has(profile)
      );
    };
    const leftovers = (sections: ProfileOwner[]): ProfileEdit[] =>
      sections
        .filter((p) => p.owner !== undefined && !live(p.owner, p.name))
        .map((p) => ({ profile: p.name, action: 'remove' }));
    const credentials = await this.deps.files.listOwners('credentials');
    const config = await this.deps.files.listOwners('config');
    const present = new Set(credentials.map((p) => `${p.owner ?? ''}/${p.name}`));
    const lost =
      this.settingsCache.deliveryMode === 'file'
        ? Object.values(data.sessions).filter(
            (s) => s.state.status === 'active' && !present.has(`${s.id}/${s.config.profile}`),
          )
        : [];
    // A crash between the two files' writes can leave a live session without its config section.
    const inConfig = new Set(config.map((p) => p.name));
    const configless = Object.values(data.sessions).filter(
      (s) => s.state.status === 'active' && !lost.includes(s) && !inConfig.has(s.config.profile),
    );
    const orphaned = leftovers(credentials).length + leftovers(config).length > 0;
    return orphaned || lost.length || configless.length
      ? { live, leftovers, credentials, config, lost, configless }
      : undefined;
  }

  dispose(): void {
    this.scheduler.stop();
  }

  private emit(s: StoredSession): void {
    this.deps.events.emit('session:changed', toView(s, this.pending.has(s.id)));
  }

  private changed(s: StoredSession): SessionView {
    const view = toView(s, this.pending.has(s.id));
    this.deps.events.emit('session:changed', view);
    return view;
  }
}

type ProfileOwner = Pick<ProfileSnapshot, 'name' | 'owner'>;

function byName(snapshots: ProfileOwner[]): Map<string, ProfileOwner> {
  return new Map(snapshots.map((p) => [p.name, p]));
}

function credentialValues(c: AwsCredentials): Record<string, string> {
  const values: Record<string, string> = {
    aws_access_key_id: c.accessKeyId,
    aws_secret_access_key: c.secretAccessKey,
  };
  if (c.sessionToken) values.aws_session_token = c.sessionToken;
  return values;
}
