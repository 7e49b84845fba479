// The first screen's server render: the renderer's own components, in plain Node, from a real
// list of 2,000 session views; what the markup holds and what it must never hold.
import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../shared/sessions';
import { roleView, userView } from '../features/sessions/session-fixtures';
import { ROW_HEIGHT } from '../features/sessions/SessionRow';
import { renderFirstScreen } from './render-first-screen';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const VIEWPORT = { width: 1100, height: 720 };

/** 2,000 sessions named so the sort is visible: s0000 … s1999, handed over in reverse. */
function list(): SessionView[] {
  const out: SessionView[] = [];
  for (let i = 1999; i >= 0; i--) {
    const name = `s${String(i).padStart(4, '0')}`;
    out.push(i % 2 ? roleView(name, '111122223333') : userView(name));
  }
  return out;
}

const rowNames = (html: string): string[] =>
  [...html.matchAll(/<span class="session-name">([^<]*)<\/span>/g)].map((m) => m[1] ?? '');

describe('renderFirstScreen', () => {
  it('renders the sorted list’s first screen of rows, and only that, with the app around it', () => {
    const html = renderFirstScreen({ sessions: list(), now: NOW, viewport: VIEWPORT });
    const names = rowNames(html);
    // The window's height of rows plus the virtualizer's overscan of 6: not 2,000.
    const visible = Math.ceil(VIEWPORT.height / ROW_HEIGHT);
    expect(names.length).toBeGreaterThanOrEqual(visible);
    expect(names.length).toBeLessThanOrEqual(visible + 7);
    expect(names.slice(0, 3)).toEqual(['s0000', 's0001', 's0002']);
    expect(html).toContain('2000 sessions');
    expect(html).toContain('id="tab-sessions"');
    expect(html).toContain('data-testid="session-search"');
    // The list is inert until the renderer hydrates it.
    expect(html).toContain('<div class="app" inert="">');
  });

  it('follows the viewport: a taller window gets more rows', () => {
    const short = rowNames(renderFirstScreen({ sessions: list(), now: NOW, viewport: VIEWPORT }));
    const tall = rowNames(
      renderFirstScreen({ sessions: list(), now: NOW, viewport: { width: 1100, height: 1400 } }),
    );
    expect(tall.length).toBeGreaterThan(short.length + 5);
  });

  it('carries no inline style (the CSP blocks style attributes in HTML): rows lie in normal flow', () => {
    const html = renderFirstScreen({ sessions: list(), now: NOW, viewport: VIEWPORT });
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).toContain('class="session-list first-screen"');
  });

  it('renders countdowns at the `now` it is given, so hydration at that `now` matches', () => {
    const active: SessionView = {
      ...userView('alice'),
      state: { status: 'active', expiresAt: new Date(NOW + 3_725_000).toISOString() },
    };
    const html = renderFirstScreen({ sessions: [active], now: NOW, viewport: VIEWPORT });
    expect(html).toContain('expires in 1h 02m');
    const later = renderFirstScreen({ sessions: [active], now: NOW + 600_000, viewport: VIEWPORT });
    expect(later).toContain('expires in 52m 05s');
  });

  it('escapes a session name from the user’s files: no element or script comes out of it', () => {
    const hostile = '</script><img src=x onerror="alert(1)"><script>alert(2)</script>';
    const html = renderFirstScreen({
      sessions: [userView(hostile)],
      now: NOW,
      viewport: VIEWPORT,
    });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</script>');
    expect(html).not.toContain('<script');
    expect(html).toContain(
      '&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;',
    );
  });

  it('says there are no sessions yet for an empty list', () => {
    const html = renderFirstScreen({ sessions: [], now: NOW, viewport: VIEWPORT });
    expect(html).toContain('No sessions yet');
    expect(rowNames(html)).toEqual([]);
  });
});
