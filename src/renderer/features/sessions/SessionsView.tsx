// The sessions view: saved filters, search, filter fields, grouping and sort over a virtual list
// with start/stop, and the add/edit/delete dialogs.
import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionView } from '../../../shared/sessions';
import type { ErrorView } from '../../../shared/errors';
import type { SegmentView, SessionFilter, SessionGrouping } from '../../../shared/segment-fields';
import { ErrorNote } from '../../components/ErrorNote';
import {
  SORT_KEYS,
  SORT_LABELS,
  applyFilter,
  isEmptyFilter,
  sameFilter,
  sortSessions,
  type SortKey,
} from './session-filter';
import { listRows } from './session-groups';
import { filterOptions } from './filter-options';
import { SessionList } from './SessionList';
import { FilterBar } from './FilterBar';
import { SegmentSidebar } from './SegmentSidebar';
import { ConfirmDelete } from './ConfirmDelete';
import { SessionContextMenu, type MenuAnchor } from './SessionContextMenu';
import { useSessionActions } from './use-session-actions';
import { useSegments } from './use-segments';

// The form brings zod; the list renders without waiting for it.
const loadForm = () => import('./SessionForm');

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

const NO_COLLAPSED: ReadonlySet<string> = new Set();

export function SessionsView({ sessions, loaded, loadError }: SessionsViewProps) {
  const [query, setQuery] = useState('');
  const [fields, setFields] = useState<SessionFilter>({});
  const [grouping, setGroupingState] = useState<SessionGrouping>('none');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(NO_COLLAPSED);
  const [sortKey, setSortKey] = useState<SortKey>('name');
  const [editing, setEditing] = useState<Editing>();
  const [menu, setMenu] = useState<MenuAnchor>();
  const actions = useSessionActions();
  const segments = useSegments();

  const filter = useMemo(() => ({ ...fields, text: query }), [fields, query]);
  // Sorted once per list and sort key; a keystroke only filters.
  const sorted = useMemo(() => sortSessions(sessions, sortKey), [sessions, sortKey]);
  const shown = useMemo(() => applyFilter(sorted, filter), [sorted, filter]);
  const list = useMemo(
    () => listRows(shown, grouping, sortKey, collapsed),
    [shown, grouping, sortKey, collapsed],
  );
  const options = useMemo(() => filterOptions(sessions, fields), [sessions, fields]);
  const filtered = !isEmptyFilter(filter);
  const current = segments.segments.find(
    (s) => s.grouping === grouping && sameFilter(s.filter, filter),
  )?.name;

  useEffect(() => {
    // Fetch the form while idle so "Add session" opens at once.
    const timer = setTimeout(() => void loadForm(), 500);
    return () => clearTimeout(timer);
  }, []);
  const byId = useMemo(() => new Map(sessions.map((s) => [s.id, s])), [sessions]);

  const setGrouping = useCallback((next: SessionGrouping) => {
    setGroupingState(next);
    setCollapsed(NO_COLLAPSED);
  }, []);
  const setGroupCollapsed = useCallback((key: string, shut: boolean) => {
    setCollapsed((prev) => {
      if (prev.has(key) === shut) return prev;
      const next = new Set(prev);
      if (shut) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  const apply = useCallback(
    (segment: SegmentView | undefined) => {
      const { text = '', ...rest } = segment?.filter ?? {};
      setFields(rest);
      setQuery(text);
      setGrouping(segment?.grouping ?? 'none');
    },
    [setGrouping],
  );
  const clearFilter = () => {
    setFields({});
    setQuery('');
  };

  const openMenu = useCallback(
    (view: SessionView, x: number, y: number, opener: HTMLElement | null) =>
      setMenu({ id: view.id, x, y, opener }),
    [],
  );
  const closeMenu = useCallback(() => setMenu(undefined), []);
  const menuSession = menu ? byId.get(menu.id) : undefined;
  const onEdit = useCallback((id: string) => setEditing({ type: 'edit', id }), []);
  const onDelete = useCallback((id: string) => setEditing({ type: 'delete', id }), []);
  const onRegion = useCallback((id: string) => setEditing({ type: 'region', id }), []);

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

      <div className="sessions-body">
        <SegmentSidebar
          store={segments}
          current={current}
          showsAll={!filtered && grouping === 'none'}
          filter={filter}
          grouping={grouping}
          onApply={apply}
        />
        <div className="sessions-main">
          <FilterBar
            filter={fields}
            grouping={grouping}
            options={options}
            onFilter={setFields}
            onGrouping={setGrouping}
          />
          <ErrorNote error={loadError} />
          <p className="list-summary" aria-live="polite" data-testid="session-count">
            {!loaded
              ? 'Loading sessions…'
              : filtered
                ? `${shown.length} of ${sessions.length} sessions match`
                : `${sessions.length} ${sessions.length === 1 ? 'session' : 'sessions'}`}
          </p>

          {loaded && sessions.length === 0 ? (
            <div className="empty-state">
              <h2>No sessions yet</h2>
              <p>
                A session turns long-term keys, a role or a SAML login into temporary credentials
                under a named profile.
              </p>
              <button type="button" className="primary" onClick={() => setEditing({ type: 'add' })}>
                Add your first session
              </button>
            </div>
          ) : loaded && shown.length === 0 ? (
            <div className="empty-state">
              <p>
                {isEmptyFilter(fields)
                  ? `No session matches “${query}”.`
                  : 'No session matches this filter.'}
              </p>
              <button type="button" onClick={clearFilter}>
                {isEmptyFilter(fields) ? 'Clear search' : 'Clear filter'}
              </button>
            </div>
          ) : (
            <SessionList
              list={list}
              shownCount={shown.length}
              actions={actions}
              onEdit={onEdit}
              onDelete={onDelete}
              onRegion={onRegion}
              onMenu={openMenu}
              onSetCollapsed={setGroupCollapsed}
            />
          )}
        </div>
      </div>

      {menu && menuSession ? (
        <SessionContextMenu
          view={menuSession}
          anchor={menu}
          consoleBusy={actions.opening.has(menuSession.id)}
          onClose={closeMenu}
          onToggle={(view) => void actions.toggle(view)}
          onConsole={(view) => void actions.openConsole(view)}
          onEdit={onEdit}
          onDelete={onDelete}
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
