// The first screen of the app rendered to HTML in plain Node (no DOM, no electron), from main's
// session views: the same components as the renderer's, through react-dom/server. Main loads this
// module lazily, only when it serves index.html (src/main/shell/app-document.ts).
import { renderToString } from 'react-dom/server';
import type { FirstScreen, RenderFirstScreen } from '../../shared/first-screen';
import { AppRoot } from '../app/AppRoot';
import { SessionListModel } from '../features/sessions/session-list-model';
import { PromptStore } from '../features/prompts/prompt-store';

/** #root's markup for `input`: the app shell with the sessions list's first rows. */
export const renderFirstScreen: RenderFirstScreen = (input) => {
  const models = {
    sessionList: SessionListModel.loadedWith(input.sessions),
    promptStore: new PromptStore(),
  };
  const firstScreen: FirstScreen = { now: input.now, viewport: input.viewport };
  return renderToString(<AppRoot models={models} firstScreen={firstScreen} />);
};
