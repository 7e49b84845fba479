// 5,000 sessions: the list renders (virtualized) and the search filter answers.
import { test, expect, harnessCan } from './fixtures';
import { reloadApp, row } from './app-driver';
import { seedSessions, seededSession } from './seed';

test('5,000 sessions render as a virtual list and the filter narrows them', async ({ app }) => {
  const { page, core } = app;
  await seedSessions(core, 5000);
  await reloadApp(page);
  await expect(page.getByTestId('session-count')).toHaveText('5000 sessions');
  await expect(page.getByTestId('session-row').first()).toBeVisible();
  // Only the visible window of rows is in the DOM.
  const rendered = await page.getByTestId('session-row').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(60);

  const search = page.getByRole('searchbox', { name: 'Search sessions' });
  const target = seededSession(4703).name;
  await search.fill(target);
  await expect(page.getByTestId('session-count')).toHaveText('1 of 5000 sessions match');
  await expect(row(page, target)).toBeVisible();

  // Terms match across fields: an account id and a role name.
  await search.fill(`${seededSession(1).account} readonly`);
  await expect(page.getByTestId('session-count')).toHaveText(/^\d+ of 5000 sessions match$/);
  const names = await page.locator('.session-name').allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name).toContain('readonly');

  await search.fill('');
  await expect(page.getByTestId('session-count')).toHaveText('5000 sessions');
  // Scrolling to the end brings the last rows in.
  await page.getByTestId('session-list').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByTestId('session-row').last()).toBeVisible();
  // The rows are placed with inline transforms set through the CSSOM, which style-src 'self' allows.
  if (harnessCan(app, 'cspViolations')) expect(await app.cspViolations()).toEqual([]);
});
