// The app's CSP proven by its effect, not its text: Chromium refuses inline script, eval, any
// request to a server, a remote image and an injected <style>, and reports each as a violation.
// Once with the response header alone, once with index.html's meta tag alone (all a packaged
// file:// page gets), so neither can weaken unnoticed behind the other.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { APP_URL } from './browser';
import { UNAVAILABLE_CHECKS } from './harness';

test.skip(({ target }) => target === 'electron', UNAVAILABLE_CHECKS.electron.cspViolations);

const ELSEWHERE = 'http://elsewhere.test';

/** Answers every request to ELSEWHERE (so only the CSP can stop one) and lists those that came. */
async function routeElsewhere(page: Page): Promise<string[]> {
  const reached: string[] = [];
  await page.context().route(`${ELSEWHERE}/**`, (route) => {
    reached.push(route.request().url());
    return route.fulfill({
      status: 200,
      headers: { 'access-control-allow-origin': '*', 'content-type': 'text/plain' },
      body: 'reached',
    });
  });
  return reached;
}

/**
 * Page-side source (the e2e build has no DOM types): tries each thing the policy forbids and says
 * what happened. eval runs from a timer, a task of the page's own: code Playwright evaluates
 * directly is DevTools code, which Chromium exempts from the eval check.
 */
const TRY_FORBIDDEN = `(async (elsewhere) => {
  const script = document.createElement('script');
  script.textContent = 'globalThis.__inlineRan = true;';
  document.head.append(script);

  const attempt = (run) => { try { run(); return 'ran'; } catch (error) { return error.name; } };
  const inTask = (run) => new Promise((resolve) => setTimeout(() => resolve(attempt(run)), 0));
  const evalOutcome = await inTask(() => (0, eval)('1 + 1'));
  const functionOutcome = await inTask(() => new Function('return 1')());

  const style = document.createElement('style');
  style.textContent = 'body { outline: 7px solid rgb(1, 2, 3); }';
  document.head.append(style);

  const image = new Image();
  const remoteImage = new Promise((resolve) => {
    image.onload = () => resolve('loaded');
    image.onerror = () => resolve('refused');
  });
  image.src = elsewhere + '/pixel.png';
  const outcome = (request) => request.then(() => 'fetched', (error) => error.name);

  return {
    inlineScript: globalThis.__inlineRan === true ? 'ran' : 'refused',
    eval: evalOutcome,
    newFunction: functionOutcome,
    injectedStyle: getComputedStyle(document.body).outlineWidth === '7px' ? 'applied' : 'refused',
    fetchElsewhere: await outcome(fetch(elsewhere + '/data')),
    fetchOwnOrigin: await outcome(fetch('/index.html')),
    remoteImage: await remoteImage,
  };
})`;

const EXPECTED_VIOLATIONS = [
  'script-src-elem inline',
  'script-src eval',
  'style-src-elem inline',
  `connect-src ${ELSEWHERE}/data`,
  `connect-src ${APP_URL}`,
  `img-src ${ELSEWHERE}/pixel.png`,
];

for (const [csp, label] of [
  ['header', 'the response header alone'],
  ['meta', "index.html's meta tag alone"],
] as const) {
  test(`with the CSP from ${label}, Chromium refuses inline script, eval, requests, remote images and injected styles, and reports each`, async ({
    launch,
  }) => {
    const app = await launch({ csp });
    const { page } = app;
    await expect(page.getByRole('heading', { name: 'No sessions yet' })).toBeVisible();
    const hasMeta = await page.locator('meta[http-equiv="Content-Security-Policy"]').count();
    expect(hasMeta, 'the meta tag is there only when it is the source under test').toBe(
      csp === 'meta' ? 1 : 0,
    );
    const reached = await routeElsewhere(page);
    expect(await app.cspViolations()).toEqual([]);

    expect(await page.evaluate(`${TRY_FORBIDDEN}(${JSON.stringify(ELSEWHERE)})`)).toEqual({
      inlineScript: 'refused',
      eval: 'EvalError',
      newFunction: 'EvalError',
      injectedStyle: 'refused',
      fetchElsewhere: 'TypeError',
      fetchOwnOrigin: 'TypeError',
      remoteImage: 'refused',
    });
    expect(reached, 'no request left the page').toEqual([]);
    await expect
      .poll(async () => [...new Set(await app.cspViolations())].sort())
      .toEqual([...EXPECTED_VIOLATIONS].sort());
    // The app still works under the policy that refused all that.
    await page.getByRole('tab', { name: 'Settings' }).click();
    await expect(page.getByRole('button', { name: 'Save settings' })).toBeVisible();
  });
}

test('the header forbids framing the app from another origin (frame-ancestors)', async ({
  launch,
}) => {
  const app = await launch({ csp: 'header' });
  const host = await app.page.context().newPage();
  await host.route('http://host.test/frame.html', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: `<iframe title="app" src="${APP_URL}"></iframe>`,
    }),
  );
  await host.goto('http://host.test/frame.html');
  const framed = host.frames().find((frame) => frame !== host.mainFrame());
  expect(framed, 'the host page has its iframe').toBeDefined();
  await framed?.waitForLoadState();
  expect(framed?.url()).not.toBe(APP_URL);
  await expect(host.frameLocator('iframe').locator('#root')).toHaveCount(0);
  await host.close();
});
