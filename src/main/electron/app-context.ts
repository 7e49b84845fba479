// What the shell's setupX() functions share: the core, the prompter, the IPC router and the window.
import type { BrowserWindow } from 'electron';
import type { Core } from '../create-core';
import type { RendererPrompter } from '../ipc/renderer-prompter';
import type { IpcRouter } from '../ipc/ipc-router';
import type { EventForwarder } from './event-forwarder';

export interface AppContext {
  core: Core;
  prompts: RendererPrompter;
  router: IpcRouter;
  forwarder: EventForwarder;
  /** The main window once created; it is hidden, not destroyed, when closed. */
  mainWindow: BrowserWindow | undefined;
  /** Set once Quit began, so closing the window really closes it. */
  quitting: boolean;
  showMainWindow(): void;
  isMainWindowVisible(): boolean;
}
