// One session as read from the store file: lenient where older stores differ (no marks, no
// recency, no keysStored flag, a relative token file, an http IdP URL), strict where it matters.
import { isAbsolute } from 'node:path';
import {
  idpUrlSchema,
  sessionConfigSchema,
  type SessionConfig,
  type SessionMarks,
  type SessionState,
  type SyncMarks,
} from '../../shared/sessions';
import { readStoredMarks } from './stored-marks';

export interface StoredSession {
  id: string;
  config: SessionConfig;
  state: SessionState;
  /** Profiles this session has written (its own, and 'default' after make-default). */
  profiles: string[];
  createdAt: string;
  /** Long-term keys were put in the keychain for it (an iam-user); never the keys themselves. */
  keysStored?: boolean;
  /** sso-role sessions: what the Identity Center sync knows of it (identity-center/sync-plan.ts). */
  sync?: SyncMarks;
  /** The person's pin, colour and tags (absent in stores from before them: unpinned, none). */
  marks?: SessionMarks;
  /** ISO time it was last started (absent: never, or before recency was kept). */
  usedAt?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A stored config. A web-identity token file saved before paths had to be absolute is kept as it
 * was, so nothing is lost; starting that session says the path must be absolute.
 */
function parseStoredConfig(raw: unknown): SessionConfig {
  if (
    isObject(raw) &&
    raw.kind === 'web-identity' &&
    typeof raw.tokenFile === 'string' &&
    !isAbsolute(raw.tokenFile)
  ) {
    const config = sessionConfigSchema.parse({ ...raw, tokenFile: undefined });
    return { ...config, tokenFile: raw.tokenFile } as SessionConfig;
  }
  // Likewise a SAML IdP URL saved over plain http before https was required: the SAML window
  // refuses to load it, and says so, when the session starts.
  if (
    isObject(raw) &&
    raw.kind === 'saml' &&
    typeof raw.idpUrl === 'string' &&
    /^http:\/\//i.test(raw.idpUrl) &&
    !idpUrlSchema.safeParse(raw.idpUrl).success
  ) {
    const config = sessionConfigSchema.parse({
      ...raw,
      idpUrl: 'https://stored-over-http.invalid/',
    });
    return { ...config, idpUrl: raw.idpUrl } as SessionConfig;
  }
  return sessionConfigSchema.parse(raw);
}

/** A session entry of the file; throws (a corrupt store) when its shape cannot be one. */
export function readStoredSession(id: string, value: unknown): StoredSession {
  if (!isObject(value)) throw new Error(`session ${id} is not an object`);
  const s: StoredSession = {
    id,
    config: parseStoredConfig(value.config),
    state: (isObject(value.state)
      ? value.state
      : { status: 'inactive' }) as unknown as SessionState,
    profiles: Array.isArray(value.profiles)
      ? value.profiles.filter((p): p is string => typeof p === 'string')
      : [],
    createdAt: typeof value.createdAt === 'string' ? value.createdAt : new Date(0).toISOString(),
  };
  // Stores from before the flag: an iam-user could only be added with its keys.
  const keysStored = value.keysStored ?? s.config.kind === 'iam-user';
  if (keysStored === true) s.keysStored = true;
  const marks = readStoredMarks(value.marks);
  if (marks) s.marks = marks;
  if (typeof value.usedAt === 'string' && !Number.isNaN(Date.parse(value.usedAt))) {
    s.usedAt = value.usedAt;
  }
  if (isObject(value.sync)) {
    s.sync = {
      ...(value.sync.orphaned === true ? { orphaned: true } : {}),
      ...(value.sync.userEdited === true ? { userEdited: true } : {}),
    };
  }
  return s;
}
