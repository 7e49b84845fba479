// Accessibility and hardening of the main views: axe (no serious/critical), keyboard, dialogs, CSP.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, harnessCan } from './fixtures';
import { seedSessions } from './seed';
import { reloadApp } from './app-driver';

async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  expect(serious).toEqual([]);
}

test('the main views, the form and the prompts have no serious or critical axe violations', async ({
  app,
}) => {
  const { page, core } = app;
  await seedSessions(core, 12);
  await core.store.update((data) => {
    const failed = data.sessions['s-3'];
    if (failed) {
      failed.state = {
        status: 'failed',
        lastError: {
          code: 'ACCESS_DENIED',
          message: 'AccessDenied: not authorized to assume Admin.',
          at: new Date().toISOString(),
        },
      };
    }
  });
  await reloadApp(page);
  await expect(page.getByTestId('session-count')).toHaveText('12 sessions');
  await expectNoSeriousViolations(page, 'sessions');

  // A row's context menu, in both schemes; Escape gives focus back to the control it opened from.
  const opener = page.getByRole('button', { name: 'Start root-user', exact: true });
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await opener.focus();
    await page.keyboard.press('Shift+F10');
    await expect(page.getByRole('menu', { name: 'Actions for root-user' })).toBeVisible();
    await expectNoSeriousViolations(page, `session context menu (${scheme})`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toBeHidden();
    await expect(opener).toBeFocused();
  }

  await page.getByRole('button', { name: 'Add session' }).click();
  await expect(page.getByTestId('session-form')).toBeVisible();
  await page.getByTestId('session-form').getByRole('button', { name: 'Add session' }).click();
  await expectNoSeriousViolations(page, 'add form with errors');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('session-form')).toBeHidden();

  core.events.emit('prompt:mfa', {
    requestId: 'a11y-mfa',
    sessionId: 's-1',
    sessionName: 'payments-staging-readonly-1',
    deviceArn: 'arn:aws:iam::123456789012:mfa/alice',
    error: { code: 'MFA_REJECTED', message: 'The MFA code was rejected; wait for the next one.' },
  });
  await expect(page.getByTestId('mfa-modal')).toBeVisible();
  await expectNoSeriousViolations(page, 'MFA modal');
  await page.getByRole('button', { name: 'Get codes from a command…' }).click();
  await expect(page.getByRole('textbox', { name: 'MFA command' })).toBeVisible();
  await expectNoSeriousViolations(page, 'MFA modal with its command field');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('mfa-modal')).toBeHidden();

  core.events.emit('prompt:role', {
    requestId: 'a11y-role',
    sessionId: 's-2',
    sessionName: 'sso',
    roles: [
      {
        roleArn: 'arn:aws:iam::123456789012:role/A',
        principalArn: 'arn:aws:iam::123456789012:saml-provider/idp',
      },
      {
        roleArn: 'arn:aws:iam::123456789012:role/B',
        principalArn: 'arn:aws:iam::123456789012:saml-provider/idp',
      },
    ],
  });
  await expect(page.getByTestId('role-picker')).toBeVisible();
  await expectNoSeriousViolations(page, 'role picker');
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'Profiles' }).click();
  await expect(page.getByRole('heading', { name: 'Profiles' })).toBeVisible();
  await expectNoSeriousViolations(page, 'profiles');
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeVisible();
  await expectNoSeriousViolations(page, 'settings');

  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByRole('tab', { name: 'Sessions' }).click();
    await expectNoSeriousViolations(page, `sessions (${scheme})`);
  }
  if (harnessCan(app, 'cspViolations')) expect(await app.cspViolations()).toEqual([]);
});

test('the Integrations section, its add and edit forms with errors and the device-code modal have no serious or critical axe violations, in both schemes', async ({
  app,
  sts,
}) => {
  const { page, core } = app;
  const { startUrl, region } = sts.identityCenter.seed;
  await core.identityCenter.add({ name: 'corp', startUrl, region });
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.getByTestId('integration')).toBeVisible();
  await expectNoSeriousViolations(page, 'integrations');

  const opener = page.getByRole('button', { name: 'Add integration' });
  await opener.click();
  const form = page.getByTestId('integration-form');
  await expect(form.getByLabel('Name')).toBeFocused();
  await form.getByRole('button', { name: 'Add integration' }).click();
  await expect(form.getByText('Start URL must be an https URL')).toBeVisible();
  await expectNoSeriousViolations(page, 'add integration form with errors');
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(opener).toBeFocused();

  // The edit form: prefilled, with errors and the warning that a new region ends the sign-in.
  const editor = page.getByRole('button', { name: 'Edit corp' });
  await editor.focus();
  await page.keyboard.press('Enter');
  await expect(form.getByLabel('Start URL')).toBeFocused();
  await form.getByLabel('Region').fill('nowhere');
  await form.getByLabel('Session template').fill('{nope}');
  await form.getByRole('button', { name: 'Save and sign out' }).click();
  await expect(form.getByText('Session template may use only', { exact: false })).toBeVisible();
  await expect(form.getByTestId('ends-sign-in')).toBeVisible();
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoSeriousViolations(page, `edit integration form with errors (${scheme})`);
  }
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(editor).toBeFocused();

  core.events.emit('prompt:sso-login', {
    requestId: 'a11y-device',
    integrationName: 'corp',
    method: 'device-code',
    userCode: 'WDJB-MJHT',
    verificationUri: 'https://device.sso.eu-west-1.amazonaws.com/',
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
  });
  const modal = page.getByTestId('device-code-modal');
  await expect(modal).toBeVisible();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    await expect(modal.locator(':focus')).toHaveCount(1);
  }
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoSeriousViolations(page, `device-code modal (${scheme})`);
  }
  await page.keyboard.press('Escape');
  await expect(modal).toBeHidden();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoSeriousViolations(page, 'integrations (dark)');
  if (harnessCan(app, 'cspViolations')) expect(await app.cspViolations()).toEqual([]);
});

test('dialogs trap focus and close on Escape, returning focus to the opener; tabs work by arrow keys', async ({
  app,
}) => {
  const { page } = app;
  const opener = page.getByRole('button', { name: 'Add your first session' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const form = page.getByTestId('session-form');
  await expect(form.getByLabel('Kind')).toBeFocused();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    await expect(form.locator(':focus')).toHaveCount(1);
  }
  await page.keyboard.press('Shift+Tab');
  await expect(form.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(opener).toBeFocused();

  await page.getByRole('tab', { name: 'Sessions' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Profiles' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Profiles' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Settings' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await page.getByRole('checkbox', { name: /Keep sessions/ }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  expect((await app.core.settings.get()).keepSessionsOnQuit).toBe(true);
});

test('a frame that is not the app page gets UNTRUSTED_SENDER from the router', async ({ app }) => {
  const { page } = app;
  await page.locator('body').evaluate((body) => {
    const frame = body.ownerDocument.createElement('iframe');
    frame.srcdoc = '<p>not the app</p>';
    frame.title = 'probe';
    body.append(frame);
  });
  await expect.poll(() => page.frames().some((f) => f.url() === 'about:srcdoc')).toBe(true);
  const probe = page.frames().find((f) => f.url() === 'about:srcdoc');
  type Bridge = {
    airlock: { invoke(c: string): Promise<{ ok: boolean; error?: { code: string } }> };
  };
  // The bridge exists in every frame, as a preload would; the sender check is what stops it.
  const fromProbe = await probe?.evaluate(() =>
    (globalThis as unknown as Bridge).airlock.invoke('settings:get'),
  );
  expect(fromProbe).toEqual({
    ok: false,
    error: expect.objectContaining({ code: 'UNTRUSTED_SENDER' }),
  });
  const fromApp = await page.evaluate(() =>
    (globalThis as unknown as Bridge).airlock.invoke('settings:get'),
  );
  expect(fromApp.ok).toBe(true);
});
