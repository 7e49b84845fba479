// The app shell: navigation between views, the prompt layer and notifications.
import {
  Suspense,
  lazy,
  useEffect,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
} from 'react';
import { invoke, on } from '../api';
import type { SessionListModel } from '../features/sessions/session-list-model';
import { SessionsView } from '../features/sessions/SessionsView';
import type { PromptStore } from '../features/prompts/prompt-store';
import { commandKey } from '../features/switcher/command-key';
import { Notifications } from './Notifications';
import { useHydrated } from '../components/use-hydrated';

const VIEWS = [
  { id: 'sessions', label: 'Sessions' },
  { id: 'profiles', label: 'Profiles' },
  { id: 'settings', label: 'Settings' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];

// Only the sessions list is on the first screen: the other views, the prompts and the switcher
// load when first shown (Settings also brings zod), so the startup bundle is React and the list.
const SettingsView = lazy(() =>
  import('../features/settings/SettingsView').then((m) => ({ default: m.SettingsView })),
);
const ProfilesView = lazy(() =>
  import('../features/profiles/ProfilesView').then((m) => ({ default: m.ProfilesView })),
);
const MfaModal = lazy(() =>
  import('../features/prompts/MfaModal').then((m) => ({ default: m.MfaModal })),
);
const RolePicker = lazy(() =>
  import('../features/prompts/RolePicker').then((m) => ({ default: m.RolePicker })),
);
const SsoLoginModal = lazy(() =>
  import('../features/prompts/SsoLoginModal').then((m) => ({ default: m.SsoLoginModal })),
);
const QuickSwitcher = lazy(() =>
  import('../features/switcher/QuickSwitcher').then((m) => ({ default: m.QuickSwitcher })),
);

/** The app's external stores: main.tsx makes them; the server render seeds a list (src/renderer/server). */
export interface AppModels {
  sessionList: SessionListModel;
  promptStore: PromptStore;
}

export function App({ sessionList, promptStore }: AppModels) {
  const [view, setView] = useState<ViewId>('sessions');
  // The server snapshot is the same store: on the server it is seeded with the rendered list, and
  // the client hydrates only once its store holds the list (main.tsx).
  const sessions = useSyncExternalStore(
    sessionList.subscribe,
    sessionList.getSnapshot,
    sessionList.getSnapshot,
  );
  const prompts = useSyncExternalStore(
    promptStore.subscribe,
    promptStore.getSnapshot,
    promptStore.getSnapshot,
  );

  useEffect(() => {
    const offSessions = sessionList.connect();
    const offPrompts = promptStore.connect();
    // Only now may the main process flush the events it queued for us.
    void invoke('app:ready').catch(() => undefined);
    return () => {
      offSessions();
      offPrompts();
    };
  }, [sessionList, promptStore]);

  // Server-rendered rows have no handlers until hydration: inert until then, so a click or a key
  // on them does nothing (and focus cannot land in a tree about to come alive), not a wrong thing.
  const hydrated = useHydrated();

  const [switcherOpen, setSwitcherOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (commandKey(event) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setSwitcherOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    // The global shortcut, pressed in another app: main showed the window and says so.
    const offShortcut = on('switcher:open', () => setSwitcherOpen(true));
    return () => {
      window.removeEventListener('keydown', onKey);
      offShortcut();
    };
  }, []);

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number): void => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = VIEWS[(index + step + VIEWS.length) % VIEWS.length];
    if (!next) return;
    setView(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  const mfa = prompts.mfa[0];
  const role = mfa ? undefined : prompts.roles[0];
  const ssoLogin = mfa || role ? undefined : prompts.ssoLogins[0];

  return (
    <div className="app" inert={!hydrated}>
      <header className="app-header">
        <span className="brand">
          <img src="./airlock-mark.svg" alt="" width={22} height={22} />
          Airlock
        </span>
        <nav aria-label="Views">
          <div role="tablist" aria-label="Views" className="tabs">
            {VIEWS.map((item, index) => (
              <button
                key={item.id}
                id={`tab-${item.id}`}
                type="button"
                role="tab"
                aria-selected={view === item.id}
                aria-controls={`panel-${item.id}`}
                tabIndex={view === item.id ? 0 : -1}
                onClick={() => setView(item.id)}
                onKeyDown={(event) => onTabKey(event, index)}
              >
                {item.label}
              </button>
            ))}
          </div>
        </nav>
      </header>
      <main
        id={`panel-${view}`}
        role="tabpanel"
        aria-labelledby={`tab-${view}`}
        className="app-main"
      >
        {view === 'sessions' ? (
          <SessionsView
            sessions={sessions.sessions}
            loaded={sessions.loaded}
            loadError={sessions.loadError}
          />
        ) : (
          <Suspense fallback={null}>
            {view === 'profiles' ? <ProfilesView sessions={sessions.sessions} /> : <SettingsView />}
          </Suspense>
        )}
      </main>
      {mfa ? (
        <Suspense fallback={null}>
          <MfaModal
            key={mfa.seq}
            prompt={mfa}
            session={sessions.sessions.find((s) => s.id === mfa.event.sessionId)}
            onAnswer={(requestId, code) => void promptStore.answerMfa(requestId, code)}
          />
        </Suspense>
      ) : null}
      {role ? (
        <Suspense fallback={null}>
          <RolePicker
            key={role.requestId}
            prompt={role}
            onAnswer={(requestId, roleArn) => void promptStore.answerRole(requestId, roleArn)}
          />
        </Suspense>
      ) : null}
      {ssoLogin ? (
        <Suspense fallback={null}>
          <SsoLoginModal
            key={ssoLogin.requestId}
            prompt={ssoLogin}
            onCancel={(requestId) => void promptStore.cancelSsoLogin(requestId)}
          />
        </Suspense>
      ) : null}
      {switcherOpen ? (
        <Suspense fallback={null}>
          <QuickSwitcher sessions={sessions.sessions} onClose={() => setSwitcherOpen(false)} />
        </Suspense>
      ) : null}
      <Notifications onOpenList={() => setView('sessions')} />
    </div>
  );
}
