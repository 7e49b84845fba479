// The sessions view: search, sort, a virtualized list with start/stop, and the add/edit/delete dialogs.
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SessionView } from '../../../shared/sessions';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import {
  SORT_KEYS,
  SORT_LABELS,
  filterSessions,
  listLines,
  sortSessions,
  type SortKey,
} from './session-filter';
import { SessionRow, ROW_HEIGHT } from './SessionRow';
import { SessionContextMenu, type MenuAnchor } from './SessionContextMenu';

// The form brings zod; the list renders without waiting for it.
const loadForm = () => import('./SessionForm');
/** An account heading above its sso-role sessions when sorted by account. */
const GROUP_HEIGHT = 32;

const SessionForm = lazy(() => loadForm().then((m) => ({ default: m.SessionForm })));
const RegionDialog = lazy(() =>
  import('./RegionDialog').then((m) => ({ default: m.RegionDialog })),
);

type Editing =
  | { type: 'add' }
  | { type: 'edit'; id: string }
  | { type: 'delete'; id: string }
  | { type: 'region'; id: string };

interface SessionsViewProps {
  sessions: readonly SessionView[];
  loaded: boolean;
  loadError?: ErrorView;
}

export function SessionsView({ sessions, loaded, loadError }: SessionsViewProps) {
  const [query, setQuery] = useState('');
  const [sortKey, setSortKey] = useState<SortKey>('name');
  const [editing, setEditing] = useState<Editing>();
  const [actionErrors, setActionErrors] = useState<ReadonlyMap<string, ErrorView>>(new Map());
  const [opening, setOpening] = useState<ReadonlySet<string>>(new Set());
  const [menu, setMenu] = useState<MenuAnchor>();
  // Sorted once per list and sort key; a keystroke only filters.
  const sorted = useMemo(() => sortSessions(sessions, sortKey), [sessions, sortKey]);
  const shown = useMemo(() => filterSessions(sorted, query), [sorted, query]);
  const lines = useMemo(() => listLines(shown, sortKey), [shown, sortKey]);
  useEffect(() => {
    // Fetch the form while idle so "Add session" opens at once.
    const timer = setTimeout(() => void loadForm(), 500);
    return () => clearTimeout(timer);
  }, []);
  const byId = useMemo(() => new Map(sessions.map((s) => [s.id, s])), [sessions]);

  const setActionError = useCallback((id: string, error: ErrorView | undefined) => {
    setActionErrors((prev) => {
      if (!error && !prev.has(id)) return prev;
      const next = new Map(prev);
      if (error) next.set(id, error);
      else next.delete(id);
      return next;
    });
  }, []);

  const toggle = useCallback(
    async (view: SessionView) => {
      setActionError(view.id, undefined);
      try {
        if (view.state.status === 'active') await invoke('session:stop', { id: view.id });
        else await invoke('session:start', { id: view.id });
      } catch (error) {
        const failure = toErrorView(error);
        // Cancelling a prompt is the person's own choice, not an error to show on the row.
        if (failure.code !== 'PROMPT_CANCELLED') setActionError(view.id, failure);
      }
    },
    [setActionError],
  );

  // The sign-in URL never comes here: main opens it and answers with the session and region.
  const openConsole = useCallback(
    async (view: SessionView) => {
      setActionError(view.id, undefined);
      setOpening((prev) => new Set(prev).add(view.id));
      try {
        await invoke('session:open-console', { id: view.id });
      } catch (error) {
        const failure = toErrorView(error);
        if (failure.code !== 'PROMPT_CANCELLED') setActionError(view.id, failure);
      } finally {
        setOpening((prev) => {
          const next = new Set(prev);
          next.delete(view.id);
          return next;
        });
      }
    },
    [setActionError],
  );

  const pin = useCallback(
    async (view: SessionView) => {
      setActionError(view.id, undefined);
      try {
        await invoke('session:set-marks', { id: view.id, pinned: !view.marks?.pinned });
      } catch (error) {
        setActionError(view.id, toErrorView(error));
      }
    },
    [setActionError],
  );

  const openMenu = useCallback(
    (view: SessionView, x: number, y: number, opener: HTMLElement | null) =>
      setMenu({ id: view.id, x, y, opener }),
    [],
  );
  const closeMenu = useCallback(() => setMenu(undefined), []);
  const menuSession = menu ? byId.get(menu.id) : undefined;

  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer hands back unstable functions by design; the list re-renders with it anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (lines[index]?.type === 'account' ? GROUP_HEIGHT : ROW_HEIGHT),
    overscan: 6,
    getItemKey: (index) => {
      const line = lines[index];
      if (!line) return index;
      return line.type === 'account' ? `account:${line.key}` : line.view.id;
    },
  });

  const editingSession = editing && editing.type !== 'add' ? byId.get(editing.id) : undefined;

  return (
    <section className="view sessions-view" aria-labelledby="sessions-heading">
      <div className="toolbar">
        <h1 id="sessions-heading">Sessions</h1>
        <div className="toolbar-controls">
          <label className="search">
            <span className="visually-hidden">Search sessions</span>
            <input
              type="search"
              placeholder="Search name, account, role, profile, tag"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              data-testid="session-search"
            />
          </label>
          <label className="sort">
            <span>Sort by</span>
            <select value={sortKey} onChange={(event) => setSortKey(event.target.value as SortKey)}>
              {SORT_KEYS.map((key) => (
                <option key={key} value={key}>
                  {SORT_LABELS[key]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="primary" onClick={() => setEditing({ type: 'add' })}>
            Add session
          </button>
        </div>
      </div>

      <ErrorNote error={loadError} />
      <p className="list-summary" aria-live="polite" data-testid="session-count">
        {!loaded
          ? 'Loading sessions…'
          : query.trim()
            ? `${shown.length} of ${sessions.length} sessions match`
            : `${sessions.length} ${sessions.length === 1 ? 'session' : 'sessions'}`}
      </p>

      {loaded && sessions.length === 0 ? (
        <div className="empty-state">
          <h2>No sessions yet</h2>
          <p>
            A session turns long-term keys, a role or a SAML login into temporary credentials under
            a named profile.
          </p>
          <button type="button" className="primary" onClick={() => setEditing({ type: 'add' })}>
            Add your first session
          </button>
        </div>
      ) : loaded && shown.length === 0 ? (
        <div className="empty-state">
          <p>No session matches “{query}”.</p>
          <button type="button" onClick={() => setQuery('')}>
            Clear search
          </button>
        </div>
      ) : (
        <div className="session-scroll" ref={scrollRef} data-testid="session-list">
          <div
            role="list"
            aria-label="Sessions"
            className="session-list"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {virtualizer.getVirtualItems().map((item) => {
              const line = lines[item.index];
              if (!line) return null;
              if (line.type === 'account') {
                // A visual heading: each row names its account too, so the list stays a list.
                return (
                  <div
                    key={item.key}
                    className="session-group"
                    aria-hidden="true"
                    style={{ transform: `translateY(${item.start}px)` }}
                    data-testid="account-group"
                  >
                    <span>{line.accountName}</span>
                    <span className="session-kind">
                      {line.accountId} · {line.count} {line.count === 1 ? 'role' : 'roles'}
                    </span>
                  </div>
                );
              }
              const { view } = line;
              return (
                <SessionRow
                  key={view.id}
                  view={view}
                  top={item.start}
                  position={line.position}
                  total={shown.length}
                  actionError={actionErrors.get(view.id)}
                  consoleBusy={opening.has(view.id)}
                  onToggle={toggle}
                  onConsole={openConsole}
                  onEdit={(id) => setEditing({ type: 'edit', id })}
                  onDelete={(id) => setEditing({ type: 'delete', id })}
                  onMenu={openMenu}
                  onRegion={(id) => setEditing({ type: 'region', id })}
                  onPin={(v) => void pin(v)}
                />
              );
            })}
          </div>
        </div>
      )}

      {menu && menuSession ? (
        <SessionContextMenu
          view={menuSession}
          anchor={menu}
          consoleBusy={opening.has(menuSession.id)}
          onClose={closeMenu}
          onToggle={(view) => void toggle(view)}
          onConsole={(view) => void openConsole(view)}
          onEdit={(id) => setEditing({ type: 'edit', id })}
          onDelete={(id) => setEditing({ type: 'delete', id })}
        />
      ) : null}

      <Suspense fallback={null}>
        {editing?.type === 'add' ? (
          <SessionForm
            mode="add"
            sessions={sessions}
            onClose={() => setEditing(undefined)}
            onSaved={() => setEditing(undefined)}
          />
        ) : null}
        {editing?.type === 'edit' && editingSession ? (
          <SessionForm
            mode="edit"
            session={editingSession}
            sessions={sessions}
            onClose={() => setEditing(undefined)}
            onSaved={() => setEditing(undefined)}
          />
        ) : null}
        {editing?.type === 'region' && editingSession ? (
          <RegionDialog session={editingSession} onClose={() => setEditing(undefined)} />
        ) : null}
      </Suspense>
      {editing?.type === 'delete' && editingSession ? (
        <ConfirmDelete session={editingSession} onClose={() => setEditing(undefined)} />
      ) : null}
    </section>
  );
}

function ConfirmDelete({ session, onClose }: { session: SessionView; onClose: () => void }) {
  const [error, setError] = useState<ErrorView>();
  const [busy, setBusy] = useState(false);
  const remove = async (): Promise<void> => {
    setBusy(true);
    try {
      await invoke('session:remove', { id: session.id });
      onClose();
    } catch (failure) {
      setError(toErrorView(failure));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Delete ${session.name}?`}
      onClose={onClose}
      testId="confirm-delete"
      description={
        session.state.status === 'active'
          ? `Airlock stops the session first and removes the profile “${session.profile}”. Its stored keys are deleted from the keychain.`
          : `The session and any keys it stored in the keychain are deleted.`
      }
    >
      <ErrorNote error={error} />
      <div className="dialog-actions">
        <button type="button" data-autofocus="" onClick={onClose}>
          Keep
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
          Delete
        </button>
      </div>
    </Dialog>
  );
}
