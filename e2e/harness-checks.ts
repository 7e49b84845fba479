// What the harness can check on each target, and the error a spec gets when it asks for a check its
// target cannot make (so the spec skips with the reason instead of passing on an empty answer).
export type AppTarget = 'chromium' | 'electron';

/** Checks only the harness can make, by watching both sides of IPC or the page from its start. */
export type HarnessCheck = 'ipc' | 'cspViolations' | 'openedUrls';

/** Why a target cannot make a check; a spec skips that check with this reason. */
export const UNAVAILABLE_CHECKS: Record<AppTarget, Partial<Record<HarnessCheck, string>>> = {
  chromium: {},
  electron: {
    ipc: 'IPC crosses inside the Electron process, where the harness records nothing',
    cspViolations:
      'the harness has no listener in the Electron page from its first script, so it cannot see every CSP violation',
    openedUrls:
      'the app opens Identity Center pages and console sign-ins with shell.openExternal inside the Electron process, in the system browser',
  },
};

/** Thrown when a spec reads a check its target cannot make, instead of an empty, passing answer. */
export class CheckUnavailableError extends Error {
  constructor(
    readonly check: HarnessCheck,
    readonly target: AppTarget,
  ) {
    super(
      `${check} is not available on the ${target} target: ${UNAVAILABLE_CHECKS[target][check]}`,
    );
  }
}
