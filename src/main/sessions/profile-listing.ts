// The profiles view: every profile in either file or named by a session, and who owns it. Pure.
import type { StoreData } from '../store/session-store';
import type { ProfileView } from '../../shared/sessions';

type Section = { name: string; owner?: string };

export function listProfiles(
  data: StoreData,
  credentials: readonly Section[],
  config: readonly Section[],
): ProfileView[] {
  const byName = new Map<string, ProfileView>();
  const entry = (name: string): ProfileView => {
    let v = byName.get(name);
    if (!v) {
      v = { name, owner: 'none', inCredentials: false, inConfig: false };
      byName.set(name, v);
    }
    return v;
  };
  for (const p of credentials) {
    const v = entry(p.name);
    v.inCredentials = true;
    v.owner = p.owner ? 'airlock' : 'user';
    const owner = p.owner ? data.sessions[p.owner] : undefined;
    if (owner) {
      v.sessionId = owner.id;
      v.sessionName = owner.config.name;
    }
  }
  for (const p of config) entry(p.name).inConfig = true;
  for (const s of Object.values(data.sessions)) {
    const v = entry(s.config.profile);
    if (v.owner === 'none') {
      v.sessionId = s.id;
      v.sessionName = s.config.name;
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
