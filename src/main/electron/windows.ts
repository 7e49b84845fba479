// The main window: built from window-policy, hidden (not closed) on close, shown from tray or a second launch.
import { app, BrowserWindow } from 'electron';
import { mainWindowOptions, mayMainWindowNavigate } from '../shell/window-policy';
import type { AppContext } from './app-context';
import { lockNavigation } from './security';
import { APP_ENTRY_URL } from '../shell/app-protocol';
import { PRELOAD_PATH, devServerUrl } from './paths';

export function setupMainWindow(ctx: AppContext, options: { startHidden: boolean }): void {
  const window = new BrowserWindow(mainWindowOptions(PRELOAD_PATH, { packaged: app.isPackaged }));
  ctx.mainWindow = window;
  lockNavigation(window.webContents, mayMainWindowNavigate);

  // A reload or a crashed renderer must say app:ready again before it gets events.
  window.webContents.on('did-start-loading', () => ctx.link.pageGone());
  window.webContents.on('render-process-gone', () => ctx.link.pageGone());

  window.on('close', (event) => {
    if (ctx.quitting) return;
    event.preventDefault();
    window.hide();
  });
  window.once('ready-to-show', () => {
    if (!options.startHidden) window.show();
  });

  const dev = devServerUrl();
  void window.loadURL(dev ?? APP_ENTRY_URL);

  ctx.showMainWindow = () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  ctx.isMainWindowVisible = () =>
    !window.isDestroyed() && window.isVisible() && !window.isMinimized();

  app.on('activate', () => ctx.showMainWindow());
}
