// Sets the application menu from src/main/shell/app-menu.ts: no DevTools, no reload.
import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import { appMenuTemplate } from '../shell/app-menu';

export function setupAppMenu(): void {
  const template = appMenuTemplate(process.platform, app.name) as MenuItemConstructorOptions[];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
