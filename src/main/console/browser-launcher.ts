// Carries a launch plan out with the `open` package (loaded on first use): it runs the app with an
// argv array, never through a shell string.
import type * as Open from 'open';
import type { BrowserApp, LaunchPlan } from './console-plan';

type OpenModule = typeof Open;

/** The platform's binary name for each app; `open` knows all but Chromium. */
function appName(open: OpenModule, app: BrowserApp): string | readonly string[] {
  if (app === 'chromium') {
    if (process.platform === 'darwin') return 'Chromium';
    return process.platform === 'win32' ? 'chromium' : ['chromium', 'chromium-browser'];
  }
  return open.apps[app];
}

export async function launchBrowser(plan: LaunchPlan): Promise<void> {
  const open = await import('open');
  const openUrl = 'default' in open ? open.default : (open as unknown as OpenModule['default']);
  const child = await openUrl(plan.target, {
    ...(plan.app
      ? { app: { name: appName(open, plan.app.name), arguments: plan.app.arguments } }
      : {}),
  });
  child.unref();
}
