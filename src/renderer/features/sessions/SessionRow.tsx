// One row of the sessions list: status, identity, profile, expiry countdown and actions.
import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import type { SessionView } from '../../../shared/sessions';
import type { ErrorView } from '../../../shared/errors';
import { StatusBadge } from '../../components/StatusBadge';
import { expiryText } from '../../components/format-time';
import { useNow } from '../../components/use-now';
import { COLOR_LABELS } from './color-labels';
import { KIND_LABELS } from './kind-labels';
import { accountNameOf, accountOf, roleOf } from './session-filter';

export const ROW_HEIGHT = 64;

interface SessionRowProps {
  view: SessionView;
  /** The row's offset in the list; undefined in the server's markup (in normal flow there). */
  top: number | undefined;
  position: number;
  total: number;
  actionError: ErrorView | undefined;
  /** "Open console" is on its way for this session. */
  consoleBusy: boolean;
  onToggle: (view: SessionView) => Promise<void>;
  onConsole: (view: SessionView) => Promise<void>;
  onEdit: (id: string) => void;
  onDelete: (id: string) => void;
  /** Opens the context menu at (x, y); `opener` gets focus back when it closes. */
  onMenu: (view: SessionView, x: number, y: number, opener: HTMLElement | null) => void;
  onRegion: (id: string) => void;
  onPin: (view: SessionView) => void;
}

export const SessionRow = memo(function SessionRow({
  view,
  top,
  position,
  total,
  actionError,
  consoleBusy,
  onToggle,
  onConsole,
  onEdit,
  onDelete,
  onMenu,
  onRegion,
  onPin,
}: SessionRowProps) {
  const { status } = view.state;
  const error = actionError ?? (status === 'failed' ? view.state.lastError : undefined);
  const account = accountOf(view);
  const accountName = accountNameOf(view);
  const isDefault = view.profiles.includes('default');
  const { pinned = false, color, tags = [] } = view.marks ?? {};

  const openMenuWithMouse = (event: MouseEvent<HTMLDivElement>): void => {
    event.preventDefault();
    const row = event.currentTarget;
    onMenu(view, event.clientX, event.clientY, row.querySelector('button'));
  };
  // Shift+F10 and the Menu key, from any control of the row: the keyboard's right-click.
  const openMenuWithKeys = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ContextMenu' && !(event.shiftKey && event.key === 'F10')) return;
    event.preventDefault();
    const from = event.target instanceof HTMLElement ? event.target : null;
    const box = (from ?? event.currentTarget).getBoundingClientRect();
    onMenu(view, box.left, box.bottom, from);
  };

  return (
    <div
      role="listitem"
      aria-setsize={total}
      aria-posinset={position}
      className={`session-row status-${status}${color ? ` mark-${color}` : ''}`}
      style={top === undefined ? undefined : { transform: `translateY(${top}px)` }}
      data-session-id={view.id}
      data-testid="session-row"
      onContextMenu={openMenuWithMouse}
      onKeyDown={openMenuWithKeys}
    >
      <div className="session-main">
        <StatusBadge status={status} />
        <span className="session-name">{view.name}</span>
        <button
          type="button"
          className={pinned ? 'inline-action pin pinned' : 'inline-action pin'}
          aria-pressed={pinned}
          aria-label={`Pin ${view.name}`}
          title={pinned ? 'Pinned: listed first. Unpin' : 'Pin: list it first'}
          onClick={() => onPin(view)}
        >
          <span aria-hidden="true">{pinned ? '★' : '☆'}</span>
        </button>
        {color ? <span className="visually-hidden">Colour {COLOR_LABELS[color]}</span> : null}
        <span className="session-kind">{KIND_LABELS[view.kind]}</span>
        {tags.map((tag) => (
          <span key={tag} className="tag session-tag">
            {tag}
          </span>
        ))}
      </div>
      {error ? (
        <p
          className="session-error"
          data-code={error.code}
          title={error.message}
          role={actionError ? 'alert' : undefined}
        >
          {error.message}
        </p>
      ) : (
        <div className="session-meta">
          <span title="Account">
            {accountName ? `${accountName} (${account ?? ''})` : (account ?? 'account unknown')}
          </span>
          {view.kind === 'sso-role' ? <span title="Role">{roleOf(view)}</span> : null}
          {view.sync?.orphaned ? <span className="tag tag-warning">no longer assigned</span> : null}
          <span className="session-profile" title="Profile">
            {view.profile}
            {isDefault ? <span className="tag">default</span> : null}
          </span>
          <button
            type="button"
            className="inline-action"
            title="Change region"
            aria-label={`Change region of ${view.name}: ${view.region ?? 'default region'}`}
            onClick={() => onRegion(view.id)}
          >
            {view.region ?? 'default region'}
          </button>
          {'mfaProcess' in view && view.mfaProcess ? (
            <span className="tag" title={`MFA command: ${view.mfaProcess}`}>
              MFA by command
            </span>
          ) : null}
          {status === 'active' || status === 'expired' ? (
            <Countdown expiresAt={view.state.expiresAt} />
          ) : null}
        </div>
      )}
      <div className="session-actions">
        <button
          type="button"
          className={status === 'active' ? 'stop' : 'start'}
          disabled={status === 'pending'}
          aria-label={`${status === 'active' ? 'Stop' : 'Start'} ${view.name}`}
          onClick={() => void onToggle(view)}
        >
          {status === 'active' ? 'Stop' : status === 'pending' ? 'Starting…' : 'Start'}
        </button>
        <button
          type="button"
          aria-label={`Open console for ${view.name}`}
          aria-busy={consoleBusy || undefined}
          disabled={consoleBusy || status === 'pending'}
          onClick={() => void onConsole(view)}
        >
          {consoleBusy ? 'Opening…' : 'Open console'}
        </button>
        <button type="button" aria-label={`Edit ${view.name}`} onClick={() => onEdit(view.id)}>
          Edit
        </button>
        <button
          type="button"
          className="quiet-danger"
          aria-label={`Delete ${view.name}`}
          onClick={() => onDelete(view.id)}
        >
          Delete
        </button>
      </div>
    </div>
  );
});

function Countdown({ expiresAt }: { expiresAt: string | undefined }) {
  const now = useNow();
  const text = expiryText(expiresAt, now);
  return text ? <span className="countdown">{text}</span> : null;
}
