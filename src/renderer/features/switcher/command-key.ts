/** Whether the platform's command key (Cmd on macOS, Ctrl elsewhere) is held; apart from the
 * switcher so the app shell can listen for ⌘K / Ctrl+K without loading the switcher itself. */
export function commandKey(event: { ctrlKey: boolean; metaKey: boolean }): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform) ? event.metaKey : event.ctrlKey;
}
