// A group's heading row in the sessions list: a button that collapses or expands the group.
import { memo, type KeyboardEvent } from 'react';
import type { GroupHeader as GroupHeaderRow } from './session-groups';

export const GROUP_HEADER_HEIGHT = 40;

interface GroupHeaderProps {
  row: GroupHeaderRow;
  /** The row's offset in the list; undefined in the server's markup (in normal flow there). */
  top: number | undefined;
  position: number;
  total: number;
  onSetCollapsed: (key: string, collapsed: boolean) => void;
  /** Up/Down: focus the previous (-1) or next (1) group's heading. */
  onMove: (key: string, step: -1 | 1) => void;
}

export const GroupHeader = memo(function GroupHeader({
  row,
  top,
  position,
  total,
  onSetCollapsed,
  onMove,
}: GroupHeaderProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>): void => {
    const step = { ArrowUp: -1, ArrowDown: 1 }[event.key];
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      onSetCollapsed(row.key, event.key === 'ArrowLeft');
    } else if (step === -1 || step === 1) {
      event.preventDefault();
      onMove(row.key, step);
    }
  };
  const sessions = `${row.count} ${row.count === 1 ? 'session' : 'sessions'}`;
  return (
    <div
      role="listitem"
      aria-setsize={total}
      aria-posinset={position}
      className="session-group-header"
      style={top === undefined ? undefined : { transform: `translateY(${top}px)` }}
      data-testid="group-header"
      data-group-key={row.key}
    >
      <button
        type="button"
        aria-expanded={!row.collapsed}
        title={row.collapsed ? 'Expand (Right arrow)' : 'Collapse (Left arrow)'}
        onClick={() => onSetCollapsed(row.key, !row.collapsed)}
        onKeyDown={onKeyDown}
      >
        <span className="group-chevron" aria-hidden="true">
          {row.collapsed ? '▸' : '▾'}
        </span>
        <span className="group-name">{row.label}</span>
        {row.detail ? <span className="group-detail">{row.detail}</span> : null}
        <span className="group-counts" data-testid="group-counts">
          {sessions}, {row.active} active
        </span>
      </button>
    </div>
  );
});
