// Groups and saved filters (issue 12): the list grouped by account with header counts, groups that
// collapse and expand by keyboard with pinned sessions first in each; a filter saved as a segment
// (a bad or taken name explained at the field and kept), kept across a reload, applied from the
// sidebar, renamed and removed; axe clean in light and dark.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { field, reloadApp, row } from './app-driver';
import { expectNoSeriousViolations } from './axe-check';
import type { Core } from '../src/main/create-core';
import type { StoredSession } from '../src/main/store/session-store';

const ROLES: [name: string, account: string, tags: string[]][] = [
  ['alpha-admin', '111111111111', ['prod']],
  ['alpha-read', '111111111111', []],
  ['beta-deploy', '222222222222', ['prod', 'team b']],
  ['beta-read', '222222222222', []],
  ['gamma-one', '333333333333', []],
];

/** An active iam-user (real STS) and five roles chained from it in three accounts. */
async function seed(core: Core, keys: { accessKeyId: string; secretAccessKey: string }) {
  const user = await core.sessions.add({
    config: { kind: 'iam-user', name: 'ops-user', profile: 'ops-user' },
    keys,
    marks: { tags: ['prod'] },
  });
  await core.sessions.start(user.id);
  const createdAt = new Date().toISOString();
  await core.store.update((data) => {
    for (const [name, account, tags] of ROLES) {
      const session: StoredSession = {
        id: `r-${name}`,
        config: {
          kind: 'iam-role',
          name,
          profile: name,
          parentId: user.id,
          roleArn: `arn:aws:iam::${account}:role/Admin`,
        },
        ...(tags.length ? { marks: { tags } } : {}),
        state: { status: 'inactive' },
        profiles: [],
        createdAt,
      };
      data.sessions[session.id] = session;
    }
  });
  await core.sessions.setMarks('beta-read', { pinned: true });
  expect(core.sessions.get('ops-user').state.status).toBe('active');
}

const header = (page: Page, name: string) =>
  page.getByRole('button', { name: new RegExp(`^${name} \\d+ sessions?, \\d+ active$`) });
const names = (page: Page) => page.locator('[data-testid="session-row"] .session-name');

for (const colorScheme of ['light', 'dark'] as const) {
  test(`groups by account collapse by keyboard; a saved filter survives a reload and narrows the list (${colorScheme})`, async ({
    launch,
    sts,
  }) => {
    const app = await launch({ colorScheme });
    const { page, core } = app;
    await seed(core, sts.seed.user);
    await reloadApp(page);
    await expect(page.getByTestId('session-count')).toHaveText('6 sessions');

    // Group by account: one header per account with its count and active count, in id order; the
    // iam-user (whose account the list does not know) under "No account", last.
    await page.getByTestId('group-by').selectOption('account');
    await expect(page.getByTestId('group-header').locator('.group-name')).toHaveText([
      '111111111111',
      '222222222222',
      '333333333333',
      'No account',
    ]);
    await expect(header(page, '111111111111')).toHaveAccessibleName(
      '111111111111 2 sessions, 0 active',
    );
    await expect(header(page, 'No account')).toHaveAccessibleName('No account 1 session, 1 active');
    // Pinned first within its group.
    await expect(names(page)).toContainText(['beta-read', 'beta-deploy']);
    const order = await names(page).allTextContents();
    expect(order.indexOf('beta-read')).toBeLessThan(order.indexOf('beta-deploy'));
    await expectNoSeriousViolations(page, `sessions grouped by account (${colorScheme})`);

    // Keyboard: Left collapses, Down moves to the next header, Enter toggles, Right expands.
    const alpha = header(page, '111111111111');
    await alpha.focus();
    await expect(alpha).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowLeft');
    await expect(alpha).toHaveAttribute('aria-expanded', 'false');
    await expect(row(page, 'alpha-admin')).toHaveCount(0);
    await expect(alpha).toBeFocused();
    await expect(alpha).toHaveAccessibleName('111111111111 2 sessions, 0 active');
    await page.keyboard.press('ArrowDown');
    const beta = header(page, '222222222222');
    await expect(beta).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(beta).toHaveAttribute('aria-expanded', 'false');
    await expect(row(page, 'beta-read')).toHaveCount(0);
    await page.keyboard.press('ArrowUp');
    await expect(alpha).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(alpha).toHaveAttribute('aria-expanded', 'true');
    await expect(row(page, 'alpha-admin')).toHaveCount(1);
    // Tab goes on from the header into its first row, as through the list.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Pin alpha-admin', exact: true })).toBeFocused();
    await expectNoSeriousViolations(page, `a collapsed group (${colorScheme})`);

    // By tag, a session with two tags is under each; a new grouping starts expanded.
    await page.getByTestId('group-by').selectOption('tag');
    await expect(page.getByTestId('group-header').locator('.group-name')).toHaveText([
      'prod',
      'team b',
      'No tags',
    ]);
    await expect(header(page, 'prod')).toHaveAccessibleName('prod 3 sessions, 1 active');
    await expect(header(page, 'team b')).toHaveAccessibleName('team b 1 session, 0 active');
    await expect(row(page, 'beta-deploy')).toHaveCount(2);
    await page.getByTestId('group-by').selectOption('account');
    await expect(header(page, '111111111111')).toHaveAttribute('aria-expanded', 'true');

    // Filter by tag and kind, then save it: a missing and a taken name are said at the field.
    await page.getByTestId('filter-tag').selectOption('prod');
    await page.getByTestId('filter-kind').selectOption('iam-role');
    await expect(page.getByTestId('session-count')).toHaveText('2 of 6 sessions match');
    const sidebar = page.getByRole('navigation', { name: 'Saved filters' });
    await sidebar.getByRole('button', { name: 'Save current filter…' }).click();
    const dialog = page.getByTestId('segment-dialog');
    await expect(dialog).toContainText('IAM role (chained) · tag prod · by Account');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText('is required')).toBeVisible();
    await expect(field(dialog, 'Name')).toBeFocused();
    await field(dialog, 'Name').fill('Prod roles');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(sidebar.getByRole('button', { name: 'Prod roles', exact: true })).toHaveAttribute(
      'aria-current',
      'true',
    );
    await sidebar.getByRole('button', { name: 'Save current filter…' }).click();
    await field(dialog, 'Name').fill('PROD roles');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText('is taken by the saved filter “Prod roles”')).toBeVisible();
    await expect(field(dialog, 'Name')).toHaveValue('PROD roles');
    await expect(field(dialog, 'Name')).toBeFocused();
    await expectNoSeriousViolations(page, `the save-filter dialog with an error (${colorScheme})`);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(core.segments.list()).toEqual([
      { name: 'Prod roles', filter: { kind: 'iam-role', tag: 'prod' }, grouping: 'account' },
    ]);

    // A reload starts on all sessions; the segment is still there and applying it narrows the list.
    await reloadApp(page);
    await expect(page.getByTestId('session-count')).toHaveText('6 sessions');
    const saved = sidebar.getByRole('button', { name: 'Prod roles', exact: true });
    await saved.click();
    await expect(saved).toHaveAttribute('aria-current', 'true');
    await expect(page.getByTestId('session-count')).toHaveText('2 of 6 sessions match');
    await expect(names(page)).toHaveText(['alpha-admin', 'beta-deploy']);
    await expect(page.getByTestId('group-header').locator('.group-name')).toHaveText([
      '111111111111',
      '222222222222',
    ]);
    await expect(page.getByTestId('filter-tag')).toHaveValue('prod');
    await expectNoSeriousViolations(page, `a saved filter applied (${colorScheme})`);

    // Rename keeps the filter; removal asks first; "All sessions" shows everything again.
    await sidebar.getByRole('button', { name: 'Rename Prod roles' }).click();
    await field(dialog, 'Name').fill('Prod');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect(dialog).toBeHidden();
    await expect(sidebar.getByRole('button', { name: 'Prod', exact: true })).toHaveAttribute(
      'aria-current',
      'true',
    );
    expect(core.segments.list().map((s) => s.name)).toEqual(['Prod']);
    await sidebar.getByRole('button', { name: 'All sessions' }).click();
    await expect(page.getByTestId('session-count')).toHaveText('6 sessions');
    await expect(page.getByTestId('group-header')).toHaveCount(0);
    await sidebar.getByRole('button', { name: 'Remove Prod' }).click();
    const confirm = page.getByTestId('confirm-remove-segment');
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect(confirm).toBeHidden();
    await expect(sidebar.getByTestId('segment')).toHaveCount(0);
    expect(core.segments.list()).toEqual([]);
  });
}
