// Brings the files back in line with the store after a process died between its two writes.
// planReconcile is pure; reconcile() carries the plan out under the store's lock.
import type { AwsFiles, ProfileEdit } from '../aws-files/aws-files';
import type { SessionStore, StoreData, StoredSession } from '../store/session-store';
import type { DefaultProfile } from './default-profile';
import { configEdit, type FilePlan } from './profile-plan';
import { isLive, markLost } from './session-transitions';

type Section = { name: string; owner?: string };

export interface ReconcilePlan extends FilePlan {
  /** Active file-mode sessions whose profile is gone from the credentials file. */
  lost: string[];
  /** The session that held `default` is not live: its hand-written original goes back. */
  restoreDefault: boolean;
}

/**
 * Every start, rotation and stop holds the store's lock across both files' writes, so under that
 * lock nobody is mid-operation: an Airlock section whose session is not live is a leftover, and a
 * live file-mode session whose profile is gone is not live any more. Undefined: all agree.
 */
export function planReconcile(
  data: StoreData,
  credentials: readonly Section[],
  config: readonly Section[],
  cliCommand: string,
): ReconcilePlan | undefined {
  const leftovers = (sections: readonly Section[]): ProfileEdit[] =>
    sections
      .filter((p) => p.owner !== undefined && !isLive(data, p.owner, p.name))
      .map((p) => ({ profile: p.name, action: 'remove' }));
  const present = new Set(credentials.map((p) => `${p.owner ?? ''}/${p.name}`));
  const active = Object.values(data.sessions).filter((s) => s.state.status === 'active');
  const lost =
    data.settings.deliveryMode === 'file'
      ? active.filter((s) => !present.has(`${s.id}/${s.config.profile}`))
      : [];
  // A crash between the two files' writes can leave a live session without its config section.
  const inConfig = new Set(config.map((p) => p.name));
  const configless = active.filter((s) => !lost.includes(s) && !inConfig.has(s.config.profile));
  const plan: ReconcilePlan = {
    credentials: leftovers(credentials),
    config: [
      ...leftovers(config),
      ...configless.map((s) => configEdit(s, data.settings, cliCommand)),
    ],
    lost: lost.map((s) => s.id),
    restoreDefault: false,
  };
  if (!plan.credentials.length && !plan.config.length && !plan.lost.length) return undefined;
  const backup = data.defaultProfile;
  plan.restoreDefault = Boolean(backup?.backedUp && !isLive(data, backup.sessionId, 'default'));
  return plan;
}

export interface ReconcileDeps {
  store: SessionStore;
  files: AwsFiles;
  defaultProfile: DefaultProfile;
  cliCommand: string;
  now: () => string;
}

/** Repairs what a crash left; resolves with the sessions it marked lost (to tell the UI). */
export async function reconcile(deps: ReconcileDeps): Promise<StoredSession[]> {
  const owners = async () =>
    Promise.all([deps.files.listOwners('credentials'), deps.files.listOwners('config')]);
  // Checked without the lock first: almost always nothing is off, and then nothing is written.
  const [c0, k0] = await owners();
  if (!planReconcile(deps.store.read(), c0, k0, deps.cliCommand)) return [];
  return deps.store.update(async (data) => {
    const [credentials, config] = await owners();
    const plan = planReconcile(data, credentials, config, deps.cliCommand);
    if (!plan) return [];
    if (plan.restoreDefault) {
      const raw = await deps.defaultProfile.backup();
      const i = plan.credentials.findIndex((e) => e.profile === 'default');
      if (raw !== undefined && i >= 0)
        plan.credentials[i] = { profile: 'default', action: 'restore', raw };
      delete data.defaultProfile;
    }
    await deps.files.applyBoth(plan);
    const lost = plan.lost.map((id) => data.sessions[id]).filter((s) => s !== undefined);
    for (const s of lost) markLost(s, deps.now());
    return lost;
  });
}
