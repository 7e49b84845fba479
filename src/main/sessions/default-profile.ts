// The `default` profile: a session's credentials written there too, with a hand-written [default]
// kept in the keychain (it may hold keys) while Airlock owns the profile, and given back after.
import type { AwsFiles } from '../aws-files/aws-files';
import type { SecretStore } from '../secrets/secret-store';
import type { AwsCredentials } from '../sts/sts-gateway';
import type { SessionStore, StoreData, StoredSession } from '../store/session-store';
import { findSession } from './config-checks';
import { credentialValues } from './profile-plan';

/** The keychain id under which a hand-written profile's original text is kept while Airlock owns it. */
export const backupId = (profile: string): string =>
  `profile-${profile.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;

export interface DefaultProfileDeps {
  store: SessionStore;
  files: AwsFiles;
  secrets: SecretStore;
}

export class DefaultProfile {
  constructor(private readonly deps: DefaultProfileDeps) {}

  /** The hand-written [default] waiting in the keychain, if any. */
  backup(): Promise<string | undefined> {
    return this.deps.secrets.get(backupId('default'), 'profile-backup');
  }

  /** The backup a stop of these sessions must restore, when one of them holds `default`. */
  async backupFor(data: StoreData, ids: readonly string[]): Promise<string | undefined> {
    const holder = data.defaultProfile;
    if (!holder?.backedUp || !ids.includes(holder.sessionId)) return undefined;
    return this.backup();
  }

  /** After a restore, the keychain copy has done its job. */
  async forget(profiles: readonly string[]): Promise<void> {
    for (const profile of profiles) {
      await this.deps.secrets.delete(backupId(profile), 'profile-backup');
    }
  }

  /**
   * Writes these live credentials as `default` (and its region), under the store's lock.
   * Resolves with the sessions whose profiles changed: this one, and the previous holder.
   */
  async take(s: StoredSession, creds: AwsCredentials): Promise<StoredSession[]> {
    return this.deps.store.update(async (data) => {
      const previous = data.defaultProfile;
      let backedUp = previous?.backedUp ?? false;
      const current = await this.deps.files.readProfile('credentials', 'default');
      if (current && current.owner === undefined) {
        await this.deps.secrets.set(backupId('default'), 'profile-backup', current.raw);
        backedUp = true;
      }
      await this.deps.files.applyBoth({
        credentials: [
          { profile: 'default', action: 'set', owner: s.id, set: credentialValues(creds) },
        ],
        // Tools need a region for the default profile too; a hand-written [default] keeps its own.
        config: [
          {
            profile: 'default',
            action: 'set',
            owner: s.id,
            handWritten: 'skip',
            set: { region: s.config.region ?? data.settings.defaultRegion },
          },
        ],
      });
      const prev =
        previous && previous.sessionId !== s.id ? data.sessions[previous.sessionId] : undefined;
      if (prev) prev.profiles = prev.profiles.filter((p) => p !== 'default');
      data.defaultProfile = { sessionId: s.id, backedUp };
      const cur = findSession(data, s.id);
      if (!cur.profiles.includes('default')) cur.profiles.push('default');
      return prev ? [cur, prev] : [cur];
    });
  }
}
