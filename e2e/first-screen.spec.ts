// The first screen arrives server-rendered (src/renderer/server/render-first-screen.tsx through the
// app scheme's own wiring): its rows are in the served HTML and inert until the renderer hydrates
// them, which it does without a hydration error; then a click and a key start and stop a session.
// The document is streamed: its head, with the bundle's module script, arrives before the rows.
import type { ConsoleMessage } from '@playwright/test';
import { test, expect, harnessCan } from './fixtures';
import { addIamUser, expectStatus, reloadApp, row } from './app-driver';
import { RENDERER_DIR, startRendererServer } from './browser';
import { installFakeAirlock, makeSessions } from './fake-airlock';
import { seedSessions } from './seed';
import { waitInteractive } from './harness';

const HOSTILE = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

test('the first rows are in the served HTML, inert until hydration; then a click and a key work, with no hydration error', async ({
  launch,
  sts,
}, testInfo) => {
  // The renderer hydrates once its sessions:list reply arrives: holding that reply holds the page
  // between the server's paint and hydration.
  const gate: { held?: Promise<void> } = {};
  const app = await launch({
    beforeReply: async (channel) => {
      if (channel === 'sessions:list') await gate.held;
    },
  });
  test.skip(!harnessCan(app, 'ipc', testInfo), 'needs the harness IPC to hold a reply');
  const { page, core } = app;
  await seedSessions(core, 200);
  // A session name cannot hold markup (sessionNameSchema); a failure's message is free text from
  // outside (STS, an IdP) and is shown in the row: the hostile text rides there.
  await core.store.update((data) => {
    data.sessions['hostile'] = {
      id: 'hostile',
      config: { kind: 'iam-user', name: 'aab-hostile', profile: 'aab-hostile' },
      state: {
        status: 'failed',
        lastError: { code: 'ACCESS_DENIED', message: HOSTILE, at: new Date().toISOString() },
      },
      profiles: [],
      createdAt: new Date().toISOString(),
    };
  });
  await reloadApp(page);
  await addIamUser(page, {
    name: 'aaa-dev',
    profile: 'airlock-dev',
    accessKeyId: sts.seed.user.accessKeyId,
    secretAccessKey: sts.seed.user.secretAccessKey,
  });

  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  let release: () => void = () => undefined;
  gate.held = new Promise<void>((resolve) => (release = resolve));
  const served = page.waitForResponse((response) => response.url().endsWith('/index.html'));
  await page.reload();

  // In the HTML main served: the first rows, sorted (aaa-dev first), and the hostile text as text.
  const html = await (await served).text();
  expect(html).toContain('data-testid="session-row"');
  expect(html).toContain('<span class="session-name">aaa-dev</span>');
  expect(html).toContain('202 sessions');
  expect(html).toContain('<span class="session-name">aab-hostile</span>');
  expect(html).toContain('&lt;/script&gt;&lt;img src=x');
  expect(html).not.toContain('<img src=x');

  // Painted but not yet hydrated: inert, so a click and a key do nothing.
  await expect(row(page, 'aaa-dev')).toBeVisible();
  await expect(page.locator('.app')).toHaveAttribute('inert', '');
  const start = page.getByRole('button', { name: 'Start aaa-dev', exact: true });
  await expect(start.click({ timeout: 1_000 })).rejects.toThrow(/Timeout/);
  await start.dispatchEvent('click');
  await page.keyboard.press('Control+K');
  expect(app.ipc.filter((m) => m.channel === 'session:start')).toEqual([]);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // The hostile text stayed text: no element, no script came out of it.
  await expect(row(page, 'aab-hostile').locator('.session-error')).toHaveText(HOSTILE);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  // Tag the painted node: hydration must adopt it (a mismatch would render the list anew).
  await row(page, 'aaa-dev').evaluate((node) => ((node as { painted?: boolean }).painted = true));

  release();
  await expect(page.locator('.app')).not.toHaveAttribute('inert');
  await waitInteractive(page);
  // Hydration kept the server's nodes: the row painted first is the row that is live now, and
  // the render after it positioned the rows as usual.
  await expect(row(page, 'aaa-dev')).toHaveAttribute('style', /translateY\(/);
  expect(
    await row(page, 'aaa-dev').evaluate((node) => (node as { painted?: boolean }).painted),
  ).toBe(true);

  // A click starts it; a key on the focused Stop button stops it.
  await start.click();
  await expectStatus(page, 'aaa-dev', 'Active');
  const stop = page.getByRole('button', { name: 'Stop aaa-dev', exact: true });
  await stop.focus();
  await page.keyboard.press('Enter');
  await expectStatus(page, 'aaa-dev', 'Inactive');
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});

test('the streamed head reaches Chromium before main renders: the bundle loads while the rows are held, then they hydrate', async ({
  chromiumBrowser,
}) => {
  test.skip(!chromiumBrowser, 'needs Chromium: the app scheme streams the same parts');
  // Playwright's routing (the harness's) cannot stream a body, so this page is served over
  // loopback HTTP by the bench's server, from the shell's own streamAppDocument; the in-page IPC
  // stand-in answers sessions:list with the list the document was rendered from.
  const viewport = { width: 1100, height: 720 };
  const sessions = makeSessions(300);
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  // An empty favicon: the server has none, and Chromium's 404 for it would be a console error.
  const server = await startRendererServer(RENDERER_DIR, { '/favicon.ico': '' }, async () => {
    await held;
    return { sessions, now: Date.now(), viewport };
  });
  const context = await chromiumBrowser!.newContext({ viewport });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await installFakeAirlock(page, { sessions });
    const bundle = page.waitForResponse((response) =>
      /\/assets\/index-[^/]+\.js$/.test(response.url()),
    );
    const loaded = page.goto(`${server.origin}/index.html`);

    // While main's list is held, the head is in: the bundle was requested and fully received.
    expect(await (await bundle).finished()).toBeNull();
    await expect(page.locator('#root')).toHaveCount(0);

    release();
    await loaded;
    await expect(page.locator('[data-testid="session-row"]').first()).toBeVisible();
    await expect(page.locator('.app')).not.toHaveAttribute('inert');
    await expect(page.getByText('300 sessions')).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await server.close();
  }
});
