// npm run screenshots: renders the built renderer with canned data (e2e/fake-airlock.ts) in
// Chromium and writes docs/screenshots/*.png, plus the tray menu drawn from its template.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildTrayState, trayIconFile, type TrayState } from '../src/main/shell/tray-menu';
import type { IntegrationView } from '../src/shared/identity-center';
import type { ProfileView, SessionView } from '../src/shared/sessions';
import { APP_URL, RENDERER_DIR, launchChromium, serveRenderer } from '../e2e/browser';
import { emitFake, installFakeAirlock, makeSessions } from '../e2e/fake-airlock';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'docs', 'screenshots');
const VIEWPORT = { width: 1040, height: 640 };
const NOW = Date.now();

function profilesOf(sessions: SessionView[]): ProfileView[] {
  const rows: ProfileView[] = sessions
    .filter((s) => s.state.status === 'active')
    .map((s) => ({
      name: s.profile,
      owner: 'airlock',
      sessionId: s.id,
      sessionName: s.name,
      inCredentials: true,
      inConfig: Boolean(s.region),
    }));
  const first = sessions[0];
  if (first) {
    rows.unshift({
      name: 'default',
      owner: 'airlock',
      sessionId: first.id,
      sessionName: first.name,
      inCredentials: true,
      inConfig: true,
    });
  }
  rows.push({ name: 'ci-bot', owner: 'user', inCredentials: true, inConfig: false });
  rows.push({ name: 'personal', owner: 'user', inCredentials: true, inConfig: true });
  return rows;
}

/** Signed in, signed in long ago and expired, and never signed in. */
const INTEGRATIONS: IntegrationView[] = [
  {
    name: 'corp',
    startUrl: 'https://d-90670ca891.awsapps.com/start',
    region: 'eu-west-1',
    scopes: ['sso:account:access'],
    loginState: 'logged-in',
    tokenExpiresAt: new Date(NOW + 7 * 3600_000 + 59 * 60_000).toISOString(),
    sessions: 42,
  },
  {
    name: 'acquired',
    startUrl: 'https://d-9267a1b2c3.awsapps.com/start',
    region: 'us-east-1',
    scopes: ['sso:account:access'],
    syncTemplates: { name: 'acq-{accountName}-{roleName}' },
    loginState: 'expired',
    tokenExpiresAt: new Date(NOW - 2 * 3600_000).toISOString(),
    sessions: 9,
  },
  {
    name: 'lab',
    startUrl: 'https://d-906712ab34.awsapps.com/start',
    region: 'eu-central-1',
    scopes: ['sso:account:access'],
    loginState: 'logged-out',
    sessions: 0,
  },
];

/** Settings scrolled to the Integrations section. */
async function showIntegrations(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Settings' }).click();
  const heading = page.getByRole('heading', { name: 'Identity Center integrations' });
  await heading.waitFor();
  await page.getByTestId('integration').first().waitFor();
  await heading.evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

async function integrationShots(browser: Browser, sessions: SessionView[]): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await appPage(browser, sessions, scheme);
    await page.setViewportSize({ width: VIEWPORT.width, height: 760 });
    await showIntegrations(page);
    await emitFake(page, 'notification', {
      level: 'warning',
      integration: 'acquired',
      message: 'Identity Center login for acquired has expired: run `airlock sso login acquired`',
    });
    await page.getByTestId('toast').waitFor();
    await shot(page, `integrations-${scheme}.png`);
    await page.context().close();
  }

  const page = await appPage(browser, sessions, 'light');
  await page.setViewportSize({ width: VIEWPORT.width, height: 860 });
  await showIntegrations(page);
  await page.getByRole('button', { name: 'Edit corp' }).click();
  const form = page.getByTestId('integration-form');
  await form.getByLabel('Region').fill('eu-central-1');
  await form.getByLabel('Session template').fill('corp-{accountName}-{roleName}');
  await form.getByTestId('ends-sign-in').waitFor();
  await shot(page, 'integration-edit.png');
  await page.keyboard.press('Escape');

  await emitFake(page, 'prompt:sso-login', {
    requestId: 'shot-device',
    integrationName: 'lab',
    method: 'device-code',
    userCode: 'WDJB-MJHT',
    verificationUri: 'https://device.sso.eu-central-1.amazonaws.com/',
    verificationUriComplete: 'https://device.sso.eu-central-1.amazonaws.com/?user_code=WDJB-MJHT',
    expiresAt: new Date(Date.now() + 9 * 60_000 + 30_500).toISOString(),
  });
  await page.getByTestId('device-code-modal').waitFor();
  await shot(page, 'device-code-modal.png');
  await page.context().close();
}

async function appPage(
  browser: Browser,
  sessions: SessionView[],
  scheme: 'light' | 'dark',
): Promise<Page> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    colorScheme: scheme,
    deviceScaleFactor: 1,
  });
  await serveRenderer(context);
  const page = await context.newPage();
  await installFakeAirlock(page, {
    sessions,
    profiles: profilesOf(sessions),
    integrations: INTEGRATIONS,
  });
  await page.goto(APP_URL);
  await page.getByTestId('session-row').first().waitFor();
  return page;
}

async function shot(page: Page, name: string): Promise<void> {
  // Let countdowns and focus rings settle on a whole second.
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(outDir, name) });
  console.log(`wrote docs/screenshots/${name}`);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The tray menu as the OS would draw it, from the same template electron/tray.ts builds. */
function trayHtml(state: TrayState, scheme: 'light' | 'dark'): string {
  const dark = scheme === 'dark';
  const items = state.items
    .map((item) => {
      switch (item.kind) {
        case 'separator':
          return '<div class="sep"></div>';
        case 'header':
          return `<div class="item disabled">${escapeHtml(item.label)}</div>`;
        case 'session':
          return `<div class="item${item.enabled ? '' : ' disabled'}"><span class="check">${item.checked ? '✓' : ''}</span><span class="label">${escapeHtml(item.label)}</span><span class="detail">${escapeHtml(item.detail)}${item.items ? ' ▸' : ''}</span></div>`;
        case 'action':
          return `<div class="item"><span class="check"></span><span class="label">${escapeHtml(item.label)}</span></div>`;
      }
    })
    .join('');
  return `<!doctype html><html><head><style>
    body { margin: 0; padding: 24px; font: 13px system-ui, sans-serif; background: ${dark ? '#0f1115' : '#dfe3ea'}; }
    .bar { display: flex; justify-content: flex-end; align-items: center; gap: 8px; height: 26px; padding: 0 10px; background: ${dark ? '#1c1f26' : '#f4f5f7'}; color: ${dark ? '#eee' : '#222'}; border-radius: 6px 6px 0 0; width: 460px; box-sizing: border-box; }
    .bar img { width: 16px; height: 16px; }
    .menu { width: 460px; box-sizing: border-box; padding: 5px 0; background: ${dark ? '#2a2d34' : '#ffffff'}; color: ${dark ? '#eee' : '#1d1d1f'}; border-radius: 0 0 8px 8px; box-shadow: 0 10px 30px rgba(0,0,0,.25); }
    .item { display: flex; gap: 6px; padding: 4px 12px; white-space: nowrap; }
    .item:nth-child(2) { background: ${dark ? '#3b64d9' : '#2f6fed'}; color: #fff; border-radius: 4px; margin: 0 5px; padding: 4px 7px; }
    .item:nth-child(2) .detail { color: #e6ecff; }
    .disabled { color: ${dark ? '#888' : '#8a8a8e'}; }
    .check { width: 14px; flex: none; }
    .label { flex: 1 1 auto; }
    .detail { flex: none; }
    .detail { color: ${dark ? '#aaa' : '#6e6e73'}; }
    .sep { height: 1px; margin: 5px 12px; background: ${dark ? '#444' : '#e3e3e6'}; }
  </style></head><body><div class="bar"><span>${escapeHtml(state.tooltip)}</span><img src="ICON"></div><div class="menu">${items}</div></body></html>`;
}

async function main(): Promise<void> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  }
  await mkdir(outDir, { recursive: true });
  const sessions = makeSessions(14, NOW);
  const browser = await launchChromium();
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await appPage(browser, sessions, scheme);
      await shot(page, `sessions-${scheme}.png`);
      await page.context().close();
    }

    const page = await appPage(browser, sessions, 'light');
    await page.setViewportSize({ width: VIEWPORT.width, height: 860 });
    await page.getByRole('button', { name: 'Add session' }).click();
    const form = page.getByTestId('session-form');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('bob');
    await form.getByRole('textbox', { name: 'Profile' }).fill('bob-dev');
    await form.getByRole('textbox', { name: 'Region' }).fill('eu-central-1');
    await form.getByRole('textbox', { name: 'Access key ID' }).fill('AKIA1234');
    await form.getByLabel(/^Secret access key/).fill('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    await form
      .getByRole('textbox', { name: 'MFA device ARN' })
      .fill('arn:aws:iam::111122223333:mfa/bob');
    await form.getByRole('button', { name: 'Add session' }).click();
    await form.getByText('Access key ID must look like').waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).focus();
    await shot(page, 'add-session.png');
    await page.keyboard.press('Escape');
    await page.setViewportSize(VIEWPORT);

    await emitFake(page, 'prompt:mfa', {
      requestId: 'shot',
      sessionId: 's0',
      sessionName: 'alice',
      deviceArn: 'arn:aws:iam::111122223333:mfa/alice',
    });
    await page.getByTestId('mfa-modal').getByLabel('MFA code').fill('4821');
    await shot(page, 'mfa-modal.png');
    await page.keyboard.press('Escape');

    await emitFake(page, 'prompt:role', {
      requestId: 'shot-role',
      sessionId: 's13',
      sessionName: 'okta-prod',
      roles: [
        {
          roleArn: 'arn:aws:iam::111122223333:role/Engineer',
          principalArn: 'arn:aws:iam::111122223333:saml-provider/Okta',
        },
        {
          roleArn: 'arn:aws:iam::444455556666:role/ReadOnly',
          principalArn: 'arn:aws:iam::444455556666:saml-provider/Okta',
        },
      ],
    });
    // The prompts are lazy chunks: wait for the picker before the shot and the Escape.
    await page.getByTestId('role-picker').waitFor();
    await shot(page, 'role-picker.png');
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: 'Profiles' }).click();
    await page.getByRole('table').waitFor();
    await shot(page, 'profiles.png');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Save settings' }).waitFor();
    await shot(page, 'settings.png');
    await page.context().close();

    await integrationShots(browser, sessions);

    const tray = buildTrayState(sessions);
    for (const scheme of ['light', 'dark'] as const) {
      const icon = join(
        root,
        'assets',
        'tray',
        trayIconFile(tray.icon, 'linux', scheme === 'dark').replace('.png', '@2x.png'),
      );
      const { readFile } = await import('node:fs/promises');
      const data = `data:image/png;base64,${(await readFile(icon)).toString('base64')}`;
      const trayPage = await browser.newPage({ viewport: { width: 508, height: 420 } });
      await trayPage.setContent(trayHtml(tray, scheme).replace('ICON', data));
      const height = await trayPage.evaluate('document.body.scrollHeight');
      await trayPage.setViewportSize({ width: 508, height: Number(height) });
      await trayPage.screenshot({ path: join(outDir, `tray-menu-${scheme}.png`) });
      console.log(`wrote docs/screenshots/tray-menu-${scheme}.png`);
      await trayPage.close();
    }
  } finally {
    await browser.close();
  }
}

await main();
