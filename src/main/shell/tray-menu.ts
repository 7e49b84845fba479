// Pure: the tray's state (icon, tooltip, menu template) from the session list; electron/tray.ts renders it.
import type { SessionStatus, SessionView } from '../../shared/sessions';
import { clockTime, sessionItem, type TrayAction, type TraySessionItem } from './tray-menu-session';

export { menuLabel, type TrayAction, type TrayLeaf, type TraySubItem } from './tray-menu-session';
export type { TraySessionItem } from './tray-menu-session';

export type TrayMenuItem =
  | { kind: 'separator' }
  | { kind: 'header'; label: string }
  | TraySessionItem
  | { kind: 'action'; label: string; action: TrayAction };

/** idle: nothing live; live: a session is active; failing: a session failed (wins over live). */
export type TrayIcon = 'idle' | 'live' | 'failing';

export interface TrayState {
  icon: TrayIcon;
  tooltip: string;
  items: TrayMenuItem[];
}

export interface TrayOptions {
  maxSessions?: number;
  /** The region a session without its own is in (Settings → defaultRegion). */
  defaultRegion?: string;
  /** The tooltip's clock; the system's zone when absent. */
  timeZone?: string;
}

export const TRAY_MAX_SESSIONS = 8;

const STATUS_RANK: Record<SessionStatus, number> = {
  active: 0,
  pending: 1,
  failed: 2,
  expired: 3,
  inactive: 4,
};

/** Pinned first, then active, then those needing attention, then the rest, each by name. */
function ordered(sessions: readonly SessionView[]): SessionView[] {
  const pinned = (s: SessionView): number => (s.marks?.pinned === true ? 0 : 1);
  return [...sessions].sort(
    (a, b) =>
      pinned(a) - pinned(b) ||
      STATUS_RANK[a.state.status] - STATUS_RANK[b.state.status] ||
      a.name.localeCompare(b.name),
  );
}

/** The glyph each state draws (assets/tray.svg.mjs): live is the closed padlock with its dot. */
const ICON_STEM: Record<TrayIcon, string> = { idle: 'idle', live: 'active', failing: 'failing' };

/** The icon's file in assets/tray: `tray-<stem>-<theme>.png`, or `tray-<stem>Template.png` on macOS. */
export function trayIconFile(icon: TrayIcon, platform: string, dark: boolean): string {
  const stem = ICON_STEM[icon];
  if (platform === 'darwin') return `tray-${stem}Template.png`;
  return `tray-${stem}-${dark ? 'dark' : 'light'}.png`;
}

function tooltip(sessions: readonly SessionView[], timeZone: string | undefined): string {
  const active = sessions.filter((s) => s.state.status === 'active');
  const failed = sessions.filter((s) => s.state.status === 'failed').length;
  const parts = [active.length === 0 ? 'no active session' : `${active.length} active`];
  const next = active
    .map((s) => s.state.expiresAt)
    .filter((e): e is string => e !== undefined && !Number.isNaN(Date.parse(e)))
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  if (next) parts.push(`next expiry ${clockTime(next, timeZone)}`);
  if (failed > 0) parts.push(`${failed} failed`);
  return `Airlock — ${parts.join(', ')}`;
}

export function buildTrayState(
  sessions: readonly SessionView[],
  options: TrayOptions = {},
): TrayState {
  const max = options.maxSessions ?? TRAY_MAX_SESSIONS;
  const defaultRegion = options.defaultRegion ?? 'us-east-1';
  const active = sessions.filter((s) => s.state.status === 'active').length;
  const failing = sessions.some((s) => s.state.status === 'failed');
  const items: TrayMenuItem[] = [];
  const shown = ordered(sessions).slice(0, max);

  if (sessions.length === 0) {
    items.push({ kind: 'header', label: 'No sessions yet' });
  } else {
    items.push({ kind: 'header', label: active === 0 ? 'No active session' : `${active} active` });
    for (const s of shown) items.push(sessionItem(s, defaultRegion, options.timeZone));
    if (sessions.length > max) {
      items.push({
        kind: 'action',
        label: `More… (${sessions.length - max} more)`,
        action: { type: 'more' },
      });
    }
  }
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', label: 'Open Airlock', action: { type: 'open' } });
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', label: 'Quit Airlock', action: { type: 'quit' } });

  return {
    icon: failing ? 'failing' : active > 0 ? 'live' : 'idle',
    tooltip: tooltip(sessions, options.timeZone),
    items,
  };
}
