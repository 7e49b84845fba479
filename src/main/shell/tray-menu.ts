// Pure: the tray's state (icon, tooltip, menu template) from the session list; electron/tray.ts renders it.
import type { SessionStatus, SessionView } from '../../shared/sessions';

export type TrayAction =
  | { type: 'toggle'; sessionId: string; start: boolean }
  | { type: 'console'; sessionId: string }
  | { type: 'open' }
  | { type: 'quit' };

export type TrayMenuItem =
  | { kind: 'separator' }
  | { kind: 'header'; label: string }
  | {
      kind: 'session';
      label: string;
      /** Status and profile, shown after the name. */
      detail: string;
      status: SessionStatus;
      checked: boolean;
      enabled: boolean;
      action: TrayAction;
    }
  | { kind: 'action'; label: string; action: TrayAction }
  /** A submenu of actions, e.g. "Open console" with one item per live session. */
  | { kind: 'submenu'; label: string; items: { label: string; action: TrayAction }[] };

export interface TrayState {
  icon: 'idle' | 'active';
  tooltip: string;
  items: TrayMenuItem[];
}

export const TRAY_MAX_SESSIONS = 8;

const STATUS_RANK: Record<SessionStatus, number> = {
  active: 0,
  pending: 1,
  failed: 2,
  expired: 3,
  inactive: 4,
};

const STATUS_TEXT: Record<SessionStatus, string> = {
  active: 'active',
  pending: 'starting…',
  failed: 'failed',
  expired: 'expired',
  inactive: 'inactive',
};

function minutesLeft(expiresAt: string | undefined, now: number): string | undefined {
  if (!expiresAt) return undefined;
  const minutes = Math.floor((Date.parse(expiresAt) - now) / 60_000);
  if (minutes < 0) return undefined;
  return minutes >= 60 ? `${Math.floor(minutes / 60)}h ${minutes % 60}m left` : `${minutes}m left`;
}

/** Active sessions first, then those needing attention, then the rest, each by name. */
function ordered(sessions: readonly SessionView[]): SessionView[] {
  return [...sessions].sort(
    (a, b) =>
      STATUS_RANK[a.state.status] - STATUS_RANK[b.state.status] || a.name.localeCompare(b.name),
  );
}

export function buildTrayState(
  sessions: readonly SessionView[],
  now: number,
  maxSessions = TRAY_MAX_SESSIONS,
): TrayState {
  const active = sessions.filter((s) => s.state.status === 'active').length;
  const items: TrayMenuItem[] = [];

  if (sessions.length === 0) {
    items.push({ kind: 'header', label: 'No sessions yet' });
  } else {
    items.push({ kind: 'header', label: active === 0 ? 'No active session' : `${active} active` });
    for (const s of ordered(sessions).slice(0, maxSessions)) {
      const status = s.state.status;
      const left = status === 'active' ? minutesLeft(s.state.expiresAt, now) : undefined;
      items.push({
        kind: 'session',
        label: s.name,
        detail: [left ?? STATUS_TEXT[status], s.profile].join(' · '),
        status,
        checked: status === 'active',
        enabled: status !== 'pending',
        action: { type: 'toggle', sessionId: s.id, start: status !== 'active' },
      });
    }
    if (sessions.length > maxSessions) {
      items.push({
        kind: 'action',
        label: `More… (${sessions.length - maxSessions} more)`,
        action: { type: 'open' },
      });
    }
    const live = ordered(sessions)
      .filter((s) => s.state.status === 'active')
      .slice(0, maxSessions);
    if (live.length > 0) {
      items.push({ kind: 'separator' });
      items.push({
        kind: 'submenu',
        label: 'Open console',
        items: live.map((s) => ({
          label: `${s.name} (${s.profile})`,
          action: { type: 'console', sessionId: s.id },
        })),
      });
    }
  }
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', label: 'Open Airlock', action: { type: 'open' } });
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', label: 'Quit Airlock', action: { type: 'quit' } });

  return {
    icon: active > 0 ? 'active' : 'idle',
    tooltip:
      active === 0
        ? 'Airlock: no active session'
        : `Airlock: ${active} active ${active === 1 ? 'session' : 'sessions'}`,
    items,
  };
}

/** The label an OS menu shows for an item: name and detail on one line. */
export function menuLabel(item: Extract<TrayMenuItem, { kind: 'session' }>): string {
  return `${item.label} (${item.detail})`;
}
