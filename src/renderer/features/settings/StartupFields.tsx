// Settings → Startup: launch at login and start hidden. Electron's login-item API exists on macOS
// and Windows only, so on Linux the note says so and what to do instead.

/** Whether this renderer runs on Linux, where Electron has no login items. */
export function onLinux(userAgent: string = navigator.userAgent): boolean {
  return /Linux/.test(userAgent) && !/Android/.test(userAgent);
}

interface Props {
  launchAtLogin: boolean;
  startHidden: boolean;
  onChange(patch: { launchAtLogin?: boolean; startHidden?: boolean }): void;
}

export function StartupFields({ launchAtLogin, startHidden, onChange }: Props) {
  const linux = onLinux();
  return (
    <fieldset>
      <legend>Startup</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={launchAtLogin}
          aria-describedby="launch-at-login-hint"
          onChange={(e) => onChange({ launchAtLogin: e.target.checked })}
        />
        Start Airlock when I log in
      </label>
      <p className="field-hint" id="launch-at-login-hint">
        {linux
          ? 'Not supported on Linux: Electron cannot add login items there. Add Airlock to your desktop’s autostart programs instead, with --hidden to start it hidden.'
          : 'Adds Airlock to your login items (macOS) or startup apps (Windows).'}
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={startHidden}
          onChange={(e) => onChange({ startHidden: e.target.checked })}
        />
        Start hidden, in the tray only
      </label>
    </fieldset>
  );
}
