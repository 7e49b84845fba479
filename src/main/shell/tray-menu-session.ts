// Pure: one session's tray entry. A live session opens a submenu (stop, rotate now, open console,
// copy env, switch region); any other keeps a single click that starts it.
import { AWS_REGIONS } from '../../shared/aws-regions';
import type { SessionColor, SessionStatus, SessionView } from '../../shared/sessions';

export type TrayAction =
  | { type: 'toggle'; sessionId: string; start: boolean }
  | { type: 'rotate'; sessionId: string }
  | { type: 'console'; sessionId: string }
  | { type: 'copy-env'; sessionId: string }
  | { type: 'region'; sessionId: string; region: string }
  /** "More…": the window with the quick switcher open. */
  | { type: 'more' }
  | { type: 'open' }
  | { type: 'quit' };

/** A clickable leaf; `checked` makes it a radio item (the current region). */
export interface TrayLeaf {
  label: string;
  action: TrayAction;
  checked?: boolean;
}

export type TraySubItem = TrayLeaf | { label: string; items: TrayLeaf[] };

export interface TraySessionItem {
  kind: 'session';
  label: string;
  /** Status and profile, shown after the name. */
  detail: string;
  status: SessionStatus;
  pinned: boolean;
  /** The session's colour mark, which the shell draws as a dot before the label. */
  color?: SessionColor;
  checked: boolean;
  enabled: boolean;
  /** A click on a session that is not live (start it); absent when `items` holds its submenu. */
  action?: TrayAction;
  /** A live session's submenu. */
  items?: TraySubItem[];
}

/** The regions most accounts work in: a short submenu, the session's own region added when elsewhere. */
export const TRAY_REGIONS: readonly string[] = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-southeast-1',
  'ap-northeast-1',
].filter((r) => (AWS_REGIONS as readonly string[]).includes(r));

const STATUS_TEXT: Record<SessionStatus, string> = {
  active: 'active',
  pending: 'starting…',
  failed: 'failed',
  expired: 'expired',
  inactive: 'inactive',
};

/** A time of day as HH:MM (24 h), in the given zone or the machine's. */
export function clockTime(iso: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

/**
 * "until 14:05": the expiry as a time of day, not a countdown, so the label never goes stale and
 * the main process has no timer to keep it current (it changes only with the session's events).
 */
function until(expiresAt: string | undefined, timeZone: string | undefined): string | undefined {
  if (!expiresAt || Number.isNaN(Date.parse(expiresAt))) return undefined;
  return `until ${clockTime(expiresAt, timeZone)}`;
}

/** The region submenu: the common ones in order, the current one checked (and listed first if uncommon). */
export function regionItems(sessionId: string, current: string): TrayLeaf[] {
  const regions = TRAY_REGIONS.includes(current) ? TRAY_REGIONS : [current, ...TRAY_REGIONS];
  return regions.map((region) => ({
    label: region,
    action: { type: 'region', sessionId, region },
    checked: region === current,
  }));
}

function liveItems(s: SessionView, defaultRegion: string): TraySubItem[] {
  const region = s.region ?? defaultRegion;
  return [
    { label: 'Stop', action: { type: 'toggle', sessionId: s.id, start: false } },
    { label: 'Rotate now', action: { type: 'rotate', sessionId: s.id } },
    { label: 'Open console', action: { type: 'console', sessionId: s.id } },
    { label: 'Copy env', action: { type: 'copy-env', sessionId: s.id } },
    { label: `Switch region (${region})`, items: regionItems(s.id, region) },
  ];
}

export function sessionItem(
  s: SessionView,
  defaultRegion: string,
  timeZone: string | undefined,
): TraySessionItem {
  const status = s.state.status;
  const live = status === 'active';
  const left = live ? until(s.state.expiresAt, timeZone) : undefined;
  return {
    kind: 'session',
    label: s.name,
    detail: [left ?? STATUS_TEXT[status], s.profile].join(' · '),
    status,
    pinned: s.marks?.pinned === true,
    ...(s.marks?.color ? { color: s.marks.color } : {}),
    checked: live,
    enabled: status !== 'pending',
    ...(live
      ? { items: liveItems(s, defaultRegion) }
      : { action: { type: 'toggle', sessionId: s.id, start: true } }),
  };
}

/** The label an OS menu shows for a session: a pin mark, the name and the detail on one line. */
export function menuLabel(item: TraySessionItem): string {
  return `${item.pinned ? '★ ' : ''}${item.label} (${item.detail})`;
}
