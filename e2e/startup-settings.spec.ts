// Settings → Startup: the launch-at-login and start-hidden checkboxes, by keyboard alone, saved into
// the real core's store; the Linux note (Chromium here runs on Linux); axe in light and dark.
import { test, expect } from './fixtures';
import { expectNoSeriousViolations } from './axe-check';

test('launch at login and start hidden are labelled checkboxes, saved by keyboard, with the Linux note', async ({
  app,
}) => {
  const { page, core } = app;
  expect(await core.settings.get()).toMatchObject({ launchAtLogin: false, startHidden: false });
  await page.getByRole('tab', { name: 'Settings' }).click();
  const launch = page.getByRole('checkbox', { name: 'Start Airlock when I log in' });
  const hidden = page.getByRole('checkbox', { name: 'Start hidden, in the tray only' });
  await expect(launch).not.toBeChecked();
  await expect(hidden).not.toBeChecked();
  // The note is the checkbox's description, so a screen reader reads it with the checkbox.
  await expect(launch).toHaveAccessibleDescription(/Not supported on Linux.*autostart.*--hidden/);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectNoSeriousViolations(page, `settings startup (${scheme})`);
  }

  await launch.focus();
  await page.keyboard.press('Space');
  await expect(launch).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(hidden).toBeFocused();
  await page.keyboard.press('Space');
  await expect(hidden).toBeChecked();
  await page.getByRole('button', { name: 'Save settings' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  expect(await core.settings.get()).toMatchObject({ launchAtLogin: true, startHidden: true });

  // Unchecking one keeps the other.
  await launch.focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  expect(await core.settings.get()).toMatchObject({ launchAtLogin: false, startHidden: true });
});
