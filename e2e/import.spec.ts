// The import view: the plan of the AWS files with a checkbox per profile, then apply.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runAwsCli } from '../test-support/aws-cli';
import { test, expect } from './fixtures';

test('the import view shows the plan with a checkbox per profile and imports the checked ones', async ({
  app,
  sts,
}) => {
  const { page } = app;
  const { user, roles } = sts.seed;
  mkdirSync(dirname(app.credentialsFile), { recursive: true });
  writeFileSync(
    app.credentialsFile,
    `[dev]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
    { mode: 0o600 },
  );
  writeFileSync(
    app.configFile,
    `[profile admin]\nrole_arn = ${roles.admin}\nsource_profile = dev\n[profile proc]\ncredential_process = /bin/false\n[profile extra]\nrole_arn = ${roles.readonly}\nsource_profile = dev\n`,
  );

  await page.getByRole('tab', { name: 'Profiles' }).click();
  await page.getByRole('button', { name: 'Import AWS config…' }).click();
  const view = page.getByRole('region', { name: 'Import AWS config' });
  const dev = view.getByRole('checkbox', { name: /dev → iam-user/ });
  const admin = view.getByRole('checkbox', { name: /admin → iam-role \(parent dev\)/ });
  const extra = view.getByRole('checkbox', { name: /extra → iam-role/ });
  const proc = view.getByRole('checkbox', { name: /proc → skip/ });
  await expect(dev).toBeChecked();
  await expect(admin).toBeChecked();
  await expect(proc).toBeDisabled();
  await expect(view.getByText(/credential_process/)).toBeVisible();
  await extra.uncheck();
  await view.getByRole('button', { name: 'Import 2 selected' }).click();
  await expect(view.getByRole('status')).toHaveText('Imported 2 profiles: dev, admin.');

  const names = app.core.sessions.list().map((s) => s.name);
  expect(names.sort()).toEqual(['admin', 'dev']);
  expect(readFileSync(app.credentialsFile, 'utf8')).not.toContain(user.secretAccessKey);
  expect(readFileSync(app.configFile, 'utf8')).toContain('[profile extra]');
  await app.core.sessions.start('admin');
  const env = { AWS_SHARED_CREDENTIALS_FILE: app.credentialsFile, AWS_CONFIG_FILE: app.configFile };
  const roleArn = await runAwsCli(['configure', 'get', 'role_arn', '--profile', 'admin'], {
    endpoint: sts.endpoint,
    home: app.home,
    env,
  });
  expect(roleArn.stdout).toBe('');
  const who = await runAwsCli(['sts', 'get-caller-identity', '--profile', 'admin'], {
    endpoint: sts.endpoint,
    home: app.home,
    env,
  });
  expect(who.code, who.stderr).toBe(0);
  expect((JSON.parse(who.stdout) as { Arn: string }).Arn).toMatch(/:assumed-role\//);
});
