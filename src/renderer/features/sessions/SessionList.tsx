// The virtual list of the sessions view: session rows, and group headers as rows when grouped.
import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SessionView } from '../../../shared/sessions';
import { SessionRow, ROW_HEIGHT } from './SessionRow';
import { GroupHeader, GROUP_HEADER_HEIGHT } from './GroupHeader';
import type { ListRows } from './session-groups';
import { FirstScreenContext } from '../../app/first-screen';
import { useHydrated } from '../../components/use-hydrated';
import type { SessionActions } from './use-session-actions';

/** An account heading above its sso-role sessions when sorted by account (ungrouped). */
const ACCOUNT_HEADING_HEIGHT = 32;

interface SessionListProps {
  list: ListRows;
  /** Sessions shown (the flat list's set size). */
  shownCount: number;
  actions: SessionActions;
  onEdit: (id: string) => void;
  onDelete: (id: string) => void;
  onRegion: (id: string) => void;
  onMenu: (view: SessionView, x: number, y: number, opener: HTMLElement | null) => void;
  onSetCollapsed: (key: string, collapsed: boolean) => void;
}

type Row = ListRows['rows'][number];

function keyOf(row: Row | undefined, index: number): string | number {
  if (!row) return index;
  if (row.type === 'account') return `account:${row.key}`;
  if (row.type === 'group') return `group:${row.key}`;
  // Grouped rows carry their key (by tag a session appears once under each tag).
  return 'key' in row ? row.key : row.view.id;
}

function sizeOf(row: Row | undefined): number {
  if (row?.type === 'account') return ACCOUNT_HEADING_HEIGHT;
  if (row?.type === 'group') return GROUP_HEADER_HEIGHT;
  return ROW_HEIGHT;
}

export function SessionList({
  list,
  shownCount,
  actions,
  onEdit,
  onDelete,
  onRegion,
  onMenu,
  onSetCollapsed,
}: SessionListProps) {
  const rows: readonly Row[] = list.rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusGroup, setFocusGroup] = useState<string>();
  // Server-rendered: the viewport the server assumed (the window's content size), so the hydrating
  // render shows the same rows; the virtualizer measures the real element right after.
  const firstScreen = useContext(FirstScreenContext);
  // The server's markup, and so hydration's render, has no inline styles (the CSP blocks them in
  // HTML): the first rows then lie in normal flow (.first-screen), which puts them where their
  // offsets would; the render right after hydration positions them as usual.
  const positioned = useHydrated();
  // Stable per list: the virtualizer rebuilds its measurements of every row (5,000 objects) when
  // getItemKey changes, so a fresh function each render would redo them on renders that keep the rows.
  const estimateSize = useCallback((index: number) => sizeOf(rows[index]), [rows]);
  const getItemKey = useCallback((index: number) => keyOf(rows[index], index), [rows]);
  // The virtualizer hands back unstable functions by design; the list re-renders with it anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: 6,
    getItemKey,
    // Until the list is measured, assume it fills the window: the first commit then already holds
    // the rows, and its one layout serves the first frame (no empty list, measure, render again).
    initialRect: firstScreen?.viewport ?? { width: window.innerWidth, height: window.innerHeight },
  });

  // Up/Down on a heading: the next heading may be far off, so scroll it in, then focus it.
  const moveGroup = useCallback(
    (key: string, step: -1 | 1) => {
      const at = rows.findIndex((r) => r.type === 'group' && r.key === key);
      for (let i = at + step; i >= 0 && i < rows.length; i += step) {
        const row = rows[i];
        if (row?.type !== 'group') continue;
        virtualizer.scrollToIndex(i, { align: 'auto' });
        setFocusGroup(row.key);
        return;
      }
    },
    [rows, virtualizer],
  );
  // After each render: the heading appears once the virtualizer has scrolled it in.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (focusGroup === undefined) return;
    const button = scrollRef.current?.querySelector<HTMLButtonElement>(
      `[data-group-key="${CSS.escape(focusGroup)}"] button`,
    );
    if (button) {
      button.focus();
      setFocusGroup(undefined);
    }
  });

  const total = list.grouped ? rows.length : shownCount;
  return (
    <div className="session-scroll" ref={scrollRef} data-testid="session-list">
      <div
        role="list"
        aria-label="Sessions"
        className={positioned ? 'session-list' : 'session-list first-screen'}
        style={positioned ? { height: virtualizer.getTotalSize() } : undefined}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          if (row.type === 'group') {
            return (
              <GroupHeader
                key={item.key}
                row={row}
                top={positioned ? item.start : undefined}
                position={item.index + 1}
                total={total}
                onSetCollapsed={onSetCollapsed}
                onMove={moveGroup}
              />
            );
          }
          if (row.type === 'account') {
            // A visual heading: each row names its account too, so the list stays a list.
            return (
              <div
                key={item.key}
                className="session-group"
                aria-hidden="true"
                style={positioned ? { transform: `translateY(${item.start}px)` } : undefined}
                data-testid="account-group"
              >
                <span>{row.accountName}</span>
                <span className="session-kind">
                  {row.accountId} · {row.count} {row.count === 1 ? 'role' : 'roles'}
                </span>
              </div>
            );
          }
          const { view } = row;
          return (
            <SessionRow
              key={item.key}
              view={view}
              top={positioned ? item.start : undefined}
              position={row.position}
              total={total}
              actionError={actions.actionErrors.get(view.id)}
              consoleBusy={actions.opening.has(view.id)}
              onToggle={actions.toggle}
              onConsole={actions.openConsole}
              onEdit={onEdit}
              onDelete={onDelete}
              onMenu={onMenu}
              onRegion={onRegion}
              onPin={(v) => void actions.pin(v)}
            />
          );
        })}
      </div>
    </div>
  );
}
