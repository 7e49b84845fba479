// What changed between two readings of the store: which sessions, and whether the settings. Pure.
import type { StoreData } from './session-store';

export interface StoreDiff {
  changed: string[];
  removed: string[];
  settingsChanged: boolean;
}

export function diffStores(before: StoreData, after: StoreData): StoreDiff {
  const changed: string[] = [];
  for (const [id, s] of Object.entries(after.sessions)) {
    const old = before.sessions[id];
    if (!old || JSON.stringify(old) !== JSON.stringify(s)) changed.push(id);
  }
  const removed = Object.keys(before.sessions).filter((id) => !(id in after.sessions));
  const settingsChanged =
    JSON.stringify(before.settings) !== JSON.stringify(after.settings) ||
    JSON.stringify(before.defaultProfile) !== JSON.stringify(after.defaultProfile);
  return { changed, removed, settingsChanged };
}

export function isEmptyDiff(diff: StoreDiff): boolean {
  return !diff.changed.length && !diff.removed.length && !diff.settingsChanged;
}
