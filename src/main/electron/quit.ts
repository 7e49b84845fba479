// Quit: stop every session and remove its profiles (unless keepSessionsOnQuit), then dispose the core.
import { app } from 'electron';
import type { AppContext } from './app-context';

export function setupQuit(ctx: AppContext): () => void {
  let phase: 'running' | 'stopping' | 'done' = 'running';

  const shutdown = async (): Promise<void> => {
    // A start waiting on an MFA or role answer would otherwise hold the quit forever.
    ctx.prompts.cancelAll();
    try {
      const settings = await ctx.core.settings.get();
      if (!settings.keepSessionsOnQuit) await ctx.core.sessions.stopAll();
    } finally {
      await ctx.core.dispose();
    }
  };

  app.on('before-quit', (event) => {
    ctx.quitting = true;
    if (phase === 'done') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    void shutdown()
      .catch(() => undefined)
      .finally(() => {
        phase = 'done';
        app.quit();
      });
  });
  // A tray app lives on with no window open.
  app.on('window-all-closed', () => undefined);

  return () => app.quit();
}
