// The quick switcher's global shortcut as a plan: what to unregister and register when the
// setting changes, and what to tell the person when the OS refuses it. electron/global-shortcut.ts
// carries it out with Electron's globalShortcut.

export interface ShortcutPlan {
  unregister?: string;
  register?: string;
}

/** From the accelerator registered now (undefined: none) to the one the settings want (null: off). */
export function planShortcut(registered: string | undefined, wanted: string | null): ShortcutPlan {
  if (registered === (wanted ?? undefined)) return {};
  return {
    ...(registered ? { unregister: registered } : {}),
    ...(wanted ? { register: wanted } : {}),
  };
}

/** Electron's register() returns false when another app holds the accelerator. */
export function shortcutTakenMessage(accelerator: string): string {
  return `The quick switcher's shortcut ${accelerator} is already used by another app, so Airlock could not take it. Pick another in Settings, or clear it to turn it off.`;
}
