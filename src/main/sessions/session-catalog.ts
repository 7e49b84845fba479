// The sessions as configuration: add, edit and remove them (keys to the keychain, the rest to the
// store), and the profiles view. Starting and stopping belong to the SessionService.
import { newSessionId } from '../store/session-id';
import type { AwsFiles } from '../aws-files/aws-files';
import type { CoreEvents } from '../core-events';
import type { Clock } from '../rotation/clock';
import type { CredentialCache } from '../secrets/credential-cache';
import type { SessionStore, StoredSession } from '../store/session-store';
import {
  checkConfig,
  checkEdit,
  checkNewSession,
  checkRemovable,
  findSession,
  isUserEdit,
} from './config-checks';
import { listProfiles } from './profile-listing';
import { applyMarks } from './session-marks';
import {
  newSessionInputSchema,
  sessionConfigSchema,
  sessionMarksSchema,
  type SessionMarksPatch,
  type LongTermKeys,
  type NewSessionInput,
  type ProfileView,
  type SessionConfig,
  type SessionView,
} from '../../shared/sessions';

export interface SessionCatalogDeps {
  store: SessionStore;
  files: AwsFiles;
  cache: CredentialCache;
  events: CoreEvents;
  clock: Clock;
  /** Tells the UI; resolves the view. */
  changed: (s: StoredSession) => SessionView;
  /** Takes a live session's profiles out of the files first, as a move or removal needs. */
  stop: (id: string) => Promise<unknown>;
  /** A new region for a live session's profile, in place, with the same credentials. */
  setRegion: (id: string, region: string) => Promise<unknown>;
}

export class SessionCatalog {
  constructor(private readonly deps: SessionCatalogDeps) {}

  async add(input: NewSessionInput): Promise<SessionView> {
    const parsed = newSessionInputSchema.parse(input);
    checkNewSession(parsed, this.deps.store.read());
    const id = newSessionId(this.deps.store.read().sessions);
    const marks = parsed.marks ? applyMarks(undefined, parsed.marks) : undefined;
    if (parsed.keys) await this.deps.cache.saveLongTerm(id, parsed.keys);
    const stored = await this.deps.store.update((d) => {
      checkConfig(parsed.config, d, undefined);
      const s: StoredSession = {
        id,
        config: parsed.config,
        state: { status: 'inactive' },
        profiles: [],
        createdAt: new Date(this.deps.clock.now()).toISOString(),
        ...(parsed.keys ? { keysStored: true } : {}),
        ...(marks ? { marks } : {}),
      };
      return (d.sessions[id] = s);
    });
    return this.deps.changed(stored);
  }

  async edit(idOrName: string, config: SessionConfig, keys?: LongTermKeys): Promise<SessionView> {
    const parsed = sessionConfigSchema.parse(config);
    const current = findSession(this.deps.store.read(), idOrName);
    checkEdit(current, parsed);
    const active = current.state.status === 'active';
    const newRegion = parsed.region !== current.config.region ? parsed.region : undefined;
    // A new profile name (or going back to the default region) takes the session's profiles out
    // first; a new region alone moves the live profile in place, as `session region` does.
    const moves =
      parsed.profile !== current.config.profile ||
      (parsed.region === undefined && current.config.region !== undefined);
    if (active && moves) await this.deps.stop(current.id);
    else if (active && newRegion) await this.deps.setRegion(current.id, newRegion);
    if (keys) await this.deps.cache.saveLongTerm(current.id, keys);
    const stored = await this.deps.store.update((d) => {
      checkConfig(parsed, d, current.id);
      const s = findSession(d, current.id);
      if (isUserEdit(s.config, parsed)) s.sync = { ...s.sync, userEdited: true };
      s.config = parsed;
      if (keys) s.keysStored = true;
      return s;
    });
    return this.deps.changed(stored);
  }

  /** Pin, colour and tags: the store only, whatever the session's state. */
  async setMarks(idOrName: string, patch: SessionMarksPatch): Promise<SessionView> {
    const parsed = sessionMarksSchema.parse(patch);
    const current = findSession(this.deps.store.read(), idOrName);
    const stored = await this.deps.store.update((d) => {
      const s = findSession(d, current.id);
      const marks = applyMarks(s.marks, parsed);
      if (marks) s.marks = marks;
      else delete s.marks;
      return s;
    });
    return this.deps.changed(stored);
  }

  async remove(idOrName: string): Promise<{ id: string }> {
    const data = this.deps.store.read();
    const s = findSession(data, idOrName);
    checkRemovable(s, data);
    if (s.state.status === 'active' || s.profiles.length) await this.deps.stop(s.id);
    await this.deps.store.update((d) => void delete d.sessions[s.id]);
    await this.deps.cache.forgetAll(s.id);
    this.deps.events.emit('session:removed', { id: s.id });
    return { id: s.id };
  }

  async listProfiles(): Promise<ProfileView[]> {
    const [credentials, config] = await Promise.all([
      this.deps.files.listOwners('credentials'),
      this.deps.files.listOwners('config'),
    ]);
    return listProfiles(this.deps.store.read(), credentials, config);
  }
}
