// What the shell's setupX() functions share: the core, the prompter, the renderer link and the window.
import type { BrowserWindow } from 'electron';
import type { Core } from '../create-core';
import type { RendererPrompter } from '../ipc/renderer-prompter';
import type { RendererLink } from '../shell/renderer-link';
import type { Settings } from '../../shared/settings';

export interface AppContext {
  core: Core;
  prompts: RendererPrompter;
  /** Routes the page's requests and forwards core events to it. */
  link: RendererLink;
  /** The main window once created; it is hidden, not destroyed, when closed. */
  mainWindow: BrowserWindow | undefined;
  /** Set once Quit began, so closing the window really closes it. */
  quitting: boolean;
  showMainWindow(): void;
  /** Applies changed settings to the shell (the global shortcut, the login item), once set up. */
  settingsChanged?: (settings: Settings) => void;
  isMainWindowVisible(): boolean;
}
