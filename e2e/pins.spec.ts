// Pins, colours and tags (issue 12): a pinned session comes first and stays first after a reload,
// the colour marks its row, tags are set in the form and found by the search; axe light and dark.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { field, reloadApp, row } from './app-driver';
import { expectNoSeriousViolations } from './axe-check';
import { seedSessions, seededSession } from './seed';

const first = (page: Page) =>
  page.locator('[data-testid="session-row"][aria-posinset="1"] .session-name');

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a pinned session comes first, its colour marks the row and its tags are searchable (${colorScheme})`, async ({
    launch,
  }) => {
    const app = await launch({ colorScheme });
    const { page, core } = app;
    await seedSessions(core, 8);
    await reloadApp(page);
    await expect(page.getByTestId('session-count')).toHaveText('8 sessions');
    const last = seededSession(7).name;
    await expect(first(page)).not.toHaveText(last);

    // Pin by keyboard: the toggle says its state, and the row moves to the top.
    const pin = page.getByRole('button', { name: `Pin ${last}`, exact: true });
    await expect(pin).toHaveAttribute('aria-pressed', 'false');
    await pin.focus();
    await page.keyboard.press('Space');
    await expect(pin).toHaveAttribute('aria-pressed', 'true');
    await expect(first(page)).toHaveText(last);
    expect(core.sessions.get(last).marks).toEqual({ pinned: true });

    // Colour and tags in the form; a tag that does not fit is explained and kept.
    await page.getByRole('button', { name: `Edit ${last}`, exact: true }).click();
    const form = page.getByTestId('session-form');
    await field(form, 'Colour').selectOption('teal');
    await field(form, 'Tags').fill(`prod, ${'x'.repeat(33)}`);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByText('must be at most 32 characters')).toBeVisible();
    await expect(field(form, 'Tags')).toBeFocused();
    await expect(field(form, 'Tags')).toHaveValue(`prod, ${'x'.repeat(33)}`);
    await expectNoSeriousViolations(page, `form marks with an error (${colorScheme})`);
    await field(form, 'Tags').fill('prod, team a');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form).toBeHidden();

    const marked = row(page, last);
    await expect(marked).toHaveClass(/mark-teal/);
    await expect(marked.locator('.session-tag')).toHaveText(['prod', 'team a']);
    await expect(marked).toContainText('Colour Teal');
    expect(core.sessions.get(last).marks).toEqual({
      pinned: true,
      color: 'teal',
      tags: ['prod', 'team a'],
    });
    await expectNoSeriousViolations(page, `sessions with a pinned, coloured row (${colorScheme})`);

    await page.getByTestId('session-search').fill('team a');
    await expect(page.getByTestId('session-count')).toHaveText('1 of 8 sessions match');
    await expect(first(page)).toHaveText(last);
    await page.getByTestId('session-search').fill('');

    // Stored: a reload keeps it first; unpinning puts it back in name order.
    await reloadApp(page);
    await expect(first(page)).toHaveText(last);
    await page.getByRole('button', { name: `Pin ${last}`, exact: true }).click();
    await expect(first(page)).not.toHaveText(last);
    expect(core.sessions.get(last).marks).toEqual({ color: 'teal', tags: ['prod', 'team a'] });
  });
}

test('a session added with a pin, a colour and tags has them at once', async ({ app, sts }) => {
  const { page } = app;
  await page
    .getByRole('button', { name: /^Add (session|your first session)$/ })
    .first()
    .click();
  const form = page.getByTestId('session-form');
  await field(form, 'Kind').selectOption('iam-user');
  await field(form, 'Name').fill('fresh');
  await field(form, 'Profile').fill('fresh');
  await field(form, 'Access key ID').fill(sts.seed.user.accessKeyId);
  await field(form, 'Secret access key').fill(sts.seed.user.secretAccessKey);
  await form.getByLabel('Pinned (listed first)').check();
  await field(form, 'Colour').selectOption('purple');
  await field(form, 'Tags').fill('sandbox');
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form).toBeHidden();
  await expect(row(page, 'fresh')).toHaveClass(/mark-purple/);
  await expect(page.getByRole('button', { name: 'Pin fresh', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  expect(app.core.sessions.get('fresh').marks).toEqual({
    pinned: true,
    color: 'purple',
    tags: ['sandbox'],
  });
});
