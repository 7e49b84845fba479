// The tray icon and menu, rendered from the pure tray-menu state and rebuilt on session changes.
import {
  Menu,
  Tray,
  clipboard,
  nativeImage,
  nativeTheme,
  shell,
  type MenuItemConstructorOptions,
} from 'electron';
import {
  buildTrayState,
  menuLabel,
  trayIconFile,
  type TrayAction,
  type TraySubItem,
  type TrayState,
} from '../shell/tray-menu';
import { runTrayAction } from '../shell/tray-actions';
import { DOT_COLORS, dotPng } from '../shell/dot-png';
import type { SessionColor } from '../../shared/sessions';
import type { AppContext } from './app-context';
import { assetPath } from './paths';

/** macOS tints template images itself; elsewhere pick the glyph that contrasts with the theme. */
function trayIcon(icon: TrayState['icon']): Electron.NativeImage {
  const file = trayIconFile(icon, process.platform, nativeTheme.shouldUseDarkColors);
  const image = nativeImage.createFromPath(assetPath('tray', file));
  if (process.platform === 'darwin') image.setTemplateImage(true);
  return image;
}

const dots = new Map<string, Electron.NativeImage>();

/** A session's colour as a small dot for its menu item, made once per colour and theme. */
function colorDot(color: SessionColor): Electron.NativeImage {
  const hex = DOT_COLORS[color][nativeTheme.shouldUseDarkColors ? 'dark' : 'light'];
  let image = dots.get(hex);
  if (!image) {
    image = nativeImage.createFromBuffer(dotPng(hex), { scaleFactor: 1 });
    dots.set(hex, image);
  }
  return image;
}

function subTemplate(
  items: readonly TraySubItem[],
  dispatch: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((sub) =>
    'items' in sub
      ? { label: sub.label, submenu: subTemplate(sub.items, dispatch) }
      : {
          label: sub.label,
          ...(sub.checked === undefined ? {} : { type: 'radio' as const, checked: sub.checked }),
          click: () => dispatch(sub.action),
        },
  );
}

function template(
  state: TrayState,
  dispatch: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return state.items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'header':
        return { label: item.label, enabled: false };
      case 'session': {
        const { action, items } = item;
        const icon = item.color ? { icon: colorDot(item.color) } : {};
        // A live session opens its submenu (stop, rotate, console, copy env, region); others start on a click.
        if (items)
          return { label: menuLabel(item), ...icon, submenu: subTemplate(items, dispatch) };
        return {
          label: menuLabel(item),
          ...icon,
          type: 'checkbox',
          checked: item.checked,
          enabled: item.enabled,
          ...(action ? { click: () => dispatch(action) } : {}),
        };
      }
      case 'action':
        return { label: item.label, click: () => dispatch(item.action) };
    }
  });
}

export function setupTray(ctx: AppContext, quit: () => void): Tray {
  const tray = new Tray(trayIcon('idle'));

  const dispatch = (action: TrayAction): void =>
    void runTrayAction(action, {
      core: ctx.core,
      openExternal: (url) => shell.openExternal(url),
      writeClipboard: (text) => clipboard.writeText(text),
      showMainWindow: () => ctx.showMainWindow(),
      quit,
    });

  // Rebuilt on session events only: labels show expiry times of day, so nothing needs a timer.
  const render = (): void => {
    const state = buildTrayState(ctx.core.sessions.list(), {
      defaultRegion: ctx.core.sessions.settings().defaultRegion,
    });
    tray.setImage(trayIcon(state.icon));
    tray.setToolTip(state.tooltip);
    tray.setContextMenu(Menu.buildFromTemplate(template(state, dispatch)));
  };

  // Session events come in bursts (start-all, rotation); one rebuild per burst is enough.
  let pending: ReturnType<typeof setTimeout> | undefined;
  const schedule = (): void => {
    clearTimeout(pending);
    pending = setTimeout(render, 100);
  };
  ctx.core.events.on('session:changed', schedule);
  ctx.core.events.on('session:removed', schedule);
  nativeTheme.on('updated', schedule);
  render();
  return tray;
}
