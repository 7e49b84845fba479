// The quick switcher's global shortcut (Settings → switcherShortcut, off by default): a thin
// adapter carrying out shell/global-shortcut-plan.ts with Electron's globalShortcut.
import { app, globalShortcut } from 'electron';
import type { Settings } from '../../shared/settings';
import { planShortcut, shortcutTakenMessage } from '../shell/global-shortcut-plan';
import type { AppContext } from './app-context';

/** Registers from the stored setting now; the returned function applies later settings. */
export async function setupGlobalShortcut(ctx: AppContext): Promise<(settings: Settings) => void> {
  let registered: string | undefined;
  const open = (): void => {
    ctx.showMainWindow();
    ctx.core.events.emit('switcher:open', {});
  };
  const apply = (settings: Settings): void => {
    const plan = planShortcut(registered, settings.switcherShortcut);
    if (plan.unregister) globalShortcut.unregister(plan.unregister);
    registered = plan.unregister ? undefined : registered;
    if (plan.register) {
      if (globalShortcut.register(plan.register, open)) registered = plan.register;
      else
        ctx.core.events.emit('notification', {
          level: 'warning',
          message: shortcutTakenMessage(plan.register),
        });
    }
  };
  apply(await ctx.core.settings.get());
  app.on('will-quit', () => globalShortcut.unregisterAll());
  return apply;
}
