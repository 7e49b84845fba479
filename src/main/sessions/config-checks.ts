// What a session's configuration must satisfy against the others: pure checks over the store's data.
import { AirlockError } from '../airlock-error';
import type { StoreData, StoredSession } from '../store/session-store';
import type { NewSessionInput, SessionConfig } from '../../shared/sessions';

/** The session by id or by name; NOT_FOUND names what was asked for and how to see the rest. */
export function findSession(data: StoreData, idOrName: string): StoredSession {
  // Own keys only: `constructor` or `__proto__` must not find the object's built-ins.
  const byId = Object.hasOwn(data.sessions, idOrName) ? data.sessions[idOrName] : undefined;
  const s = byId ?? Object.values(data.sessions).find((x) => x.config.name === idOrName);
  if (!s) {
    throw new AirlockError(
      'NOT_FOUND',
      `No session named ${idOrName}. Run "airlock session list" to see them.`,
    );
  }
  return s;
}

/** A new session: an iam-user brings its keys, and the config fits among the others. */
export function checkNewSession(input: NewSessionInput, data: StoreData): void {
  if (input.config.kind === 'sso-role') {
    throw new AirlockError(
      'VALIDATION',
      `Session ${input.config.name} is an IAM Identity Center role: those come from a sync of their integration ("airlock sso sync ${input.config.integration}"), not by hand.`,
    );
  }
  checkConfig(input.config, data, undefined);
  if (input.config.kind === 'iam-user' && !input.keys) {
    throw new AirlockError(
      'VALIDATION',
      `Session ${input.config.name} is an iam-user: its access key id and secret are required.`,
    );
  }
}

/** Fields of an sso-role that its integration's sync owns. */
const SYNCED_FIELDS = ['integration', 'accountId', 'accountName', 'roleName'] as const;

/** An edit keeps the kind: a different kind is a different session. An sso-role keeps its pair. */
export function checkEdit(current: StoredSession, next: SessionConfig): void {
  if (next.kind !== current.config.kind) {
    throw new AirlockError(
      'VALIDATION',
      `Session ${current.config.name} is a ${current.config.kind}; its kind cannot change. Add a new session instead.`,
    );
  }
  if (current.config.kind !== 'sso-role' || next.kind !== 'sso-role') return;
  const was = current.config;
  const changed = SYNCED_FIELDS.filter((field) => next[field] !== was[field]);
  if (changed.length) {
    throw new AirlockError(
      'VALIDATION',
      `Session ${was.name} is synced from IAM Identity Center integration ${was.integration}: its ${changed.join(', ')} cannot be edited. Its name, profile and region can.`,
    );
  }
}

/** An edit the user made to what a sync would set: the sync and a prune leave the session alone then. */
export function isUserEdit(current: SessionConfig, next: SessionConfig): boolean {
  return (
    current.kind === 'sso-role' &&
    (next.name !== current.name ||
      next.profile !== current.profile ||
      next.region !== current.region)
  );
}

/** A parent cannot be removed from under its children. */
export function checkRemovable(s: StoredSession, data: StoreData): void {
  const children = Object.values(data.sessions).filter(
    (c) => 'parentId' in c.config && c.config.parentId === s.id,
  );
  if (children.length) {
    throw new AirlockError(
      'VALIDATION',
      `Session ${s.config.name} is the parent of ${children.map((c) => c.config.name).join(', ')}. Remove or re-parent those first.`,
    );
  }
}

/** Unique name; an existing parent of the right kind; no loop in the parent chain. */
export function checkConfig(
  config: SessionConfig,
  data: StoreData,
  selfId: string | undefined,
): void {
  for (const other of Object.values(data.sessions)) {
    if (other.id !== selfId && other.config.name === config.name) {
      throw new AirlockError(
        'ALREADY_EXISTS',
        `A session named ${config.name} already exists. Pick another name.`,
      );
    }
  }
  if (!('parentId' in config)) return;
  const parent = data.sessions[config.parentId];
  if (!parent) {
    throw new AirlockError(
      'VALIDATION',
      `The parent of session ${config.name} does not exist. Pick an existing session as parent.`,
    );
  }
  if (config.kind === 'federated-user' && parent.config.kind !== 'iam-user') {
    throw new AirlockError(
      'VALIDATION',
      `Session ${config.name} is a federated user: its parent must be an iam-user session.`,
    );
  }
  // Walk up: a loop would make start recurse forever.
  const seen = new Set<string>(selfId ? [selfId] : []);
  let cursor: StoredSession | undefined = parent;
  while (cursor) {
    if (seen.has(cursor.id)) {
      throw new AirlockError(
        'VALIDATION',
        `Session ${config.name} would be its own ancestor. Pick another parent.`,
      );
    }
    seen.add(cursor.id);
    cursor = 'parentId' in cursor.config ? data.sessions[cursor.config.parentId] : undefined;
  }
}
