// Carries a launch plan out with the `open` package (loaded on first use): it runs the app with an
// argv array, never through a shell string.
import type { ChildProcess } from 'node:child_process';
import type * as Open from 'open';
import type { BrowserApp, LaunchPlan } from './console-plan';

type OpenModule = typeof Open;

/** The platform's binary names for each app, in the order to try; `open` knows all but Chromium. */
function appNames(open: OpenModule, app: BrowserApp): readonly string[] {
  if (app === 'chromium') {
    if (process.platform === 'darwin') return ['Chromium'];
    return process.platform === 'win32' ? ['chromium'] : ['chromium', 'chromium-browser'];
  }
  return [open.apps[app]].flat();
}

/**
 * Resolves once the process runs, rejects when it could not be started (ENOENT for a browser that
 * is not installed). `open` does not wait for either, so without this a missing browser is an
 * unhandled 'error' event, which ends the CLI and the app's main process.
 */
function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => {
      child.off('error', reject);
      resolve();
    });
  });
}

export async function launchBrowser(plan: LaunchPlan): Promise<void> {
  const open = await import('open');
  const openUrl = 'default' in open ? open.default : (open as unknown as OpenModule['default']);
  if (!plan.app) return started(await openUrl(plan.target));
  // Each binary name in turn: `open` moves on to the next one only when waiting for the app.
  let failure: unknown;
  for (const name of appNames(open, plan.app.name)) {
    try {
      return await started(
        await openUrl(plan.target, { app: { name, arguments: plan.app.arguments } }),
      );
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}
