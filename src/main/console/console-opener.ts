// Console sign-in for the app (a row, its context menu, the tray): the core makes the sign-in URL
// and this opens it in the browser the settings pick. The URL carries a SigninToken, so it stays
// in the main process: callers get back only who was signed in, in which region.
import { join } from 'node:path';
import { AirlockError } from '../airlock-error';
import type { Core } from '../create-core';
import type { ConsoleBrowser } from '../../shared/sessions';
import { launchBrowser } from './browser-launcher';
import { launchPlan, type LaunchPlan } from './console-plan';

export interface ConsoleOpenerDeps {
  core: Pick<Core, 'console' | 'sessions' | 'store'>;
  /** The system default browser (shell.openExternal; a capture in the e2e harness); absent where there is none. */
  openExternal: ((url: string) => Promise<void>) | undefined;
  /** Runs a plan for a named browser; the `open` package by default. */
  launch?: (plan: LaunchPlan) => Promise<void>;
}

export interface ConsoleOpened {
  id: string;
  name: string;
  region: string;
  browser: ConsoleBrowser;
}

/** Signs in as the session (starting it first, MFA asked as usual) and opens the console. */
export async function openConsole(
  deps: ConsoleOpenerDeps,
  id: string,
  request: { region?: string } = {},
): Promise<ConsoleOpened> {
  const { core } = deps;
  const signin = await core.console.signinUrl(id, request.region ? { region: request.region } : {});
  const { session } = signin;
  const browser = core.sessions.settings().consoleBrowser;
  const plan = launchPlan(browser, session, signin.url, join(core.store.dir, 'browser-profiles'));
  try {
    if (plan.app) await (deps.launch ?? launchBrowser)(plan);
    else if (deps.openExternal) await deps.openExternal(plan.target);
    else throw new Error('no system browser');
  } catch (cause) {
    throw browserUnavailable(browser, session.name, cause);
  }
  return { id: session.id, name: session.name, region: signin.region, browser };
}

/** The app's and the CLI's error when no browser could be started for the console. */
export function browserUnavailable(
  browser: ConsoleBrowser,
  sessionName: string,
  cause: unknown,
): AirlockError {
  return new AirlockError(
    'BROWSER_UNAVAILABLE',
    `Airlock could not open ${browserText(browser)} for session ${sessionName}'s console. Check the console-browser setting, or run "airlock console ${sessionName} --print" and open the address yourself.`,
    { cause },
  );
}

function browserText(browser: ConsoleBrowser): string {
  if (browser === 'default') return 'the default browser';
  if (browser === 'firefox-container') return 'Firefox';
  return browser.charAt(0).toUpperCase() + browser.slice(1);
}
