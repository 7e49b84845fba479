// The quick switcher (Ctrl/Cmd+K): fuzzy search over every session; Enter starts or stops the
// highlighted one, Ctrl/Cmd+Enter opens its console, Ctrl/Cmd+C has main copy its `export` lines, Escape closes (focus goes back).
import { Suspense, lazy, useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { SessionView } from '../../../shared/sessions';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { StatusBadge } from '../../components/StatusBadge';
import { accountNameOf, accountOf } from '../sessions/session-filter';
import { rankSessions } from './switcher-rank';
import { commandKey } from './command-key';

// The region dialog brings zod's schema; it loads when first asked for.
const RegionDialog = lazy(() =>
  import('../sessions/RegionDialog').then((m) => ({ default: m.RegionDialog })),
);

interface QuickSwitcherProps {
  sessions: readonly SessionView[];
  onClose: () => void;
}

export function QuickSwitcher({ sessions, onClose }: QuickSwitcherProps) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [highlightedId, setHighlightedId] = useState<string>();
  const [status, setStatus] = useState('');
  const [error, setError] = useState<ErrorView>();
  const [regionOf, setRegionOf] = useState<string>();
  const { items, total } = useMemo(() => rankSessions(sessions, query), [sessions, query]);
  const index = Math.max(
    0,
    items.findIndex((view) => view.id === highlightedId),
  );
  const highlighted = items[index];
  const optionId = (view: SessionView) => `${id}-option-${view.id}`;
  const regionSession = regionOf ? sessions.find((view) => view.id === regionOf) : undefined;

  const act = async (view: SessionView): Promise<void> => {
    setError(undefined);
    const stopping = view.state.status === 'active';
    setStatus(stopping ? `Stopping ${view.name}…` : `Starting ${view.name}…`);
    try {
      await invoke(stopping ? 'session:stop' : 'session:start', { id: view.id });
      setStatus(stopping ? `Stopped ${view.name}.` : `Started ${view.name}.`);
    } catch (failure) {
      const shown = toErrorView(failure);
      setStatus('');
      // Cancelling a prompt is the person's own choice, not an error.
      if (shown.code !== 'PROMPT_CANCELLED') setError(shown);
    }
  };

  const copyEnv = async (view: SessionView): Promise<void> => {
    setError(undefined);
    try {
      const copied = await invoke('session:copy-env', { id: view.id });
      setStatus(
        `Copied the export lines of ${view.name} (${copied.variables.join(', ')})${copied.expiresAt ? `; they expire at ${new Date(copied.expiresAt).toLocaleTimeString()}` : ''}.`,
      );
    } catch (failure) {
      setStatus('');
      setError(toErrorView(failure));
    }
  };

  const openConsole = async (view: SessionView): Promise<void> => {
    setError(undefined);
    setStatus(`Opening the console of ${view.name}…`);
    try {
      // Main opens the sign-in URL itself; only the session and region come back.
      const opened = await invoke('session:open-console', { id: view.id });
      setStatus(`Opened the console of ${view.name} in ${opened.region}.`);
    } catch (failure) {
      const shown = toErrorView(failure);
      setStatus('');
      if (shown.code !== 'PROMPT_CANCELLED') setError(shown);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const move = (step: number) => {
      event.preventDefault();
      if (items.length === 0) return;
      const next = items[(index + step + items.length) % items.length];
      if (next) {
        setHighlightedId(next.id);
        document.getElementById(optionId(next))?.scrollIntoView({ block: 'nearest' });
      }
    };
    if (event.key === 'ArrowDown') return move(1);
    if (event.key === 'ArrowUp') return move(-1);
    // Alt+R: the highlighted session's region, in the same dialog as the row's region button.
    if (event.altKey && event.code === 'KeyR' && highlighted) {
      event.preventDefault();
      setRegionOf(highlighted.id);
      return;
    }
    // Ctrl/Cmd+Enter: the console, signed in as the highlighted session (started first if needed).
    if (event.key === 'Enter' && highlighted && commandKey(event)) {
      event.preventDefault();
      void openConsole(highlighted);
      return;
    }
    if (event.key === 'Enter' && highlighted && !commandKey(event)) {
      event.preventDefault();
      void act(highlighted);
      return;
    }
    // Ctrl/Cmd+C copies the session's env, unless the person is copying text they selected.
    const input = event.currentTarget;
    const selected = input.selectionStart !== input.selectionEnd;
    if (commandKey(event) && event.key.toLowerCase() === 'c' && highlighted && !selected) {
      event.preventDefault();
      void copyEnv(highlighted);
    }
  };

  return (
    <>
      <Dialog
        title="Switch session"
        onClose={onClose}
        className="dialog-wide switcher"
        testId="quick-switcher"
      >
        <div className="switcher-body">
          <input
            type="text"
            role="combobox"
            aria-label="Find a session"
            aria-expanded="true"
            aria-controls={`${id}-list`}
            aria-autocomplete="list"
            aria-activedescendant={highlighted ? optionId(highlighted) : undefined}
            aria-describedby={`${id}-keys`}
            placeholder="Name, account, role, profile, region or tag"
            spellCheck={false}
            autoComplete="off"
            data-autofocus=""
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
              setHighlightedId(undefined);
            }}
            onKeyDown={onKeyDown}
          />
          <p className="field-hint" id={`${id}-keys`}>
            ↑ ↓ to choose, Enter to start or stop, Ctrl+Enter (⌘Enter) to open its console, Ctrl+C
            (⌘C) to copy its export lines, Alt+R to change its region, Esc to close.
          </p>
          <ul role="listbox" id={`${id}-list`} aria-label="Sessions" className="switcher-list">
            {items.map((view) => {
              const account = accountNameOf(view) ?? accountOf(view);
              return (
                <li
                  key={view.id}
                  id={optionId(view)}
                  role="option"
                  aria-selected={view === highlighted}
                  className={
                    view === highlighted ? 'switcher-option highlighted' : 'switcher-option'
                  }
                  data-testid="switcher-option"
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => {
                    setHighlightedId(view.id);
                    void act(view);
                  }}
                >
                  <span className="switcher-name">
                    {view.marks?.pinned ? (
                      <>
                        <span aria-hidden="true">★ </span>
                        <span className="visually-hidden">Pinned: </span>
                      </>
                    ) : null}
                    {view.name}
                  </span>
                  <StatusBadge status={view.state.status} />
                  <span className="switcher-meta">
                    {[account, view.profile, view.region].filter(Boolean).join(' · ')}
                  </span>
                </li>
              );
            })}
          </ul>
          <p className="list-summary" data-testid="switcher-count">
            {total === 0
              ? `No session matches “${query}”.`
              : total > items.length
                ? `Best ${items.length} of ${total} matches`
                : `${total} ${total === 1 ? 'session' : 'sessions'}`}
          </p>
          <p className="switcher-status" role="status" data-testid="switcher-status">
            {status}
          </p>
          <ErrorNote error={error} />
        </div>
      </Dialog>
      {/* A sibling, not a child: each modal keeps its own focus trap. */}
      <Suspense fallback={null}>
        {regionSession ? (
          <RegionDialog session={regionSession} onClose={() => setRegionOf(undefined)} />
        ) : null}
      </Suspense>
    </>
  );
}
