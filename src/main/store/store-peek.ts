// A zod-free look into the store's text for the one thing a cached credential_process needs: the
// session's id and the rotation window. Anything it is not sure of reads as "ask the full store".
import { STORE_VERSION } from './store-file';

export interface PeekedSession {
  id: string;
  /** settings.rotationWindowSeconds in ms: cached credentials must stay valid this long. */
  rotationWindowMs: number;
}

/** DEFAULT_SETTINGS.rotationWindowSeconds, and settingsSchema's bounds for it (src/shared/settings.ts). */
const DEFAULT_WINDOW_SECONDS = 600;
const MIN_WINDOW_SECONDS = 60;
const MAX_WINDOW_SECONDS = 3600;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function windowSeconds(settings: unknown): number | undefined {
  // SessionStore reads a store without a settings object with the defaults.
  if (!isObject(settings) || settings.rotationWindowSeconds === undefined) {
    return DEFAULT_WINDOW_SECONDS;
  }
  const value = settings.rotationWindowSeconds;
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  return value >= MIN_WINDOW_SECONDS && value <= MAX_WINDOW_SECONDS ? value : undefined;
}

/**
 * The session named (or with the id) idOrName, found as findSession finds it, and the window, in a
 * store at the current schema version. undefined for no file, unparsable JSON, another version
 * (conf must migrate it), an odd shape, an unknown name or an out-of-range window: the full CLI
 * then does what it always does (set a corrupt store aside, migrate, say what is not found).
 */
export function peekSession(text: string | undefined, idOrName: string): PeekedSession | undefined {
  if (text === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(raw) || !isObject(raw.__internal__)) return undefined;
  const migrations = raw.__internal__.migrations;
  if (!isObject(migrations) || migrations.version !== STORE_VERSION) return undefined;
  const sessions = raw.sessions;
  if (!isObject(sessions)) return undefined;
  const entries = Object.entries(sessions);
  if (!entries.every(([, s]) => isObject(s) && isObject(s.config))) return undefined;
  const id = Object.hasOwn(sessions, idOrName)
    ? idOrName
    : entries.find(([, s]) => (s as { config: { name?: unknown } }).config.name === idOrName)?.[0];
  if (id === undefined) return undefined;
  const seconds = windowSeconds(raw.settings);
  return seconds === undefined ? undefined : { id, rotationWindowMs: seconds * 1000 };
}
