// The app's settings: their schema, defaults and type. Stored in the store; the Settings view and
// `airlock settings` edit them.
import * as z from 'zod';
import { checkAccelerator } from './accelerator';
import { CONSOLE_BROWSERS, DELIVERY_MODES, regionSchema, samlOriginSchema } from './sessions';

/** A global shortcut in Electron's accelerator syntax, stored in its canonical spelling. */
export const acceleratorSchema = z.string().transform((text, ctx) => {
  const checked = checkAccelerator(text);
  if (checked.ok) return checked.accelerator;
  ctx.addIssue({ code: 'custom', message: checked.reason });
  return z.NEVER;
});

export const settingsSchema = z.object({
  deliveryMode: z.enum(DELIVERY_MODES),
  rotationWindowSeconds: z.number().int().min(60).max(3600),
  defaultRegion: regionSchema,
  keepSessionsOnQuit: z.boolean(),
  /** SAML windows keep the IdP's cookies on disk (persist: partition), so a refresh needs no login. */
  samlPersistentLogin: z.boolean(),
  /** Origins besides each session's IdP that SAML windows may visit (e.g. a federated IdP's). */
  samlAllowedOrigins: z.array(samlOriginSchema).max(50),
  /**
   * Airlock also writes its Identity Center token into the AWS CLI's cache
   * (~/.aws/sso/cache, plaintext at 0600), so sso_session profiles work without a second login.
   */
  shareSsoLogin: z.boolean(),
  /** The browser console sign-ins open in. */
  consoleBrowser: z.enum(CONSOLE_BROWSERS),
  /** Console sign-ins first sign out of the browser's current console session, so one browser can switch accounts. */
  consoleSwitchAccounts: z.boolean(),
  /** Opens the quick switcher from anywhere (Electron's globalShortcut); null: off, the default. */
  switcherShortcut: acceleratorSchema.nullable(),
  /** Airlock starts when the person logs in (Electron's login item; macOS and Windows only). */
  launchAtLogin: z.boolean(),
  /** The window stays hidden at start, in the tray only (also with --hidden). */
  startHidden: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  deliveryMode: 'file',
  rotationWindowSeconds: 600,
  defaultRegion: 'us-east-1',
  keepSessionsOnQuit: false,
  samlPersistentLogin: true,
  samlAllowedOrigins: [],
  shareSsoLogin: false,
  consoleBrowser: 'default',
  consoleSwitchAccounts: false,
  switcherShortcut: null,
  launchAtLogin: false,
  startHidden: false,
};
