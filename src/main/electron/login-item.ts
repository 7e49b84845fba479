// Launch at login (Settings → launchAtLogin, startHidden): a thin adapter carrying out
// shell/login-item-plan.ts with Electron's app.setLoginItemSettings. On Linux it does nothing.
import { app } from 'electron';
import type { Settings } from '../../shared/settings';
import { loginItemNeedsUpdate, planLoginItem } from '../shell/login-item-plan';

/** Applies the stored settings now; the returned function applies later ones. */
export function setupLoginItem(settings: Settings): (next: Settings) => void {
  const apply = (next: Settings): void => {
    const plan = planLoginItem(process.platform, next);
    if (!plan.supported) return;
    // Windows reports openAtLogin for the same args only.
    const query = plan.settings.args ? { args: plan.settings.args } : undefined;
    if (loginItemNeedsUpdate(app.getLoginItemSettings(query).openAtLogin, plan))
      app.setLoginItemSettings(plan.settings);
  };
  apply(settings);
  return apply;
}
