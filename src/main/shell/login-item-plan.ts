// Launch at login as a plan: what to pass to Electron's app.setLoginItemSettings on each platform,
// and whether the main window starts hidden. electron/login-item.ts carries it out.
// Electron's login-item API exists on macOS and Windows only; on Linux the plan says so. Electron 45
// dropped macOS's openAsHidden, so there the window starts hidden from the startHidden setting itself.

/** The subset of Electron's login-item Settings that Airlock passes. */
export interface LoginItemSettings {
  openAtLogin: boolean;
  /** Windows: the arguments the login item starts the app with. */
  args?: string[];
}

export type LoginItemPlan =
  { supported: true; settings: LoginItemSettings } | { supported: false; reason: string };

export const HIDDEN_ARG = '--hidden';

export const LINUX_UNSUPPORTED =
  'unsupported on linux: Electron has no login-item API there. Add Airlock (with --hidden to start it hidden) to your desktop’s autostart programs instead.';

/** What to pass to setLoginItemSettings for these settings on this platform (process.platform). */
export function planLoginItem(
  platform: string,
  settings: { launchAtLogin: boolean; startHidden: boolean },
): LoginItemPlan {
  const openAtLogin = settings.launchAtLogin;
  switch (platform) {
    case 'darwin':
      return { supported: true, settings: { openAtLogin } };
    case 'win32':
      return {
        supported: true,
        settings: { openAtLogin, args: settings.startHidden ? [HIDDEN_ARG] : [] },
      };
    default:
      return { supported: false, reason: LINUX_UNSUPPORTED.replace('linux', platform) };
  }
}

/**
 * Whether to call setLoginItemSettings, given whether the OS has the login item now: when it is
 * wanted (its args or openAsHidden may have changed) or must go; never where unsupported, and not
 * for someone who never turned it on.
 */
export function loginItemNeedsUpdate(current: boolean, plan: LoginItemPlan): boolean {
  return plan.supported && (current || plan.settings.openAtLogin);
}

/** The main window starts hidden when the setting says so, or when started with --hidden (the
 * Windows login item, a desktop autostart entry, or by hand). */
export function startsHidden(input: { argv: readonly string[]; startHidden: boolean }): boolean {
  return input.startHidden || input.argv.includes(HIDDEN_ARG);
}
