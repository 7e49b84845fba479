// Carries out the plans of a start, rotation and stop: the keychain cache, both AWS files and the
// store, which change together under the store's lock, then the events that tell the UI.
import { AirlockError } from '../airlock-error';
import type { AwsFiles } from '../aws-files/aws-files';
import type { CoreEvents } from '../core-events';
import type { CredentialCache } from '../secrets/credential-cache';
import type { Clock } from '../rotation/clock';
import type { SessionStore, StoredSession } from '../store/session-store';
import type { Issued } from './credential-resolver';
import { findSession } from './config-checks';
import type { DefaultProfile } from './default-profile';
import {
  displacedBy,
  ownerIndex,
  planActivation,
  planRetirement,
  type FilePlan,
} from './profile-plan';
import * as transition from './session-transitions';
import type { ErrorView } from '../../shared/errors';
import type { SessionState, SessionView } from '../../shared/sessions';

export type Batch = { s: StoredSession; issued: Issued }[];

export interface SessionWriterDeps {
  store: SessionStore;
  files: AwsFiles;
  cache: CredentialCache;
  defaultProfile: DefaultProfile;
  events: CoreEvents;
  clock: Clock;
  cliCommand: string;
  /** The view of a session as this process sees it (pending lives in the service). */
  view: (s: StoredSession) => SessionView;
  /** Called after profiles left the files: the rotation deadlines changed. */
  retired: () => void;
}

export class SessionWriter {
  constructor(private readonly deps: SessionWriterDeps) {}

  /**
   * The one path new credentials take: into the keychain cache and, for a live session, into the
   * files, side by side since neither needs the other. If the cache fails, the live profiles come
   * back out: children and credential_process rely on it.
   */
  async persist(batch: Batch, { files = true } = {}): Promise<void> {
    const [cached, written] = await Promise.allSettled([
      Promise.all(batch.map(({ s, issued }) => this.deps.cache.remember(s.id, issued.credentials))),
      files ? this.activate(batch) : undefined,
    ]);
    if (written.status === 'rejected') throw written.reason;
    if (cached.status === 'rejected') {
      if (files)
        await this.retire(
          batch.map(({ s }) => s.id),
          'inactive',
        );
      throw cached.reason;
    }
  }

  /** Writes the issued credentials for all these sessions in one write per file, then marks them active. */
  private async activate(batch: Batch): Promise<void> {
    const ids = batch.map(({ s }) => s.id);
    let displaced: StoredSession[] = [];
    // Files and store change under the store's lock together, so no other Airlock process ever
    // sees one without the other, and a reconcile after a crash knows nobody is mid-write.
    // The files' writes run beside the store's own temp-file write, which is renamed in after them.
    const updated = await this.deps.store.update(async (data, beside) => {
      const owners =
        data.settings.deliveryMode === 'file'
          ? new Map<string, string>()
          : ownerIndex(await this.deps.files.listOwners('credentials'));
      const issued = batch.map(({ s, issued }) => ({ id: s.id, credentials: issued.credentials }));
      beside(this.write(planActivation(data, issued, this.deps.cliCommand, owners)));
      displaced = displacedBy(data, ids).map((id) => findSession(data, id));
      for (const s of displaced) transition.markDisplaced(s);
      const now = this.now();
      return batch.map(({ s, issued }) => {
        const cur = findSession(data, s.id);
        transition.markActive(cur, issued, now);
        return cur;
      });
    });
    for (const s of [...displaced, ...updated]) this.changed(s);
  }

  /** Takes sessions' profiles out of the files (restoring a hand-written default) and sets their status. */
  async retire(
    ids: string[],
    status: 'inactive' | 'expired',
    lastError?: ErrorView,
  ): Promise<void> {
    let restored: string[] = [];
    const changed = await this.deps.store.update(async (data, beside) => {
      const [credentials, config] = await Promise.all([
        this.deps.files.listOwners('credentials'),
        this.deps.files.listOwners('config'),
      ]);
      const backup = await this.deps.defaultProfile.backupFor(data, ids);
      const owners = { credentials: ownerIndex(credentials), config: ownerIndex(config) };
      const plan = planRetirement(data, ids, owners, backup);
      beside(this.write(plan));
      restored = plan.restored;
      if (data.defaultProfile && ids.includes(data.defaultProfile.sessionId)) {
        delete data.defaultProfile;
      }
      const now = this.now();
      return ids.map((id) => {
        const s = findSession(data, id);
        transition.markRetired(s, status, lastError, now);
        return s;
      });
    });
    await this.deps.defaultProfile.forget(restored);
    for (const id of ids) await this.deps.cache.forget(id);
    for (const s of changed) this.changed(s);
    this.deps.retired();
  }

  /** A hand-written profile is never taken over: refuse before asking STS (and the person) for anything. */
  async assertProfileFree(s: StoredSession): Promise<void> {
    const { files } = this.deps;
    const profile = s.config.profile;
    const handWritten = async (kind: 'credentials' | 'config') => {
      const found = await files.readProfile(kind, profile);
      return found !== undefined && found.owner === undefined;
    };
    let path: string | undefined;
    if (await handWritten('credentials')) path = files.paths.credentialsFile;
    else if (
      this.deps.store.read().settings.deliveryMode === 'credential-process' &&
      (await handWritten('config'))
    )
      path = files.paths.configFile;
    if (path) {
      throw new AirlockError(
        'PROFILE_CONFLICT',
        `Profile ${profile} in ${path} was written by hand, so Airlock will not overwrite it. Give session ${s.config.name} another profile, or rename that section.`,
      );
    }
  }

  /** Sets lastError (and a status, when asked); a failed rotation also counts for the back-off. */
  async recordError(
    id: string,
    error: unknown,
    patch: Partial<SessionState>,
    countFailure = false,
  ): Promise<SessionView> {
    const s = await this.deps.store.update((d) => {
      const cur = findSession(d, id);
      transition.markError(cur, transition.errorView(error), patch, countFailure, this.now());
      return cur;
    });
    return this.changed(s);
  }

  /** Tells the UI about a session this process changed. */
  changed(s: StoredSession): SessionView {
    const view = this.deps.view(s);
    this.deps.events.emit('session:changed', view);
    return view;
  }

  /** Two files, two independent atomic writes: they run side by side. */
  private async write(plan: FilePlan): Promise<void> {
    await this.deps.files.applyBoth(plan);
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}
