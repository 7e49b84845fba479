import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionStatus, SessionView } from '../../shared/sessions';
import {
  buildTrayState,
  menuLabel,
  trayIconFile,
  type TrayAction,
  type TraySubItem,
} from './tray-menu';
import { regionItems, TRAY_REGIONS } from './tray-menu-session';

const ASSETS = join(import.meta.dirname, '..', '..', '..', 'assets', 'tray');
const NOW = Date.parse('2030-01-01T12:00:00Z');

function session(name: string, status: SessionStatus, expiresInMin?: number): SessionView {
  return {
    id: name,
    kind: 'iam-user',
    name,
    profile: `${name}-p`,
    state: {
      status,
      ...(expiresInMin === undefined
        ? {}
        : { expiresAt: new Date(NOW + expiresInMin * 60_000).toISOString() }),
    },
    profiles: [],
  };
}

function leafAction(item: TraySubItem | undefined): TrayAction | undefined {
  return item && 'action' in item ? item.action : undefined;
}

function pin(s: SessionView): SessionView {
  return { ...s, marks: { pinned: true } };
}

describe('tray menu', () => {
  it('shows the idle icon and an empty note when there are no sessions', () => {
    const state = buildTrayState([]);
    expect(state.icon).toBe('idle');
    expect(state.items[0]).toEqual({ kind: 'header', label: 'No sessions yet' });
    expect(
      state.items
        .filter((i) => i.kind === 'action')
        .map((i) => i.kind === 'action' && i.action.type),
    ).toEqual(['open', 'quit']);
  });

  it('shows the active icon and lists active sessions first with the expiry time and profile', () => {
    const state = buildTrayState([session('b', 'inactive'), session('a', 'active', 125)], {
      timeZone: 'UTC',
    });
    expect(state.icon).toBe('live');
    expect(state.tooltip).toBe('Airlock — 1 active, next expiry 14:05');
    const sessions = state.items.filter((i) => i.kind === 'session');
    expect(sessions.map((i) => i.kind === 'session' && menuLabel(i))).toEqual([
      'a (until 14:05 · a-p)',
      'b (inactive · b-p)',
    ]);
  });

  it('toggles: an active session stops from its submenu, any other starts on a click', () => {
    const state = buildTrayState([session('a', 'active', 10), session('b', 'failed')]);
    const actions = state.items.flatMap((i) =>
      i.kind === 'session' ? [i.action ?? i.items?.[0]] : [],
    );
    expect(actions).toEqual([
      { label: 'Stop', action: { type: 'toggle', sessionId: 'a', start: false } },
      { type: 'toggle', sessionId: 'b', start: true },
    ]);
  });

  it('disables a session while it starts', () => {
    const item = buildTrayState([session('a', 'pending')]).items.find((i) => i.kind === 'session');
    expect(item).toMatchObject({ enabled: false, checked: false });
  });

  it('caps the list and offers "More…", which opens the quick switcher', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      session(`s${String(i).padStart(2, '0')}`, 'inactive'),
    );
    const state = buildTrayState(many, { maxSessions: 5 });
    expect(state.items.filter((i) => i.kind === 'session')).toHaveLength(5);
    expect(state.items).toContainEqual({
      kind: 'action',
      label: 'More… (7 more)',
      action: { type: 'more' },
    });
    expect(
      buildTrayState(many.slice(0, 5), { maxSessions: 5 }).items.some(
        (i) => i.kind === 'action' && i.action.type === 'more',
      ),
    ).toBe(false);
  });

  it('puts pinned sessions first, then active ones, then by name, marking the pinned', () => {
    const state = buildTrayState(
      [
        session('a', 'inactive'),
        session('b', 'active', 30),
        pin(session('z', 'inactive')),
        pin(session('y', 'active', 20)),
        session('c', 'failed'),
      ],
      { maxSessions: 4, timeZone: 'UTC' },
    );
    const items = state.items.flatMap((i) => (i.kind === 'session' ? [i] : []));
    expect(items.map(menuLabel)).toEqual([
      '★ y (until 12:20 · y-p)',
      '★ z (inactive · z-p)',
      'b (until 12:30 · b-p)',
      'c (failed · c-p)',
    ]);
    expect(state.items).toContainEqual(expect.objectContaining({ label: 'More… (1 more)' }));
  });

  it('gives each live session a submenu: stop, rotate now, open console, copy env, switch region', () => {
    const a = { ...session('a', 'active', 30), region: 'eu-west-1' };
    const item = buildTrayState([a]).items.find((i) => i.kind === 'session');
    expect(item?.kind === 'session' && item.action).toBeUndefined();
    expect(item?.kind === 'session' && item.items).toEqual([
      { label: 'Stop', action: { type: 'toggle', sessionId: 'a', start: false } },
      { label: 'Rotate now', action: { type: 'rotate', sessionId: 'a' } },
      { label: 'Open console', action: { type: 'console', sessionId: 'a' } },
      { label: 'Copy env', action: { type: 'copy-env', sessionId: 'a' } },
      {
        label: 'Switch region (eu-west-1)',
        items: TRAY_REGIONS.map((region) => ({
          label: region,
          action: { type: 'region', sessionId: 'a', region },
          checked: region === 'eu-west-1',
        })),
      },
    ]);
    expect(TRAY_REGIONS.length).toBeLessThanOrEqual(8);
    expect(TRAY_REGIONS).toContain('us-east-1');
  });

  it('adds an uncommon current region to the region submenu, checked, and falls back to the default region', () => {
    expect(regionItems('a', 'ap-south-2')[0]).toEqual({
      label: 'ap-south-2',
      action: { type: 'region', sessionId: 'a', region: 'ap-south-2' },
      checked: true,
    });
    expect(regionItems('a', 'ap-south-2').filter((i) => i.checked)).toHaveLength(1);
    expect(regionItems('a', 'us-east-1')).toHaveLength(TRAY_REGIONS.length);
    const item = buildTrayState([session('a', 'active', 30)], {
      defaultRegion: 'sa-east-1',
    }).items.find((i) => i.kind === 'session');
    const regions = item?.kind === 'session' ? item.items?.at(-1) : undefined;
    expect(regions?.label).toBe('Switch region (sa-east-1)');
    expect(regions && 'items' in regions && regions.items.find((r) => r.checked)?.label).toBe(
      'sa-east-1',
    );
  });

  it('keeps a single Start click, no submenu, on sessions that are not live', () => {
    for (const status of ['inactive', 'failed', 'expired'] as const) {
      const item = buildTrayState([session('a', status)]).items.find((i) => i.kind === 'session');
      expect(item).toMatchObject({ action: { type: 'toggle', sessionId: 'a', start: true } });
      expect(item?.kind === 'session' && item.items).toBeUndefined();
    }
  });

  it('has no separate "Open console" submenu: consoles open from each live session', () => {
    const state = buildTrayState([session('a', 'active', 5), session('b', 'active', 9)]);
    expect(state.items.some((i) => 'label' in i && i.label === 'Open console')).toBe(false);
  });

  it('shows the count of active sessions and the next expiry in the tooltip', () => {
    const state = buildTrayState(
      [
        session('a', 'active', 125),
        session('b', 'active', 65),
        session('c', 'active', 200),
        session('d', 'inactive'),
      ],
      { timeZone: 'UTC' },
    );
    expect(state.tooltip).toBe('Airlock — 3 active, next expiry 13:05');
    expect(buildTrayState([session('a', 'active')]).tooltip).toBe('Airlock — 1 active');
    expect(buildTrayState([session('d', 'inactive')]).tooltip).toBe('Airlock — no active session');
    expect(buildTrayState([], { timeZone: 'Europe/Berlin' }).tooltip).toBe(
      'Airlock — no active session',
    );
    expect(buildTrayState([session('a', 'active', 5)], { timeZone: 'Europe/Berlin' }).tooltip).toBe(
      'Airlock — 1 active, next expiry 13:05',
    );
  });

  it('names failures in the tooltip, and ignores the expiry of sessions that are not active', () => {
    const state = buildTrayState(
      [session('a', 'active', 90), session('b', 'failed'), session('c', 'expired', -5)],
      { timeZone: 'UTC' },
    );
    expect(state.tooltip).toBe('Airlock — 1 active, next expiry 13:30, 1 failed');
  });

  it('shows the icon state: idle, live, or failing when any session failed', () => {
    expect(buildTrayState([]).icon).toBe('idle');
    expect(buildTrayState([session('a', 'inactive'), session('b', 'expired')]).icon).toBe('idle');
    expect(buildTrayState([session('a', 'active', 9)]).icon).toBe('live');
    expect(buildTrayState([session('a', 'pending')]).icon).toBe('idle');
    expect(buildTrayState([session('a', 'active', 9), session('b', 'failed')]).icon).toBe(
      'failing',
    );
    expect(buildTrayState([session('b', 'failed')]).icon).toBe('failing');
  });

  it('names the icon file per platform and theme', () => {
    expect(trayIconFile('live', 'darwin', true)).toBe('tray-activeTemplate.png');
    expect(trayIconFile('failing', 'darwin', false)).toBe('tray-failingTemplate.png');
    expect(trayIconFile('failing', 'linux', true)).toBe('tray-failing-dark.png');
    expect(trayIconFile('live', 'linux', false)).toBe('tray-active-light.png');
    expect(trayIconFile('idle', 'win32', false)).toBe('tray-idle-light.png');
    // Every state has its files, in both themes and as a macOS template.
    for (const icon of ['idle', 'live', 'failing'] as const) {
      for (const file of [
        trayIconFile(icon, 'linux', false),
        trayIconFile(icon, 'linux', true),
        trayIconFile(icon, 'darwin', false),
      ]) {
        for (const name of [file, file.replace('.png', '@2x.png')]) {
          expect(existsSync(join(ASSETS, name)), name).toBe(true);
        }
      }
    }
  });

  it('lists sso-role sessions like the others: ordered by status, toggled by id, with the expiry time and profile', () => {
    const sso = (name: string, status: SessionStatus, expiresInMin?: number): SessionView => {
      const { kind: _kind, ...rest } = session(name, status, expiresInMin);
      return {
        ...rest,
        kind: 'sso-role',
        integration: 'corp',
        accountId: '123456789012',
        accountName: 'airlock-dev',
        roleName: 'AdministratorAccess',
        sync: { orphaned: status === 'failed' },
      };
    };
    const state = buildTrayState(
      [
        sso('dev-ReadOnlyAccess', 'inactive'),
        session('legacy', 'active', 5),
        sso('dev-AdministratorAccess', 'active', 59),
        sso('prod-AdministratorAccess', 'failed'),
      ],
      { timeZone: 'UTC' },
    );
    expect(state.icon).toBe('failing');
    expect(state.tooltip).toBe('Airlock — 2 active, next expiry 12:05, 1 failed');
    const items = state.items.flatMap((i) => (i.kind === 'session' ? [i] : []));
    expect(items.map(menuLabel)).toEqual([
      'dev-AdministratorAccess (until 12:59 · dev-AdministratorAccess-p)',
      'legacy (until 12:05 · legacy-p)',
      'prod-AdministratorAccess (failed · prod-AdministratorAccess-p)',
      'dev-ReadOnlyAccess (inactive · dev-ReadOnlyAccess-p)',
    ]);
    expect(items.map((i) => i.action ?? leafAction(i.items?.[0]))).toEqual([
      { type: 'toggle', sessionId: 'dev-AdministratorAccess', start: false },
      { type: 'toggle', sessionId: 'legacy', start: false },
      { type: 'toggle', sessionId: 'prod-AdministratorAccess', start: true },
      { type: 'toggle', sessionId: 'dev-ReadOnlyAccess', start: true },
    ]);
    expect(items.every((i) => i.enabled)).toBe(true);
  });
});

describe('tray labels', () => {
  const detailOf = (sessions: SessionView[]): string | undefined => {
    const item = buildTrayState(sessions, { timeZone: 'UTC' }).items.find(
      (i) => i.kind === 'session',
    );
    return item?.kind === 'session' ? item.detail : undefined;
  };

  it('give a live session its expiry as a time of day, so no label goes stale and no timer is needed', () => {
    expect(detailOf([session('a', 'active', 12.5)])).toBe('until 12:12 · a-p');
    expect(detailOf([session('a', 'active', 90.75)])).toBe('until 13:30 · a-p');
  });

  it('fall back to the status when there is no expiry to show', () => {
    expect(detailOf([session('d', 'active')])).toBe('active · d-p');
    expect(detailOf([session('e', 'expired', -5)])).toBe('expired · e-p');
    expect(detailOf([session('i', 'inactive')])).toBe('inactive · i-p');
  });
});
