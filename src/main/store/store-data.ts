// What the session store's file holds, and the check that reads it: pure, no file access (session-store.ts reads and writes).
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../shared/settings';
import { integrationConfigSchema, type IntegrationConfig } from '../../shared/identity-center';
import type { SegmentView } from '../../shared/segments';
import { readStoredSession, type StoredSession } from './stored-session';
import { readStoredSegments } from './stored-segments';

/** An IAM Identity Center integration: config only; its registration and tokens are in the keychain. */
export interface StoredIntegration extends IntegrationConfig {
  createdAt: string;
}

export interface StoreData {
  sessions: Record<string, StoredSession>;
  /** Identity Center integrations by name (absent: none). */
  integrations?: Record<string, StoredIntegration>;
  settings: Settings;
  /** Which session owns the `default` profile, and whether a hand-written one was backed up. */
  defaultProfile?: { sessionId: string; backedUp: boolean };
  /** What `airlock import --apply` took over, so `--undo` gives exactly that back (no secrets). */
  imports?: ImportedProfile[];
  /** Saved filters of the sessions list, in the sidebar's order (absent: none). No secrets. */
  segments?: SegmentView[];
}

/** One imported profile: its session (or integration) and where each kept section stood. */
export interface ImportedProfile {
  profile: string;
  sessionId?: string;
  /** An Identity Center integration the import added. */
  integration?: string;
  /** Per file: where the section started, and the sha256 of the text before it then. */
  sections: { file: 'credentials' | 'config'; offset: number; prefixHash: string }[];
  importedAt: string;
}

export function emptyData(): StoreData {
  return { sessions: {}, integrations: {}, settings: { ...DEFAULT_SETTINGS } };
}

/** Freezes a plain JSON value all the way down. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isImportedProfile(value: unknown): value is ImportedProfile {
  return (
    isObject(value) &&
    typeof value.profile === 'string' &&
    (value.sessionId === undefined || typeof value.sessionId === 'string') &&
    (value.integration === undefined || typeof value.integration === 'string') &&
    typeof value.importedAt === 'string' &&
    Array.isArray(value.sections) &&
    value.sections.every(
      (section) =>
        isObject(section) &&
        (section.file === 'credentials' || section.file === 'config') &&
        typeof section.offset === 'number' &&
        typeof section.prefixHash === 'string',
    )
  );
}

/** Checks the shape we rely on; a file that parses as JSON but not as a store counts as corrupt. */
export function readData(raw: Record<string, unknown>): StoreData {
  const data = emptyData();
  if (isObject(raw.settings)) {
    data.settings = settingsSchema.parse({ ...DEFAULT_SETTINGS, ...raw.settings });
  }
  if (raw.sessions !== undefined && !isObject(raw.sessions))
    throw new Error('sessions is not an object');
  for (const [id, value] of Object.entries(raw.sessions ?? {})) {
    data.sessions[id] = readStoredSession(id, value);
  }
  if (raw.integrations !== undefined && !isObject(raw.integrations))
    throw new Error('integrations is not an object');
  for (const [name, value] of Object.entries(raw.integrations ?? {})) {
    if (!isObject(value)) throw new Error(`integration ${name} is not an object`);
    (data.integrations ??= {})[name] = {
      ...integrationConfigSchema.parse({ ...value, name }),
      createdAt: typeof value.createdAt === 'string' ? value.createdAt : new Date(0).toISOString(),
    };
  }
  const segments = readStoredSegments(raw.segments);
  if (segments.length) data.segments = segments;
  if (Array.isArray(raw.imports)) data.imports = raw.imports.filter(isImportedProfile);
  if (isObject(raw.defaultProfile) && typeof raw.defaultProfile.sessionId === 'string') {
    data.defaultProfile = {
      sessionId: raw.defaultProfile.sessionId,
      backedUp: raw.defaultProfile.backedUp === true,
    };
  }
  return data;
}
