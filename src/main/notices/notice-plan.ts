// Pure: which notices are due about sessions that will not renew on their own (MFA, SAML, an
// Identity Center login that is gone), which rotation failure is news, and when to look again.
import type { NotificationEvent } from '../../shared/ipc-contract';
import type { SessionView } from '../../shared/sessions';
import type { StoredSession } from '../store/session-store';

/** A notice comes this long before such a session expires (the default rotation window too). */
export const EXPIRY_NOTICE_LEAD_MS = 10 * 60_000;
/** More sessions than this due in one look make one grouped notice instead. */
export const GROUP_ABOVE = 3;
/**
 * A look also takes the expiries whose notice falls due this much later, so sessions that expire
 * in the same minute are told together (one grouped notice), not one wake and one toast each.
 */
export const GATHER_MS = 60_000;
const MAX_CHAIN = 10;

/** Why a session cannot renew without a person, or undefined when it rotates on its own. */
export type ReauthNeed = 'mfa' | 'saml' | 'sso-login';

function ownMfa(config: { mfaSerial?: string; mfaProcess?: string }): boolean {
  return Boolean(config.mfaSerial) && !config.mfaProcess;
}

/**
 * What renewing `s` will need. An iam-role with MFA over an iam-user parent asks with the parent's
 * long-term keys; any other role needs what its parent needs (when the parent's cache runs out).
 */
export function reauthNeed(
  s: StoredSession,
  byId: ReadonlyMap<string, StoredSession>,
  loginGone: ReadonlySet<string>,
  depth = 0,
): ReauthNeed | undefined {
  const config = s.config;
  switch (config.kind) {
    case 'iam-user':
      return ownMfa(config) ? 'mfa' : undefined;
    case 'saml':
      return 'saml';
    case 'sso-role':
      return loginGone.has(config.integration) ? 'sso-login' : undefined;
    case 'iam-role': {
      const parent = byId.get(config.parentId);
      if (config.mfaSerial && parent?.config.kind === 'iam-user') {
        return ownMfa(config) ? 'mfa' : undefined;
      }
      if (!parent || depth >= MAX_CHAIN) return undefined;
      const need = reauthNeed(parent, byId, loginGone, depth + 1);
      return need === 'sso-login' ? undefined : need;
    }
    case 'web-identity':
    case 'federated-user':
      return undefined;
  }
}

export interface ExpiryPlanInput {
  sessions: Iterable<StoredSession>;
  /** Integrations whose sign-in is gone or cannot be refreshed. */
  loginGone: ReadonlySet<string>;
  /** Keys of the expiries already told (from the previous plan). */
  notified: ReadonlySet<string>;
  now: number;
  leadMs?: number;
}

export interface ExpiryPlan {
  notices: NotificationEvent[];
  /** Carry this to the next plan: the expiries told, pruned to those still ahead. */
  notified: Set<string>;
  /** Epoch ms of the next expiry − lead not yet told (never before now + GATHER_MS); undefined when none. */
  wakeAt: number | undefined;
}

interface Due {
  s: StoredSession;
  need: ReauthNeed;
  expiresAt: number;
}

/** One expiry of one session: a new set of credentials is a new event. */
export function expiryKey(id: string, expiresAt: number): string {
  return `expiry:${id}:${expiresAt}`;
}

function minutesLeft(expiresAt: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((expiresAt - now) / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

function sessionNotice(d: Due, now: number): NotificationEvent {
  const name = d.s.config.name;
  const what = d.need === 'mfa' ? 'an MFA code' : 'a SAML sign-in';
  return {
    level: 'warning',
    sessionId: d.s.id,
    key: expiryKey(d.s.id, d.expiresAt),
    message: `Session ${name} expires in ${minutesLeft(d.expiresAt, now)} and needs ${what} to renew. Renew it now to keep its profile.`,
    action: { kind: 'reauth', sessionId: d.s.id, sessionName: name },
  };
}

function loginNotice(integration: string, due: Due[], now: number): NotificationEvent {
  const soonest = Math.min(...due.map((d) => d.expiresAt));
  const names = due.map((d) => d.s.config.name).join(', ');
  const sessions = due.length === 1 ? `session ${names} expires` : `sessions ${names} expire`;
  return {
    level: 'warning',
    integration,
    // Not the sign-in's own key (told when the login was found gone): this is the expiry, later news
    // that replaces that toast (the renderer keeps one per integration).
    key: `sso-expiry:${integration}:${soonest}`,
    message: `Identity Center login for ${integration} has expired: ${sessions} in ${minutesLeft(soonest, now)}. Log in to renew.`,
    action: { kind: 'sso-login', integration },
  };
}

/** The notices due now before expiries, grouped when many fall due in the same look. */
export function planExpiryNotices(input: ExpiryPlanInput): ExpiryPlan {
  const lead = input.leadMs ?? EXPIRY_NOTICE_LEAD_MS;
  const all = [...input.sessions];
  const byId = new Map(all.map((s) => [s.id, s]));
  const due: Due[] = [];
  const notified = new Set<string>();
  let wakeAt: number | undefined;
  for (const s of all) {
    if (s.state.status !== 'active' || !s.state.expiresAt) continue;
    const expiresAt = Date.parse(s.state.expiresAt);
    if (!Number.isFinite(expiresAt) || expiresAt <= input.now) continue;
    const need = reauthNeed(s, byId, input.loginGone);
    if (!need) continue;
    const key = expiryKey(s.id, expiresAt);
    if (input.notified.has(key)) {
      notified.add(key);
    } else if (expiresAt - lead <= input.now + GATHER_MS) {
      due.push({ s, need, expiresAt });
      notified.add(key);
    } else if (wakeAt === undefined || expiresAt - lead < wakeAt) {
      wakeAt = expiresAt - lead;
    }
  }
  return { notices: noticesFor(due, input.now), notified, wakeAt };
}

function noticesFor(due: Due[], now: number): NotificationEvent[] {
  if (due.length > GROUP_ABOVE) {
    return [
      {
        level: 'warning',
        key: `expiry-group:${now}`,
        message: `${due.length} sessions expire in the next ${minutesLeft(Math.max(...due.map((d) => d.expiresAt)), now)} and need you to sign in again. Open the list to renew them.`,
        action: { kind: 'open-list' },
      },
    ];
  }
  const notices: NotificationEvent[] = [];
  const byIntegration = new Map<string, Due[]>();
  for (const d of due) {
    if (d.need === 'sso-login' && d.s.config.kind === 'sso-role') {
      const list = byIntegration.get(d.s.config.integration) ?? [];
      list.push(d);
      byIntegration.set(d.s.config.integration, list);
    } else {
      notices.push(sessionNotice(d, now));
    }
  }
  for (const [integration, list] of byIntegration)
    notices.push(loginNotice(integration, list, now));
  return notices;
}

/** The key of an Identity Center login that is gone: one notice for all its sessions. */
export function loginNoticeKey(integration: string): string {
  return `sso-login:${integration}`;
}

/** The key of a session's failed-rotation event: told once, until a rotation succeeds. */
export function rotationFailedKey(id: string): string {
  return `rotation-failed:${id}`;
}

/**
 * The notice of a failed rotation: Retry rotates again. An Identity Center login that is gone is
 * one notice per integration (the same key as the sign-in's own), with Log in instead.
 */
export function rotationFailureNotice(view: SessionView): NotificationEvent {
  const error = view.state.lastError;
  const message = `Rotation of session ${view.name} failed: ${error?.message ?? 'unknown error'}`;
  if (view.kind === 'sso-role' && error?.code === 'SSO_LOGIN_REQUIRED') {
    return {
      level: 'error',
      sessionId: view.id,
      integration: view.integration,
      key: loginNoticeKey(view.integration),
      message,
      action: { kind: 'sso-login', integration: view.integration },
    };
  }
  return {
    level: 'error',
    sessionId: view.id,
    key: rotationFailedKey(view.id),
    message,
    action: { kind: 'retry', sessionId: view.id, sessionName: view.name },
  };
}
