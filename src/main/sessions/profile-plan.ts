// Which profile edits a start, rotation or stop makes: pure functions of the store's data and what
// the files hold. The service carries a plan out; nothing here touches a file.
import type { ProfileEdit } from '../aws-files/aws-files';
import type { AwsCredentials } from '../sts/sts-gateway';
import type { StoreData, StoredSession } from '../store/session-store';
import type { Settings } from '../../shared/settings';

/** The edits for each of the two files; an empty list means that file is not written. */
export interface FilePlan {
  credentials: ProfileEdit[];
  config: ProfileEdit[];
}

/** Profile name → the id in its Airlock marker (undefined: written by hand), for one file. */
export type OwnerIndex = ReadonlyMap<string, string | undefined>;

export function ownerIndex(sections: readonly { name: string; owner?: string }[]): OwnerIndex {
  return new Map(sections.map((p) => [p.name, p.owner]));
}

export function credentialValues(c: AwsCredentials): Record<string, string> {
  const values: Record<string, string> = {
    aws_access_key_id: c.accessKeyId,
    aws_secret_access_key: c.secretAccessKey,
  };
  if (c.sessionToken) values.aws_session_token = c.sessionToken;
  return values;
}

/** Every profile a session writes: its own, and any it took on (default). */
export function profilesOf(s: StoredSession): Set<string> {
  return new Set([s.config.profile, ...s.profiles]);
}

/** The session's config section: its region, and credential_process in that mode. */
export function configEdit(s: StoredSession, settings: Settings, cliCommand: string): ProfileEdit {
  const set: Record<string, string> = { region: s.config.region ?? settings.defaultRegion };
  const unset: string[] = [];
  if (settings.deliveryMode === 'credential-process') {
    set.credential_process = `${cliCommand} credential-process ${s.config.name}`;
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

function removeIfOwned(profile: string, id: string, owners: OwnerIndex): ProfileEdit[] {
  return owners.get(profile) === id ? [{ profile, action: 'remove' }] : [];
}

/** Sessions other than these that are active on a profile one of these takes. */
export function displacedBy(data: StoreData, ids: readonly string[]): string[] {
  const taking = new Map(ids.map((id) => [data.sessions[id]?.config.profile, id]));
  return Object.values(data.sessions)
    .filter((o) => o.state.status === 'active' && !ids.includes(o.id))
    .filter((o) => taking.has(o.config.profile))
    .map((o) => o.id);
}

/**
 * Writing new credentials for these sessions. File mode sets the keys in every profile the
 * session writes (refusing a hand-written one); credential-process mode keeps keys out of the
 * credentials file, taking out a section Airlock wrote there before.
 */
export function planActivation(
  data: StoreData,
  issued: readonly { id: string; credentials: AwsCredentials }[],
  cliCommand: string,
  credentialOwners: OwnerIndex,
): FilePlan {
  const plan: FilePlan = { credentials: [], config: [] };
  for (const { id, credentials } of issued) {
    const s = data.sessions[id];
    if (!s) continue;
    if (data.settings.deliveryMode === 'file') {
      for (const profile of profilesOf(s)) {
        plan.credentials.push({
          profile,
          action: 'set',
          owner: s.id,
          handWritten: 'refuse',
          set: credentialValues(credentials),
        });
      }
    } else {
      plan.credentials.push(...removeIfOwned(s.config.profile, s.id, credentialOwners));
    }
    plan.config.push(configEdit(s, data.settings, cliCommand));
  }
  return plan;
}

/**
 * Taking these sessions' profiles out of the files. A `default` whose hand-written original
 * waits in the keychain (`defaultBackup`) gets that text back instead of being removed.
 */
export function planRetirement(
  data: StoreData,
  ids: readonly string[],
  owners: { credentials: OwnerIndex; config: OwnerIndex },
  defaultBackup: string | undefined,
): FilePlan & { restored: string[] } {
  const plan: FilePlan & { restored: string[] } = { credentials: [], config: [], restored: [] };
  for (const id of ids) {
    const s = data.sessions[id];
    if (!s) continue;
    for (const profile of profilesOf(s)) {
      const restore =
        profile === 'default' &&
        defaultBackup !== undefined &&
        data.defaultProfile?.sessionId === id &&
        owners.credentials.get(profile) === id;
      if (restore) {
        plan.credentials.push({ profile, action: 'restore', raw: defaultBackup });
        plan.restored.push(profile);
      } else {
        plan.credentials.push(...removeIfOwned(profile, id, owners.credentials));
      }
      plan.config.push(...removeIfOwned(profile, id, owners.config));
    }
  }
  return plan;
}
