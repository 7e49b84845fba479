// What a person does in the UI, as functions the specs share: add a session, start it, answer MFA.
import { expect, type Locator, type Page } from '@playwright/test';
import { waitInteractive } from './harness';

/**
 * Reloads the app and waits until its root committed: the document arrives with the first rows
 * server-rendered, and they (and the window's keys) are live only after hydration.
 */
export async function reloadApp(page: Page): Promise<void> {
  await page.reload();
  await waitInteractive(page);
}

export function row(page: Page, name: string): Locator {
  return page
    .getByTestId('session-row')
    .filter({ has: page.locator('.session-name', { hasText: new RegExp(`^${name}$`) }) });
}

/** A form control by its label's text, ignoring the required marker " *". */
export function field(scope: Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

export async function openAddForm(page: Page): Promise<Locator> {
  await page
    .getByRole('button', { name: /^Add (session|your first session)$/ })
    .first()
    .click();
  const form = page.getByTestId('session-form');
  await expect(form).toBeVisible();
  return form;
}

export interface IamUserInput {
  name: string;
  profile: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial?: string;
  region?: string;
}

export async function addIamUser(page: Page, input: IamUserInput): Promise<void> {
  const form = await openAddForm(page);
  await field(form, 'Kind').selectOption('iam-user');
  await field(form, 'Name').fill(input.name);
  await field(form, 'Profile').fill(input.profile);
  if (input.region) await field(form, 'Region').fill(input.region);
  await field(form, 'Access key ID').fill(input.accessKeyId);
  await field(form, 'Secret access key').fill(input.secretAccessKey);
  if (input.mfaSerial) await field(form, 'MFA device ARN').fill(input.mfaSerial);
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form).toBeHidden();
  await expect(row(page, input.name)).toBeVisible();
}

export async function addSession(
  page: Page,
  kind: 'iam-role' | 'saml',
  fields: Record<string, string>,
  /** The parent's option text: "name (profile)". */
  parentLabel?: string,
): Promise<void> {
  const form = await openAddForm(page);
  await field(form, 'Kind').selectOption(kind);
  if (parentLabel) await field(form, 'Parent session').selectOption({ label: parentLabel });
  for (const [label, value] of Object.entries(fields)) {
    await field(form, label).fill(value);
  }
  await form.getByRole('button', { name: 'Add session' }).click();
  await expect(form).toBeHidden();
}

export async function clickStart(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Start ${name}`, exact: true }).click();
}

export async function answerMfa(page: Page, code: string): Promise<Locator> {
  const modal = page.getByTestId('mfa-modal');
  await expect(modal).toBeVisible();
  await modal.getByLabel('MFA code').fill(code);
  await modal.getByRole('button', { name: 'Verify' }).click();
  return modal;
}

export async function expectStatus(
  page: Page,
  name: string,
  status: RegExp | string,
): Promise<void> {
  await expect(row(page, name).locator('.badge')).toHaveText(status, { timeout: 30_000 });
}
