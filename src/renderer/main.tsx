// Renderer entry: hydrates the first screen main rendered into #root (src/renderer/server), or
// renders from scratch when there is none, and tells the main process it may flush queued events.
import './zod-jitless';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { AppRoot } from './app/AppRoot';
import { FIRST_SCREEN_ELEMENT_ID, parseFirstScreen } from '../shared/first-screen';
import { SessionListModel } from './features/sessions/session-list-model';
import { PromptStore } from './features/prompts/prompt-store';
import './styles.css';

// Marks for bench/renderer.bench.ts; they cost nothing when nobody reads them.
performance.mark('airlock:app-start');
const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');
const models = { sessionList: new SessionListModel(), promptStore: new PromptStore() };
const loading = models.sessionList.prefetch();
const firstScreen = parseFirstScreen(document.getElementById(FIRST_SCREEN_ELEMENT_ID)?.textContent);

if (firstScreen && root.firstElementChild) {
  // The server rendered the list main holds; hydrate once this page's copy of it has arrived, so
  // the hydrating render matches. Until then the rows are painted but inert (no handlers yet).
  void loading.then(() => {
    hydrateRoot(root, <AppRoot models={models} firstScreen={firstScreen} />);
  });
} else {
  createRoot(root).render(<AppRoot models={models} firstScreen={undefined} />);
}
