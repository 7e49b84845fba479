import { describe, expect, it } from 'vitest';
import type { SessionStatus, SessionView } from '../../shared/sessions';
import { buildTrayState, menuLabel } from './tray-menu';

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

describe('tray menu', () => {
  it('shows the idle icon and an empty note when there are no sessions', () => {
    const state = buildTrayState([], NOW);
    expect(state.icon).toBe('idle');
    expect(state.items[0]).toEqual({ kind: 'header', label: 'No sessions yet' });
    expect(
      state.items
        .filter((i) => i.kind === 'action')
        .map((i) => i.kind === 'action' && i.action.type),
    ).toEqual(['open', 'quit']);
  });

  it('shows the active icon and lists active sessions first with time left and profile', () => {
    const state = buildTrayState([session('b', 'inactive'), session('a', 'active', 125)], NOW);
    expect(state.icon).toBe('active');
    expect(state.tooltip).toBe('Airlock: 1 active session');
    const sessions = state.items.filter((i) => i.kind === 'session');
    expect(sessions.map((i) => i.kind === 'session' && menuLabel(i))).toEqual([
      'a (2h 5m left · a-p)',
      'b (inactive · b-p)',
    ]);
  });

  it('toggles: a click stops an active session and starts any other', () => {
    const state = buildTrayState([session('a', 'active', 10), session('b', 'failed')], NOW);
    const actions = state.items.flatMap((i) => (i.kind === 'session' ? [i.action] : []));
    expect(actions).toEqual([
      { type: 'toggle', sessionId: 'a', start: false },
      { type: 'toggle', sessionId: 'b', start: true },
    ]);
  });

  it('disables a session while it starts', () => {
    const item = buildTrayState([session('a', 'pending')], NOW).items.find(
      (i) => i.kind === 'session',
    );
    expect(item).toMatchObject({ enabled: false, checked: false });
  });

  it('caps the list and offers "More…" to open the window', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      session(`s${String(i).padStart(2, '0')}`, 'inactive'),
    );
    const state = buildTrayState(many, NOW, 5);
    expect(state.items.filter((i) => i.kind === 'session')).toHaveLength(5);
    expect(state.items).toContainEqual({
      kind: 'action',
      label: 'More… (7 more)',
      action: { type: 'open' },
    });
  });

  it('offers "Open console" for live sessions only, one item each, active ones by name', () => {
    const state = buildTrayState(
      [
        session('b', 'active', 30),
        session('c', 'inactive'),
        session('a', 'active', 10),
        session('d', 'expired'),
        session('e', 'pending'),
      ],
      NOW,
    );
    const consoles = state.items.filter((i) => i.kind === 'submenu');
    expect(consoles).toEqual([
      {
        kind: 'submenu',
        label: 'Open console',
        items: [
          { label: 'a (a-p)', action: { type: 'console', sessionId: 'a' } },
          { label: 'b (b-p)', action: { type: 'console', sessionId: 'b' } },
        ],
      },
    ]);
    // After the session list, before "Open Airlock".
    const at = state.items.findIndex((i) => i.kind === 'submenu');
    expect(state.items[at - 1]).toEqual({ kind: 'separator' });
    expect(state.items.findIndex((i) => i.kind === 'action' && i.action.type === 'open')).toBe(
      at + 2,
    );
  });

  it('has no "Open console" when no session is live', () => {
    for (const sessions of [[], [session('a', 'inactive'), session('b', 'failed')]]) {
      const state = buildTrayState(sessions, NOW);
      expect(state.items.some((i) => i.kind === 'submenu')).toBe(false);
    }
  });

  it('caps the console submenu like the list', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      session(`s${String(i).padStart(2, '0')}`, 'active', 60),
    );
    const submenu = buildTrayState(many, NOW, 5).items.find((i) => i.kind === 'submenu');
    expect(submenu?.kind === 'submenu' && submenu.items.map((i) => i.label)).toEqual([
      's00 (s00-p)',
      's01 (s01-p)',
      's02 (s02-p)',
      's03 (s03-p)',
      's04 (s04-p)',
    ]);
  });

  it('lists sso-role sessions like the others: ordered by status, toggled by id, with time left and profile', () => {
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
      NOW,
    );
    expect(state.icon).toBe('active');
    expect(state.tooltip).toBe('Airlock: 2 active sessions');
    const items = state.items.flatMap((i) => (i.kind === 'session' ? [i] : []));
    expect(items.map(menuLabel)).toEqual([
      'dev-AdministratorAccess (59m left · dev-AdministratorAccess-p)',
      'legacy (5m left · legacy-p)',
      'prod-AdministratorAccess (failed · prod-AdministratorAccess-p)',
      'dev-ReadOnlyAccess (inactive · dev-ReadOnlyAccess-p)',
    ]);
    expect(items.map((i) => i.action)).toEqual([
      { type: 'toggle', sessionId: 'dev-AdministratorAccess', start: false },
      { type: 'toggle', sessionId: 'legacy', start: false },
      { type: 'toggle', sessionId: 'prod-AdministratorAccess', start: true },
      { type: 'toggle', sessionId: 'dev-ReadOnlyAccess', start: true },
    ]);
    expect(items.every((i) => i.enabled)).toBe(true);
  });
});
