// Changes a session's region: in the store, and for an active session in its config-file profile
// at once (one lossless write, under the store's lock as a start does), with no STS call.
import { AirlockError } from '../airlock-error';
import type { AwsFiles } from '../aws-files/aws-files';
import type { SessionStore, StoredSession } from '../store/session-store';
import { findSession, isUserEdit } from './config-checks';
import { ownerIndex } from './profile-plan';
import { planRegionSwitch } from './region-plan';
import { regionSchema, sessionConfigSchema, type SessionView } from '../../shared/sessions';

export interface RegionSwitchDeps {
  store: SessionStore;
  files: AwsFiles;
  cliCommand: string;
  /** Tells the UI; resolves the view. */
  changed: (s: StoredSession) => SessionView;
}

export class RegionSwitch {
  constructor(private readonly deps: RegionSwitchDeps) {}

  async set(idOrName: string, region: string): Promise<SessionView> {
    const named = findSession(this.deps.store.read(), idOrName);
    if (!regionSchema.safeParse(region).success) {
      throw new AirlockError(
        'VALIDATION',
        `"${region}" is not a region like eu-west-1, so session ${named.config.name} keeps ${named.config.region ?? 'the default region'}.`,
      );
    }
    const stored = await this.deps.store.update(async (data) => {
      const s = findSession(data, named.id);
      const owners = ownerIndex(await this.deps.files.listOwners('config'));
      const plan = planRegionSwitch(data, s.id, region, this.deps.cliCommand, owners);
      if (plan.kind === 'hand-written') {
        throw new AirlockError(
          'PROFILE_CONFLICT',
          `Profile ${plan.profile} in ${this.deps.files.paths.configFile} was written by hand, so Airlock does not change its region. Edit region there, or give session ${s.config.name} a profile of its own.`,
        );
      }
      if (plan.config.length) await this.deps.files.apply('config', plan.config);
      const next = sessionConfigSchema.parse({ ...s.config, region });
      // A sync keeps a region the user chose (sync.userEdited), as it does after an edit.
      if (isUserEdit(s.config, next)) s.sync = { ...s.sync, userEdited: true };
      s.config = next;
      return s;
    });
    return this.deps.changed(stored);
  }
}
