// Which config-file edits a region switch makes: pure, over the store's data and the config file's
// owners. An inactive session writes nothing; an active one gets its region (and its `default`'s)
// set in place, with no new credentials.
import type { ProfileEdit } from '../aws-files/aws-files';
import type { StoreData } from '../store/session-store';
import { configEdit, type OwnerIndex } from './profile-plan';

export type RegionPlan =
  | { kind: 'edits'; config: ProfileEdit[] }
  /** The session's own config section was written by hand: its region is the user's. */
  | { kind: 'hand-written'; profile: string };

export function planRegionSwitch(
  data: StoreData,
  id: string,
  region: string,
  cliCommand: string,
  configOwners: OwnerIndex,
): RegionPlan {
  const s = data.sessions[id];
  if (!s || s.state.status !== 'active') return { kind: 'edits', config: [] };
  const profile = s.config.profile;
  if (configOwners.has(profile) && configOwners.get(profile) === undefined) {
    return { kind: 'hand-written', profile };
  }
  const moved = { ...s, config: { ...s.config, region } };
  const config = [configEdit(moved, data.settings, cliCommand)];
  // `make default` gave it [default] too; a hand-written [default] keeps its own region.
  if (data.defaultProfile?.sessionId === id && s.profiles.includes('default')) {
    config.push({
      profile: 'default',
      action: 'set',
      owner: id,
      handWritten: 'skip',
      set: { region },
    });
  }
  return { kind: 'edits', config };
}
