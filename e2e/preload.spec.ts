// The page's window.airlock is the real preload bundle's: only invoke and on, frozen, and the
// preload's own allow-lists refuse an unknown request or event in the page, before any IPC.
import { test, expect, harnessCan } from './fixtures';

type Bridge = {
  airlock: {
    invoke(channel: string, payload?: unknown): Promise<unknown>;
    on(event: string, listener: () => void): () => void;
  };
};

test('window.airlock has only invoke and on, and the preload refuses unknown requests and events in the page', async ({
  app,
}) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'No sessions yet' })).toBeVisible();
  const shape = await page.evaluate(() => {
    const { airlock } = globalThis as unknown as Bridge;
    return { keys: Object.keys(airlock).sort(), frozen: Object.isFrozen(airlock) };
  });
  expect(shape).toEqual({ keys: ['invoke', 'on'], frozen: true });

  const before = harnessCan(app, 'ipc') ? app.ipc.length : undefined;
  const refused = await page.evaluate(() =>
    (globalThis as unknown as Bridge).airlock.invoke('session:explode', { id: 'a' }),
  );
  expect(refused).toEqual({
    ok: false,
    error: { code: 'VALIDATION', message: 'Unknown request.' },
  });
  if (before !== undefined) {
    expect(app.ipc.slice(before), 'the unknown request never left the page').toEqual([]);
  }

  const thrown = await page.evaluate(() => {
    try {
      (globalThis as unknown as Bridge).airlock.on('session:exploded', () => undefined);
      return 'subscribed';
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  });
  expect(thrown).toBe('TypeError: Unknown Airlock event: session:exploded');

  const answer = await page.evaluate(() =>
    (globalThis as unknown as Bridge).airlock.invoke('settings:get'),
  );
  expect(answer).toMatchObject({ ok: true });
});
