// The settings view: delivery mode, rotation window, default region, keep sessions on quit, the
// console's browser and account switching, and the SAML windows' login persistence, extra origins
// and "Forget IdP logins"; then the Identity Center integrations, which save on their own.
import { useEffect, useState, type FormEvent } from 'react';
import {
  CONSOLE_BROWSERS,
  DELIVERY_MODES,
  type ConsoleBrowser,
  type DeliveryMode,
} from '../../../shared/sessions';
import { settingsSchema, type Settings } from '../../../shared/settings';
import type { ErrorView } from '../../../shared/errors';
import { invoke, toErrorView } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { IntegrationsSection } from '../integrations/IntegrationsSection';
import { StartupFields } from './StartupFields';

const DELIVERY_LABELS: Record<DeliveryMode, string> = {
  file: 'Write credentials to the credentials file',
  'credential-process': 'Serve them through credential_process (nothing secret on disk)',
};

const BROWSER_LABELS: Record<ConsoleBrowser, string> = {
  default: 'The system default browser',
  'firefox-container': 'Firefox, a container per session (needs its add-on)',
  chrome: 'Chrome, a profile per session',
  chromium: 'Chromium, a profile per session',
  edge: 'Edge, a profile per session',
  brave: 'Brave, a profile per session',
};

interface Draft {
  deliveryMode: DeliveryMode;
  rotationMinutes: string;
  defaultRegion: string;
  keepSessionsOnQuit: boolean;
  consoleBrowser: ConsoleBrowser;
  consoleSwitchAccounts: boolean;
  samlPersistentLogin: boolean;
  /** One origin per line. */
  samlAllowedOrigins: string;
  /** An accelerator, '' for off. */
  switcherShortcut: string;
  launchAtLogin: boolean;
  startHidden: boolean;
}

/** The fields this view edits; other settings are left as they are. */
const viewSchema = settingsSchema.pick({
  deliveryMode: true,
  rotationWindowSeconds: true,
  defaultRegion: true,
  keepSessionsOnQuit: true,
  consoleBrowser: true,
  consoleSwitchAccounts: true,
  samlPersistentLogin: true,
  samlAllowedOrigins: true,
  switcherShortcut: true,
  launchAtLogin: true,
  startHidden: true,
});

function originLines(text: string): string[] {
  return text
    .split(/\s+/)
    .map((line) => line.trim())
    .filter(Boolean);
}

export function SettingsView() {
  const [draft, setDraft] = useState<Draft>();
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [error, setError] = useState<ErrorView>();
  const [saved, setSaved] = useState(false);
  const [forgotten, setForgotten] = useState<string>();

  useEffect(() => {
    invoke('settings:get').then(
      (settings) => setDraft(toDraft(settings)),
      (failure: unknown) => setError(toErrorView(failure)),
    );
  }, []);

  if (!draft) {
    return (
      <section className="view" aria-labelledby="settings-heading">
        <div className="toolbar">
          <h1 id="settings-heading">Settings</h1>
        </div>
        <ErrorNote error={error} />
      </section>
    );
  }

  const update = (patch: Partial<Draft>): void => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const minutes = Number(draft.rotationMinutes);
    const candidate = {
      deliveryMode: draft.deliveryMode,
      rotationWindowSeconds: Math.round(minutes * 60),
      defaultRegion: draft.defaultRegion.trim(),
      keepSessionsOnQuit: draft.keepSessionsOnQuit,
      consoleBrowser: draft.consoleBrowser,
      consoleSwitchAccounts: draft.consoleSwitchAccounts,
      samlPersistentLogin: draft.samlPersistentLogin,
      samlAllowedOrigins: originLines(draft.samlAllowedOrigins),
      switcherShortcut: draft.switcherShortcut.trim() === '' ? null : draft.switcherShortcut.trim(),
      launchAtLogin: draft.launchAtLogin,
      startHidden: draft.startHidden,
    };
    const parsed = viewSchema.safeParse(candidate);
    if (!parsed.success || !Number.isFinite(minutes)) {
      const next: Partial<Record<keyof Draft, string>> = {};
      for (const issue of parsed.success ? [] : parsed.error.issues) {
        if (issue.path[0] === 'rotationWindowSeconds')
          next.rotationMinutes = 'must be between 1 and 60 minutes';
        if (issue.path[0] === 'defaultRegion') next.defaultRegion = issue.message;
        if (issue.path[0] === 'switcherShortcut') next.switcherShortcut = issue.message;
        if (issue.path[0] === 'samlAllowedOrigins') {
          const bad = candidate.samlAllowedOrigins[Number(issue.path[1])];
          next.samlAllowedOrigins = bad ? `${bad} ${issue.message}` : issue.message;
        }
      }
      if (!Number.isFinite(minutes)) next.rotationMinutes = 'must be a number of minutes';
      setErrors(next);
      return;
    }
    setErrors({});
    try {
      setDraft(toDraft(await invoke('settings:set', parsed.data)));
      setError(undefined);
      setSaved(true);
    } catch (failure) {
      setError(toErrorView(failure));
    }
  };

  const forget = async (): Promise<void> => {
    try {
      const { cleared } = await invoke('saml:forget-logins');
      setForgotten(
        cleared === 0
          ? 'No IdP login was stored'
          : 'IdP logins forgotten: the next start signs in again',
      );
      setError(undefined);
    } catch (failure) {
      setError(toErrorView(failure));
    }
  };

  return (
    <section className="view" aria-labelledby="settings-heading">
      <div className="toolbar">
        <h1 id="settings-heading">Settings</h1>
      </div>
      <form className="form settings-form" noValidate onSubmit={(event) => void submit(event)}>
        <fieldset>
          <legend>Delivery</legend>
          {DELIVERY_MODES.map((mode) => (
            <label key={mode} className="radio">
              <input
                type="radio"
                name="deliveryMode"
                value={mode}
                checked={draft.deliveryMode === mode}
                onChange={() => update({ deliveryMode: mode })}
              />
              {DELIVERY_LABELS[mode]}
            </label>
          ))}
        </fieldset>
        <div className={errors.rotationMinutes ? 'field field-invalid' : 'field'}>
          <label htmlFor="rotation-window">Rotate this many minutes before expiry</label>
          <input
            id="rotation-window"
            type="number"
            min={1}
            max={60}
            value={draft.rotationMinutes}
            aria-invalid={errors.rotationMinutes ? true : undefined}
            aria-describedby={errors.rotationMinutes ? 'rotation-window-error' : undefined}
            onChange={(e) => update({ rotationMinutes: e.target.value })}
          />
          {errors.rotationMinutes ? (
            <p className="field-error" id="rotation-window-error">
              Rotation window {errors.rotationMinutes}
            </p>
          ) : null}
        </div>
        <div className={errors.defaultRegion ? 'field field-invalid' : 'field'}>
          <label htmlFor="default-region">Default region</label>
          <input
            id="default-region"
            value={draft.defaultRegion}
            spellCheck={false}
            aria-invalid={errors.defaultRegion ? true : undefined}
            aria-describedby={errors.defaultRegion ? 'default-region-error' : undefined}
            onChange={(e) => update({ defaultRegion: e.target.value })}
          />
          {errors.defaultRegion ? (
            <p className="field-error" id="default-region-error">
              Default region {errors.defaultRegion}
            </p>
          ) : null}
        </div>
        <div className={errors.switcherShortcut ? 'field field-invalid' : 'field'}>
          <label htmlFor="switcher-shortcut">Global shortcut for the quick switcher</label>
          <input
            id="switcher-shortcut"
            value={draft.switcherShortcut}
            spellCheck={false}
            placeholder="Off"
            aria-invalid={errors.switcherShortcut ? true : undefined}
            aria-describedby={
              errors.switcherShortcut
                ? 'switcher-shortcut-error switcher-shortcut-hint'
                : 'switcher-shortcut-hint'
            }
            onChange={(e) => update({ switcherShortcut: e.target.value })}
          />
          {errors.switcherShortcut ? (
            <p className="field-error" id="switcher-shortcut-error">
              Shortcut {errors.switcherShortcut}
            </p>
          ) : null}
          <p className="field-hint" id="switcher-shortcut-hint">
            Opens the switcher from any app, e.g. CommandOrControl+Shift+K. Empty: off. In the
            window, Ctrl+K (⌘K) always works.
          </p>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.keepSessionsOnQuit}
            onChange={(e) => update({ keepSessionsOnQuit: e.target.checked })}
          />
          Keep sessions and their profiles when Airlock quits
        </label>
        <StartupFields
          launchAtLogin={draft.launchAtLogin}
          startHidden={draft.startHidden}
          onChange={update}
        />
        <fieldset>
          <legend>Console sign-in</legend>
          <div className="field">
            <label htmlFor="console-browser">Open the console in</label>
            <select
              id="console-browser"
              value={draft.consoleBrowser}
              onChange={(e) => update({ consoleBrowser: e.target.value as ConsoleBrowser })}
            >
              {CONSOLE_BROWSERS.map((browser) => (
                <option key={browser} value={browser}>
                  {BROWSER_LABELS[browser]}
                </option>
              ))}
            </select>
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.consoleSwitchAccounts}
              onChange={(e) => update({ consoleSwitchAccounts: e.target.checked })}
            />
            Sign out of the console first, so one browser can switch accounts
          </label>
        </fieldset>
        <fieldset>
          <legend>SAML sign-in</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.samlPersistentLogin}
              onChange={(e) => update({ samlPersistentLogin: e.target.checked })}
            />
            Remember IdP logins between restarts (cookies encrypted on disk)
          </label>
          <div className={errors.samlAllowedOrigins ? 'field field-invalid' : 'field'}>
            <label htmlFor="saml-allowed-origins">
              Other sites the sign-in window may visit (https origins, one per line)
            </label>
            <textarea
              id="saml-allowed-origins"
              rows={3}
              value={draft.samlAllowedOrigins}
              spellCheck={false}
              placeholder="https://mfa.example.com"
              aria-invalid={errors.samlAllowedOrigins ? true : undefined}
              aria-describedby={
                errors.samlAllowedOrigins ? 'saml-allowed-origins-error' : undefined
              }
              onChange={(e) => update({ samlAllowedOrigins: e.target.value })}
            />
            {errors.samlAllowedOrigins ? (
              <p className="field-error" id="saml-allowed-origins-error">
                Origin {errors.samlAllowedOrigins}
              </p>
            ) : null}
          </div>
          <div className="form-actions">
            <button type="button" onClick={() => void forget()}>
              Forget IdP logins
            </button>
            <span className="saved-note" role="status" data-testid="forget-status">
              {forgotten ?? ''}
            </span>
          </div>
        </fieldset>
        <ErrorNote error={error} />
        <div className="form-actions">
          <button type="submit" className="primary">
            Save settings
          </button>
          <span className="saved-note" role="status">
            {saved ? 'Saved' : ''}
          </span>
        </div>
      </form>
      <IntegrationsSection />
    </section>
  );
}

function toDraft(settings: Settings): Draft {
  return {
    deliveryMode: settings.deliveryMode,
    rotationMinutes: String(settings.rotationWindowSeconds / 60),
    defaultRegion: settings.defaultRegion,
    keepSessionsOnQuit: settings.keepSessionsOnQuit,
    consoleBrowser: settings.consoleBrowser,
    consoleSwitchAccounts: settings.consoleSwitchAccounts,
    samlPersistentLogin: settings.samlPersistentLogin,
    samlAllowedOrigins: settings.samlAllowedOrigins.join('\n'),
    switcherShortcut: settings.switcherShortcut ?? '',
    launchAtLogin: settings.launchAtLogin,
    startHidden: settings.startHidden,
  };
}
